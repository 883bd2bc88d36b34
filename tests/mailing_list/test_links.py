"""Following the links in the emails: confirm, preferences, unsubscribe
(including RFC 8058 one-click), and links that are wrong or too old."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.test import Client

from socialcarefuture.confirmations.models import OutgoingEmail
from socialcarefuture.mailing_list.models import Subscriber
from tests.mailing_list.helpers import last_email, links_in, post_signup, redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_up(client, site, django_capture_on_commit_callbacks):
    """A waiting subscriber and the links from their confirmation email."""
    post_signup(client, django_capture_on_commit_callbacks)
    return Subscriber.objects.get(), links_in(last_email())


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def assert_private(response):
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] == "no-referrer"


# Confirming -----------------------------------------------------------------------------


def test_confirm_link_shows_a_button_and_only_the_post_confirms(
    client, signed_up, django_capture_on_commit_callbacks
):
    subscriber, links = signed_up
    response = client.get(links["confirm"])
    assert response.status_code == 200
    assert_private(response)
    assert "Yes, add me to the list" in text_of(response)
    assert "Sam.Lee@Example.org" in text_of(response)
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"  # a link scanner's GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(links["confirm"])
    assert response.status_code == 303
    assert response["Location"] == "/mailing-list/confirmed/"
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at
    assert subscriber.consents.get().confirmed_at == subscriber.confirmed_at

    welcome = last_email()
    assert welcome.subject == "Welcome to the Social Care Future mailing list"
    assert set(links_in(welcome)) == {"preferences", "unsubscribe"}
    assert client.get("/mailing-list/confirmed/").status_code == 200


def test_following_the_confirm_link_twice_is_harmless(client, signed_up, django_capture_on_commit_callbacks):
    subscriber, links = signed_up
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links["confirm"])
        confirmed_at = Subscriber.objects.get().confirmed_at
        again = client.post(links["confirm"])
    assert redirect(again) == (303, "/mailing-list/confirmed/")
    assert Subscriber.objects.get().confirmed_at == confirmed_at
    assert [m.subject for m in mail.outbox].count("Welcome to the Social Care Future mailing list") == 1
    page = client.get(links["confirm"])
    assert page.status_code == 200
    assert "You are on the list" in text_of(page)


def test_confirm_link_expires_after_seven_days(client, signed_up, monkeypatch):
    subscriber, links = signed_up
    real_time = signing.time.time
    monkeypatch.setattr(
        signing.time, "time", lambda: real_time() + timedelta(days=7, minutes=1).total_seconds()
    )
    response = client.get(links["confirm"])
    assert response.status_code == 410
    assert "This link has expired" in text_of(response)
    assert client.post(links["confirm"]).status_code == 410
    assert Subscriber.objects.get().status == "pending"
    # Unsubscribe links keep working.
    assert client.get(links["unsubscribe"]).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "nonsense",
    ],
)
def test_a_tampered_link_gets_a_clear_page(client, signed_up, mangle):
    subscriber, links = signed_up
    token = links["confirm"].split("/")[-2]
    response = client.get(f"/mailing-list/confirm/{mangle(token)}/")
    assert response.status_code == 404
    assert "This link does not work" in text_of(response)
    assert_private(response)


def test_links_only_work_for_their_own_purpose(client, signed_up):
    subscriber, links = signed_up
    confirm_token = links["confirm"].split("/")[-2]
    unsubscribe_token = links["unsubscribe"].split("/")[-2]
    assert client.get(f"/mailing-list/unsubscribe/{confirm_token}/").status_code == 404
    assert client.get(f"/mailing-list/confirm/{unsubscribe_token}/").status_code == 404
    assert client.post(f"/mailing-list/confirm/{unsubscribe_token}/").status_code == 404
    assert Subscriber.objects.get().status == "pending"


# Unsubscribing -------------------------------------------------------------------------


def test_unsubscribe_page_then_button(client, signed_up):
    subscriber, links = signed_up
    subscriber.confirm()
    response = client.get(links["unsubscribe"])
    assert response.status_code == 200
    assert_private(response)
    assert "Leave the mailing list?" in text_of(response)
    assert Subscriber.objects.get().status == "confirmed"

    response = client.post(links["unsubscribe"], {"confirm": "1"})
    assert response.status_code == 303
    assert response["Location"] == "/mailing-list/unsubscribed/"
    subscriber.refresh_from_db()
    assert subscriber.status == "withdrawn" and subscriber.withdrawn_at
    consent = subscriber.consents.get()
    assert consent.withdrawn_at == subscriber.withdrawn_at and consent.withdrawal_method == "link"
    # Only what stops us emailing them again is kept.
    assert subscriber.name == "" and subscriber.interests == []
    assert "You have left the mailing list" in text_of(client.get("/mailing-list/unsubscribed/"))
    # Following the link again says so, kindly.
    again = client.get(links["unsubscribe"])
    assert again.status_code == 200
    assert "You are not on our mailing list" in text_of(again)


def test_rfc_8058_one_click_post_unsubscribes_without_csrf_or_login(signed_up):
    subscriber, links = signed_up
    subscriber.confirm()
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        links["unsubscribe"],
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200  # no redirect: the mail program is not a browser
    subscriber.refresh_from_db()
    assert subscriber.status == "withdrawn"
    assert subscriber.consents.get().withdrawal_method == "one_click"
    # Doing it again is harmless.
    again = mail_program.post(
        links["unsubscribe"], "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert again.status_code == 200


def test_rfc_8058_also_works_as_multipart(signed_up):
    subscriber, links = signed_up
    response = Client(enforce_csrf_checks=True).post(links["unsubscribe"], {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "withdrawn"


def test_nothing_waiting_in_the_outbox_is_sent_after_unsubscribing(client, signed_up):
    subscriber, links = signed_up
    OutgoingEmail.objects.update(status="pending", sent_at=None)
    client.post(links["unsubscribe"], {"confirm": "1"})
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"cancelled"}


def test_an_unsubscribed_pending_address_cannot_be_confirmed_by_the_old_link(client, signed_up):
    subscriber, links = signed_up
    client.post(links["unsubscribe"], {"confirm": "1"})
    assert client.post(links["confirm"]).status_code == 404
    assert Subscriber.objects.get().status == "withdrawn"


# Preferences ----------------------------------------------------------------------------


def test_preferences_change_interests_and_name(client, signed_up):
    subscriber, links = signed_up
    subscriber.confirm()
    response = client.get(links["preferences"])
    assert response.status_code == 200
    assert_private(response)
    page = BeautifulSoup(response.content, "html.parser")
    assert [box["value"] for box in page.select("input[name=interests][checked]")] == ["gatherings", "local"]
    assert page.select_one("#preferences-name")["value"] == "Sam Lee"

    response = client.post(links["preferences"], {"name": "Sam", "interests": ["posts", "campaigns"]})
    assert response.status_code == 303
    assert response["Location"] == links["preferences"] + "?saved=1"
    subscriber.refresh_from_db()
    assert subscriber.name == "Sam"
    assert [interest.value for interest in subscriber.interests] == ["posts", "campaigns"]
    assert subscriber.status == "confirmed"
    assert "Your choices are saved" in text_of(client.get(response["Location"]))


def test_preferences_with_bad_input_keep_it_and_change_nothing(client, signed_up):
    subscriber, links = signed_up
    response = client.post(links["preferences"], {"name": "<b>Sam</b>", "interests": ["posts"]})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.get_text().startswith("Error: ")
    assert page.select_one("#preferences-name")["value"] == "<b>Sam</b>"
    assert Subscriber.objects.get().name == "Sam Lee"


def test_leaving_from_the_preferences_page(client, signed_up):
    subscriber, links = signed_up
    page = BeautifulSoup(client.get(links["preferences"]).content, "html.parser")
    form = page.select_one(".signup-leave form")
    # The same person's unsubscribe link as in the email: the same key, though
    # the page signs it afresh (a token is key:time:signature, to the second).
    assert form["action"].split(":")[0] == links["unsubscribe"].split(":")[0]
    client.post(form["action"], {"confirm": "1"})
    assert Subscriber.objects.get().status == "withdrawn"
    assert "You are not on our mailing list" in text_of(client.get(links["preferences"]))
    # A late POST to the preferences page cannot sign them back up.
    client.post(links["preferences"], {"interests": ["posts"]})
    assert Subscriber.objects.get().interests == []


def test_links_stop_working_once_the_person_is_erased(client, signed_up):
    from socialcarefuture.confirmations import subject_data

    subscriber, links = signed_up
    subject_data.erase(subscriber.email)
    for link in links.values():
        assert client.get(link).status_code == 404


# Preferences links expire; unsubscribe links do not -------------------------------------


def later(monkeypatch, days):
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + timedelta(days=days).total_seconds())


def test_preferences_links_expire_after_thirty_days_but_unsubscribe_links_keep_working(
    client, signed_up, monkeypatch
):
    subscriber, links = signed_up
    assert links["preferences"] != links["unsubscribe"].replace("unsubscribe", "preferences")
    later(monkeypatch, 31)
    response = client.get(links["preferences"])
    assert response.status_code == 410
    page = text_of(response)
    assert "This link has expired" in page and "works for 30 days" in page
    assert "Every email we send has a fresh one." in page
    assert BeautifulSoup(response.content, "html.parser").find(
        "a", href="/mailing-list/", string="Get a new link"
    )
    assert client.post(links["preferences"], {"interests": ["posts"]}).status_code == 410
    assert Subscriber.objects.get().wants_posts is False
    # RFC 8058: the unsubscribe link works for as long as the record exists...
    response = client.get(links["unsubscribe"])
    assert response.status_code == 200
    # ...but an old one no longer hands out a fresh preferences link.
    assert "change what you hear about" not in text_of(response)
    assert Client().post(links["unsubscribe"], {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscriber.objects.get().status == "withdrawn"


def test_a_recent_unsubscribe_link_offers_a_fresh_preferences_link(client, signed_up):
    subscriber, links = signed_up
    page = BeautifulSoup(client.get(links["unsubscribe"]).content, "html.parser")
    fresh = page.find("a", string="change what you hear about")["href"]
    assert fresh.startswith("/mailing-list/preferences/") and client.get(fresh).status_code == 200


def test_every_email_carries_a_fresh_preferences_link(
    client, signed_up, monkeypatch, django_capture_on_commit_callbacks
):
    subscriber, links = signed_up
    later(monkeypatch, 1)
    with django_capture_on_commit_callbacks(execute=True):
        subscriber.confirm()
    fresh = links_in(last_email())["preferences"]
    assert fresh != links["preferences"]
    assert client.get(fresh).status_code == 200


def test_preferences_links_from_before_they_had_their_own_signature_last_as_long(
    client, signed_up, monkeypatch
):
    subscriber, links = signed_up
    old_style = f"/mailing-list/preferences/{subscriber.make_token('manage')}/"
    assert client.get(old_style).status_code == 200
    later(monkeypatch, 31)
    assert client.get(old_style).status_code == 410
