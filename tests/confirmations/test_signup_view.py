"""The shared sign-up view and link views, as a new app would use them: a
different form, its own limits and templates, CSRF on, and the hooks a booking
or the pledge needs (see tests/confirmations/urls.py). The mailing list's own
tests show the same view behind the footer form."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from socialcarefuture.confirmations.models import ConsentRecord, OutgoingEmail, email_digest
from socialcarefuture.confirmations.views import SignUpView
from socialcarefuture.mailing_list.models import Subscriber
from socialcarefuture.mailing_list.views import SignUpView as MailingListSignUpView
from tests.confirmations.urls import WORDING

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.confirmations.urls")]

URL = "/test-signup/"
GOOD = {"email": "Kit@Example.org", "name": "Kit", "consent": "on", "source": "/gatherings/leeds/"}


@pytest.fixture
def book(client, django_capture_on_commit_callbacks):
    """POST the test booking form; run what waits for the commit (sending email)."""

    def post(**changes):
        data = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data)

    return post


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True


def page(response):
    return BeautifulSoup(response.content, "html.parser")


def summary_messages(response):
    return [item.get_text(strip=True) for item in page(response).select(".error-summary__list li")]


# The form ---------------------------------------------------------------------------------


def test_the_form_page_uses_the_form_its_id_prefix_and_a_csrf_token(client):
    response = client.get(URL)
    assert response.status_code == 200
    form = page(response).select_one("form")
    assert form.select_one("#booking-email")["name"] == "email"
    assert form.select_one("#booking-also_posts")
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    assert form.select_one("input[name=source]")["value"] == URL


def test_a_good_sign_up_makes_the_record_with_consent_and_sends_the_link(book):
    response = book(also_posts="on")
    assert (response.status_code, response["Location"]) == (303, "/test-signup/thanks/")
    record = Subscriber.objects.get()
    assert (record.email, record.name, record.status) == ("Kit@Example.org", "Kit", "pending")
    consent = record.consents.get()
    assert consent.consent_text.purpose == "test_booking" and consent.consent_text.text == WORDING.text
    assert consent.source_path == "/gatherings/leeds/"
    assert consent.choices == {"also_posts": True}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Kit@Example.org"]


def test_the_lookup_is_part_of_what_makes_one_record(book):
    book()
    record = Subscriber.objects.get()
    assert record.wants_gatherings is True  # from the lookup, not the form
    Subscriber.objects.update(confirmation_sent_at=None)
    assert book(email=" KIT@example.org").status_code == 303
    assert Subscriber.objects.count() == 1  # found again through the lookup
    assert record.consents.count() == 2


def test_after_sign_up_runs_with_the_record(book):
    book(also_posts="on")
    assert Subscriber.objects.get().wants_posts is True
    book(email="other@example.org")
    assert Subscriber.objects.get(email="other@example.org").wants_posts is False


def test_the_same_answer_whatever_the_address_history(book):
    answers = [book()]
    Subscriber.objects.update(confirmation_sent_at=None)
    answers.append(book())  # waiting
    Subscriber.objects.get().confirm()
    Subscriber.objects.update(confirmation_sent_at=None)
    answers.append(book())  # confirmed
    Subscriber.objects.get().withdraw("link")
    # Leaving clears a subscriber's choices, the stand-in for a gathering among
    # them; a real booking keeps its gathering, so put it back.
    Subscriber.objects.update(wants_gatherings=True)
    answers.append(book())  # had left
    answers.append(book(website_url="http://spam.example"))  # a bot
    assert {(r.status_code, r["Location"], r.content) for r in answers} == {
        (303, "/test-signup/thanks/", b"")
    }


def test_the_honeypot_answers_like_success_and_keeps_nothing(book):
    response = book(website_url="http://spam.example")
    assert (response.status_code, response["Location"]) == (303, "/test-signup/thanks/")
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()
    assert mail.outbox == []


def test_bad_input_shows_the_form_again_with_the_ids_prefix(book):
    response = book(email="kit@", name=None)
    assert response.status_code == 200
    assert "Enter an email address in the correct format, like name@example.com" in summary_messages(response)
    assert "Enter your name" in summary_messages(response)
    assert page(response).select_one("#booking-email")["value"] == "kit@"
    assert not Subscriber.objects.exists()


# Refusing -----------------------------------------------------------------------------------


def test_a_refusal_is_a_form_error_not_a_server_error(book):
    response = book(name="Full House")
    assert response.status_code == 200
    assert summary_messages(response) == ["Sorry, this gathering is full."]
    # What they typed is kept.
    assert page(response).select_one("#booking-email")["value"] == "Kit@Example.org"
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


def test_a_refusal_can_name_a_field(book):
    response = book(name="Bad Name")
    assert response.status_code == 200
    assert summary_messages(response) == ["We cannot book a place under that name."]
    # Beside the field too (Django's own rendering, in this test form).
    assert page(response).select_one("#booking-name_error").get_text(strip=True) == (
        "We cannot book a place under that name."
    )
    assert not Subscriber.objects.exists()


def test_a_refusal_after_the_record_was_made_undoes_it(book):
    response = book(name="Late Refusal")
    assert response.status_code == 200
    assert summary_messages(response) == ["Sorry, the last place has just gone."]
    assert not Subscriber.objects.exists() and not ConsentRecord.objects.exists()
    assert not OutgoingEmail.objects.exists() and mail.outbox == []


# CSRF, rate limits, logs ----------------------------------------------------------------------


def test_csrf_is_checked_unless_the_view_turns_it_off(home_page):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(URL, GOOD).status_code == 403
    assert not Subscriber.objects.exists()
    # With the token from the page, it works.
    browser.get(URL)
    token = browser.cookies["csrftoken"].value
    assert browser.post(URL, {**GOOD, "csrfmiddlewaretoken": token}).status_code == 303
    # The mailing-list footer form is exempt on purpose (it is on cached pages).
    assert SignUpView.csrf_protected and not MailingListSignUpView.csrf_protected
    mailing_list = {**GOOD, "email": "footer@example.org"}
    assert Client(enforce_csrf_checks=True).post("/mailing-list/", mailing_list).status_code == 303


def test_each_view_counts_its_own_limits(book, client, home_page, limits_on):
    # Per address: two a day here.
    assert [book().status_code for _ in range(2)] == [303, 303]
    client.defaults["REMOTE_ADDR"] = "10.0.0.2"
    response = book(email="kit@EXAMPLE.org", name="Kit Again")
    assert response.status_code == 429
    assert "Please wait " in " ".join(summary_messages(response))
    assert page(response).select_one("#booking-name")["value"] == "Kit Again"  # what they typed is kept
    # The mailing list counts separately.
    data = {**GOOD, "interests": [], "email": "kit@example.org"}
    assert client.post("/mailing-list/", data).status_code == 303
    # Per IP: three good posts a minute here; a mistake does not count towards them.
    client.defaults["REMOTE_ADDR"] = "10.0.0.3"
    codes = [book(email=f"p{n}@example.org").status_code for n in range(2)] + [book(email="").status_code]
    assert codes == [303, 303, 200]
    assert book(email="p8@example.org").status_code == 303
    response = book(email="p9@example.org", name="Pat")
    assert response.status_code == 429
    assert response["Retry-After"].isdigit() and 0 < int(response["Retry-After"]) <= 61
    assert summary_messages(response) == [
        "This form has been sent a lot of times in a short while, so we have paused it. "
        "Please wait 1 minute, then send it again. We have kept what you typed."
    ]
    assert page(response).select_one("#booking-email")["value"] == "p9@example.org"
    assert not Subscriber.objects.filter(email="p9@example.org").exists()


def test_mistakes_count_only_towards_the_high_ceiling_for_scripts(book, client, home_page, limits_on):
    client.defaults["REMOTE_ADDR"] = "10.0.0.4"
    # Thirty mistakes in a minute are still answered with the form and its errors...
    assert {book(email="not-an-address").status_code for _ in range(30)} == {200}
    # ...and a person who then gets it right is not held back by them.
    assert book(email="right@example.org").status_code == 303
    # The thirty-first mistake is over the ceiling: the form again, kept, 429.
    response = book(email="still-wrong", name="Robin")
    assert response.status_code == 429
    messages = summary_messages(response)
    assert messages[0].startswith("This form has been sent a lot of times")
    assert "Enter an email address in the correct format, like name@example.com" in messages
    assert page(response).select_one("#booking-name")["value"] == "Robin"


def test_a_bot_is_counted_and_answered_like_a_person(book, client, home_page, limits_on):
    client.defaults["REMOTE_ADDR"] = "10.0.0.5"
    codes = [book(email=f"b{n}@example.org", website_url="http://spam.example").status_code for n in range(4)]
    assert codes == [303, 303, 303, 429]
    assert not Subscriber.objects.exists()


def test_only_a_digest_of_the_address_is_logged(book, caplog):
    with caplog.at_level(logging.INFO, logger="socialcarefuture.confirmations.views"):
        book()
        book(name="Full House", email="full@example.org")
    assert f"Test booking {email_digest('kit@example.org')}: created" in caplog.text
    assert f"Test booking {email_digest('full@example.org')}: refused" in caplog.text
    assert "example.org" not in caplog.text.lower()


def test_the_mailing_list_logs_as_before(client, home_page, django_capture_on_commit_callbacks, caplog):
    data = {**GOOD, "interests": ["posts"]}
    with caplog.at_level(logging.INFO, logger="socialcarefuture.mailing_list.views"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/mailing-list/", data)
    assert [record.name for record in caplog.records] == ["socialcarefuture.mailing_list.views"]
    assert caplog.records[0].getMessage() == f"Mailing-list sign-up {email_digest(GOOD['email'])}: created"


# The link views --------------------------------------------------------------------------------


@pytest.fixture
def waiting(db):
    return Subscriber.sign_up(email="kit@example.org", details={"name": "Kit"}, consent=WORDING).record


def test_confirm_view_shows_a_page_then_confirms_on_post_with_its_own_redirect(client, waiting):
    url = f"/test-links/confirm/{waiting.make_token('confirm')}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "kit@example.org: Waiting to confirm" in response.content.decode()
    assert "Bookings" in response.content.decode() and "Confirm your place" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"
    waiting.refresh_from_db()
    assert waiting.status == "pending"
    response = Client(enforce_csrf_checks=True).post(url)
    assert (response.status_code, response["Location"]) == (303, "/test-links/booked/")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert "kit@example.org: Subscribed" in client.get(url).content.decode()


def test_a_link_view_that_overrides_dispatch_stays_csrf_exempt_and_uncached(client, waiting):
    url = f"/test-links/confirm-own/{waiting.make_token('confirm')}/"
    response = client.get(url)
    assert "Confirm your place (own dispatch)" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    response = Client(enforce_csrf_checks=True).post(url)
    assert (response.status_code, response["Location"]) == (303, "/test-links/booked/")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_confirm_view_refuses_a_record_withdrawn_since(client, home_page, waiting):
    url = f"/test-links/confirm/{waiting.make_token('confirm')}/"
    waiting.withdraw("link")
    response = client.post(url)
    assert response.status_code == 404
    assert 'href="/test-signup/"' in response.content.decode() and "Book again" in response.content.decode()
    assert Subscriber.objects.get().status == "withdrawn"


def test_withdraw_view_withdraws_on_post_with_its_own_redirect(client, waiting, caplog):
    url = f"/test-links/cancel/{waiting.make_token('manage')}/"
    assert client.get(url).status_code == 200
    assert Subscriber.objects.get().status == "pending"
    with caplog.at_level(logging.INFO, logger="socialcarefuture.confirmations.views"):
        response = client.post(url, {"confirm": "1"})
    assert (response.status_code, response["Location"]) == (303, "/test-links/cancelled/")
    waiting.refresh_from_db()
    assert waiting.status == "withdrawn" and waiting.consents.get().withdrawal_method == "link"
    assert f"Test cancel {email_digest('kit@example.org')}: link" in caplog.text
    assert "kit@example.org: Unsubscribed" in client.get(url).content.decode()


def test_withdraw_view_without_one_click_treats_it_as_an_ordinary_post(waiting):
    url = f"/test-links/cancel/{waiting.make_token('manage')}/"
    response = Client().post(url, {"List-Unsubscribe": "One-Click"})
    assert (response.status_code, response["Location"]) == (303, "/test-links/cancelled/")
    assert Subscriber.objects.get().consents.get().withdrawal_method == "link"
