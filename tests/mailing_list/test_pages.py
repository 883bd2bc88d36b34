"""The mailing-list pages share the site's accessibility basics; the vision page
ends with one invitation to join; the privacy notice says what is kept and for how long."""

import pytest
from bs4 import BeautifulSoup

from socialcarefuture.mailing_list.models import CONSENT, Subscriber
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


PAGES = {
    # name: (path, status); a token path's "{confirm}" or "{manage}" is filled in below.
    "sign-up": ("/mailing-list/", 200),
    "check-your-inbox": ("/mailing-list/check-your-inbox/", 200),
    "confirmed": ("/mailing-list/confirmed/", 200),
    "unsubscribed": ("/mailing-list/unsubscribed/", 200),
    "confirm-link": ("/mailing-list/confirm/{confirm}/", 200),
    "preferences-link": ("/mailing-list/preferences/{manage}/", 200),
    "unsubscribe-link": ("/mailing-list/unsubscribe/{manage}/", 200),
    "broken-link": ("/mailing-list/confirm/not-a-token/", 404),
}


@pytest.mark.parametrize("name", PAGES)
def test_every_mailing_list_page_has_the_basics(client, site, name):
    record = Subscriber.sign_up(email="sam@example.org", consent=CONSENT).record
    template, status = PAGES[name]
    path = template.format(confirm=record.make_token("confirm"), manage=record.make_token("manage"))
    response = client.get(path)
    assert response.status_code == status, path
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "en-GB", path
    assert page.title.get_text(strip=True), path
    assert len(page.select("h1")) == 1, path
    assert page.select_one("a.skip-link")["href"] == "#main", path
    assert page.select_one("main#main"), path
    assert page.select_one("nav.breadcrumbs"), path


def calls_to_action(response):
    """The boxes and forms at the end of a page that ask the reader to do something."""
    page = BeautifulSoup(response.content, "html.parser")
    return page.select(".cta, .footer-signup, .home-signup")


def test_the_vision_page_ends_with_one_invitation_to_join(client, site):
    ends = calls_to_action(client.get("/"))
    assert [end["class"] for end in ends] == [["footer-signup"]]
    assert ends[0].select_one("form")["action"] == "/mailing-list/"


def test_a_page_that_ends_with_its_own_call_to_action_has_no_second_one(client, site):
    call = {
        "heading": "Come to a gathering",
        "text": "Meet people who share the vision.",
        "link": {"page": None, "url": "/gatherings/"},
        "button_text": "Find a gathering",
    }
    ending_with_call = StandardPageFactory(
        parent=site, body=[("paragraph", "<p>Hello.</p>"), ("call_to_action", call)]
    )
    call_in_the_middle = StandardPageFactory(
        parent=site, body=[("call_to_action", call), ("paragraph", "<p>Hello.</p>")]
    )

    ends = calls_to_action(client.get(ending_with_call.url))
    assert [end["class"] for end in ends] == [["cta"]]
    ends = calls_to_action(client.get(call_in_the_middle.url))
    assert [end["class"] for end in ends] == [["cta"], ["footer-signup"]]


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
