"""The "check your email" page repeats the address the person typed, to that
person only: never in a URL, never in a cached page, never to another browser."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from socialcarefuture.mailing_list.views import ADDRESS_COOKIE
from tests.mailing_list.helpers import GOOD, post_signup

pytestmark = pytest.mark.django_db

CHECK = "/mailing-list/check-your-inbox/"


def panel_text(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").select_one(".panel").get_text().split())


def test_the_page_repeats_the_address_to_the_person_who_typed_it(
    client, site, django_capture_on_commit_callbacks
):
    response = post_signup(client, django_capture_on_commit_callbacks)
    assert response["Location"] == CHECK  # the address is not in the URL
    cookie = response.cookies[ADDRESS_COOKIE]
    assert cookie["path"] == CHECK and cookie["httponly"] and cookie["max-age"] == 1800

    page = client.get(CHECK)
    assert f"We have sent an email to {GOOD['email']}." in panel_text(page)
    # Never kept by the page cache or a shared cache.
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]


def test_another_browser_does_not_see_the_address(client, site, django_capture_on_commit_callbacks):
    post_signup(client, django_capture_on_commit_callbacks)
    assert GOOD["email"] in panel_text(client.get(CHECK))

    stranger = Client()
    text = panel_text(stranger.get(CHECK))
    assert GOOD["email"] not in text
    assert "We have sent you an email." in text


def test_a_forged_or_altered_cookie_shows_nothing(client, site, django_capture_on_commit_callbacks):
    client.cookies[ADDRESS_COOKIE] = "call-0800-000-000@example.org"
    assert "0800" not in panel_text(client.get(CHECK))

    post_signup(client, django_capture_on_commit_callbacks)
    signed = client.cookies[ADDRESS_COOKIE].value
    client.cookies[ADDRESS_COOKIE] = signed.replace("Sam.Lee", "Someone.Else")
    text = panel_text(client.get(CHECK))
    assert "Someone.Else" not in text and GOOD["email"] not in text


def test_the_address_is_escaped(client, site, django_capture_on_commit_callbacks):
    post_signup(client, django_capture_on_commit_callbacks, email='"<b>x</b>"@example.org')
    page = client.get(CHECK)
    assert b"<b>x</b>" not in page.content
    assert "&lt;b&gt;x&lt;/b&gt;" in page.content.decode()


def test_bad_input_sets_no_cookie(client, site, django_capture_on_commit_callbacks):
    response = post_signup(client, django_capture_on_commit_callbacks, email="not an address")
    assert response.status_code == 200
    assert ADDRESS_COOKIE not in response.cookies


def test_a_bot_gets_the_same_answer_as_a_person(client, site, django_capture_on_commit_callbacks):
    person = post_signup(client, django_capture_on_commit_callbacks)
    bot = post_signup(Client(), django_capture_on_commit_callbacks, website_url="spam")
    assert (bot.status_code, bot["Location"]) == (person.status_code, person["Location"])
    assert ADDRESS_COOKIE in bot.cookies
