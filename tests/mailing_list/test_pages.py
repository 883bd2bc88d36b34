"""The mailing-list pages share the site's accessibility basics; the vision page
invites people to join; the privacy notice says what is kept and for how long."""

import pytest
from bs4 import BeautifulSoup

from socialcarefuture.mailing_list.models import CONSENT, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_paths(db):
    record = Subscriber.sign_up(email="sam@example.org", consent=CONSENT).record
    manage = record.make_token("manage")
    return [
        f"/mailing-list/confirm/{record.make_token('confirm')}/",
        f"/mailing-list/preferences/{manage}/",
        f"/mailing-list/unsubscribe/{manage}/",
        "/mailing-list/confirm/not-a-token/",
    ]


def test_every_mailing_list_page_has_the_basics(client, site, token_paths):
    paths = [
        "/mailing-list/",
        "/mailing-list/check-your-inbox/",
        "/mailing-list/confirmed/",
        "/mailing-list/unsubscribed/",
        *token_paths,
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        page = BeautifulSoup(response.content, "html.parser")
        assert page.html["lang"] == "en-GB", path
        assert page.title.get_text(strip=True), path
        assert len(page.select("h1")) == 1, path
        assert page.select_one("a.skip-link")["href"] == "#main", path
        assert page.select_one("main#main"), path
        assert page.select_one("nav.breadcrumbs"), path


def test_the_vision_page_invites_people_to_join(client, site):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    band = page.select_one(".home-signup")
    assert band.select_one("h2").get_text(strip=True) == "Be part of the change"
    assert band.select_one("a.button")["href"] == "/mailing-list/"


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(client, demo_site):
    text = BeautifulSoup(client.get("/privacy/").content, "html.parser").get_text(" ", strip=True)
    for phrase in [
        "the exact words you agreed to",
        "Our reason in law is your consent",
        "we delete your details after 14 days",
        "delete your name and your choices",
        "copies of the emails we send for 30 days",
    ]:
        assert phrase in text, phrase
