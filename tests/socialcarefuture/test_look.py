"""The site's look, as served: the icons, the self-hosted fonts (preloaded,
served, licensed) and the header search that sighted people can read."""

import posixpath
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont

pytestmark = pytest.mark.django_db

FONTS = ["fonts/atkinson-hyperlegible-next-400.woff2", "fonts/atkinson-hyperlegible-next-700.woff2"]


def head(client, path="/"):
    return BeautifulSoup(client.get(path).content, "html.parser").head


def static_bytes(client, url):
    """A static file's bytes, found the way collectstatic finds it (the test
    client does not serve /static/; tests/browser/test_look.py loads them)."""
    assert url.startswith(settings.STATIC_URL), url
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, url
    with open(path, "rb") as file:
        return None, file.read()


def test_favicon_ico_is_served_as_an_icon(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert "public" in response["Cache-Control"]


def test_pages_link_the_svg_icon_and_the_apple_touch_icon(client, home_page):
    page_head = head(client)
    svg = page_head.find("link", rel="icon", type="image/svg+xml")
    touch = page_head.find("link", rel="apple-touch-icon")
    _, svg_bytes = static_bytes(client, svg["href"])
    assert b"<svg" in svg_bytes and b"#f97316" in svg_bytes
    _, png = static_bytes(client, touch["href"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == int.from_bytes(png[20:24], "big") == 180


def test_both_weights_are_preloaded_and_served(client, home_page):
    # Both, so the bold headings do not swap in late and shift the page.
    preloads = head(client).find_all("link", rel="preload", attrs={"as": "font"})
    assert [link["href"].split("/")[-1] for link in preloads] == [font.split("/")[-1] for font in FONTS]
    for preload in preloads:
        assert preload["type"] == "font/woff2" and preload.has_attr("crossorigin")
    css = static_bytes(client, head(client).find("link", rel="stylesheet")["href"])[1].decode()
    faces = re.findall(r"@font-face\s*{[^}]*}", css)
    assert len(faces) == 2  # regular and bold, no more
    for face, font in zip(faces, FONTS, strict=True):
        assert "font-display: optional" in face  # no late swap that shifts the page
        url = re.search(r"url\(\"?([^\")]+)", face).group(1)
        assert url.endswith(font.split("/")[-1])
        _, data = static_bytes(client, posixpath.normpath(posixpath.join("/static/css/", url)))
        assert data[:4] == b"wOF2"


@pytest.mark.parametrize("font", FONTS)
def test_fonts_are_subset_but_keep_what_the_site_writes(font):
    path = finders.find(font)
    characters = TTFont(path).getBestCmap()
    for character in "Aa£–—‘’“”•…·é€":
        assert ord(character) in characters, character
    assert len(characters) < 300  # subset: the full family has well over 1,000
    with open(path, "rb") as file:
        assert len(file.read()) < 16_000


def test_the_font_licence_ships_beside_the_fonts():
    licence = finders.find("fonts/OFL.txt")
    with open(licence) as file:
        text = file.read()
    assert "SIL Open Font License" in text and "Atkinson Hyperlegible Next" in text


def test_header_search_says_what_it_is(client, home_page):
    form = BeautifulSoup(client.get("/").content, "html.parser").select_one(".site-search")
    field = form.select_one("input[name=q]")
    assert field["placeholder"] == "Search this site"
    assert form.select_one(f"label[for={field['id']}]").get_text(strip=True) == "Search this site"
