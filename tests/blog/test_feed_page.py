"""The feed for people in a browser: a page that says what a feed is and how to
use it, and the feed's own XSL stylesheet, allowed by the site's CSP."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_feed_names_its_stylesheet_and_is_still_rss(client, make_post):
    post = make_post("Living well at home", published="2024-05-01")
    response = client.get("/blog/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    head = response.content.split(b"<rss", 1)[0].decode()
    assert '<?xml-stylesheet href="/static/blog/feed.xsl"' in head and 'type="text/xsl"' in head
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.find("channel/item/title").text == post.title
    # The stylesheet is same-origin, which the site's CSP allows.
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_xsl_is_found_and_explains_feeds():
    # The test client does not serve /static/; the browser test loads it.
    with open(finders.find("blog/feed.xsl"), "rb") as file:
        body = file.read()
    xsl = ET.fromstring(body)
    assert xsl.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    assert b"A feed lets you follow our new posts" in body


def test_the_feed_page_says_what_a_feed_is_and_how_to_use_it(client, make_post):
    make_post("Living well at home", published="2024-05-01")
    blog = BeautifulSoup(client.get("/blog/").content, "html.parser")
    link = blog.select_one(".blog-feed-link a")
    assert link["href"] == "/blog/feed/about/"
    response = client.get(link["href"])
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("h1").get_text(strip=True) == "Follow our blog in a feed reader"
    text = soup.get_text(" ", strip=True)
    assert "A feed lets you get our new posts without visiting this site" in text
    assert "Copy this address and paste it in" in text
    assert soup.select_one(".feed-about__address a").get_text(strip=True) == "http://testserver/blog/feed/"
    assert soup.select_one("link[rel=canonical]")["href"] == "http://testserver/blog/feed/about/"
    assert [a.get_text(strip=True) for a in soup.select(".breadcrumbs a")] == ["Home", "Blog"]
