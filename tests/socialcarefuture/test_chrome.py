"""The menus and footer (socialcarefuture/chrome.py) are read once and kept,
and any change that shows in them is shown on the very next page."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialcarefuture.models import SiteSettings
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_with_menus(home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    contact = StandardPageFactory(parent=home_page, title="Contact us", slug="contact")
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.main_menu = json.dumps(
        [
            {"type": "link", "value": {"page": about.pk, "label": "About"}},
            {"type": "link", "value": {"page": contact.pk, "label": ""}},
        ]
    )
    site_settings.footer_menu = json.dumps([{"type": "link", "value": {"page": contact.pk, "label": ""}}])
    site_settings.contact_email = "hello@example.org"
    site_settings.footer_text = "<p>Hosted by a charity.</p>"
    site_settings.save()
    return about, contact, site_settings


def main_menu(response):
    nav = BeautifulSoup(response.content, "html.parser").find("nav", id="main-nav")
    return [(a.get_text(strip=True), a["href"], a.get("aria-current")) for a in nav.find_all("a")]


def test_the_menus_are_read_once_then_kept(site_with_menus, client):
    client.get("/about/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/contact/")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "sitesettings" not in sql
    # The menu still marks the page being read, which is worked out per request.
    assert main_menu(response) == [("About", "/about/", None), ("Contact us", "/contact/", "page")]
    footer = BeautifulSoup(response.content, "html.parser").find("footer")
    assert "hello@example.org" in footer.get_text()
    assert "Hosted by a charity." in footer.get_text()


def test_saving_the_settings_shows_on_the_next_page(site_with_menus, client):
    about, contact, site_settings = site_with_menus
    client.get("/about/")
    site_settings.main_menu = json.dumps(
        [{"type": "link", "value": {"page": contact.pk, "label": "Talk to us"}}]
    )
    site_settings.contact_email = "new@example.org"
    site_settings.save()
    response = client.get("/about/")
    assert main_menu(response) == [("Talk to us", "/contact/", None)]
    assert "new@example.org" in response.content.decode()


def test_a_page_renamed_or_unpublished_changes_the_menu_at_once(site_with_menus, client):
    about, contact, _ = site_with_menus
    client.get("/about/")
    contact.title = "Get in touch"
    contact.save_revision().publish()
    assert main_menu(client.get("/about/"))[1] == ("Get in touch", "/contact/", None)
    contact.unpublish()
    assert [label for label, _, _ in main_menu(client.get("/about/"))] == ["About"]
