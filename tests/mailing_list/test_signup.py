"""Signing up: the form in every footer and on /mailing-list/, what is stored,
what is sent, and the same answer whatever the address's history."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from socialcarefuture.confirmations.models import ConsentRecord, ConsentText, ConsentWording, OutgoingEmail
from socialcarefuture.mailing_list.models import CONSENT, Subscriber
from tests.factories import StandardPageFactory
from tests.mailing_list.helpers import last_email, links_in, post_signup, redirect

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


# The forms -----------------------------------------------------------------------------


def test_footer_form_is_on_every_page_and_pages_stay_cacheable(client, site):
    about = StandardPageFactory(parent=site, title="About", slug="about")
    for path in ["/", about.url]:
        response = client.get(path)
        assert response.status_code == 200
        form = soup(response).select_one(".footer-signup form")
        assert form["action"] == "/mailing-list/"
        assert form["method"] == "post"
        # No CSRF token, so shared caches may keep the page (see SignUpView).
        assert not form.select("input[name=csrfmiddlewaretoken]")
        assert "csrftoken" not in response.cookies
        assert response["Cache-Control"].startswith("public")
        assert form.select_one("input[name=source]")["value"] == path


def test_footer_form_fields_labels_and_unticked_consent_in_full(client, site):
    form = soup(client.get("/")).select_one(".footer-signup form")
    email = form.select_one("input[name=email]")
    assert email["type"] == "email" and email["autocomplete"] == "email"
    assert form.select_one(f"label[for={email['id']}]").get_text(strip=True) == "Email address"
    name = form.select_one("input[name=name]")
    assert "(optional)" in form.select_one(f"label[for={name['id']}]").get_text()
    legend = form.select_one("fieldset legend").get_text(" ", strip=True)
    assert legend.startswith("What would you like to hear about?")
    labels = [label.get_text(strip=True) for label in form.select("fieldset label")]
    assert labels == ["Gatherings", "New posts and publications", "Campaigns and the pledge", "Local action"]
    consent = form.select_one("input[name=consent]")
    assert not consent.has_attr("checked")
    assert form.select_one(f"label[for={consent['id']}]").get_text() == CONSENT.text
    # The honeypot is hidden by a class (no inline style), unreachable and unannounced.
    trap = form.select_one(".honeypot")
    assert trap["aria-hidden"] == "true" and not trap.has_attr("style")
    assert trap.select_one("input")["tabindex"] == "-1"
    assert form.select_one("a[href='/privacy/']")


def test_signup_page(client, site):
    response = client.get("/mailing-list/")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("h1").get_text(strip=True) == "Join our mailing list"
    assert page.title.get_text().startswith("Join our mailing list")
    assert len(page.select("main form")) == 1
    # The page has its own form, so the footer does not repeat it.
    assert not page.select(".footer-signup")
    assert response["Cache-Control"].startswith("public")


# A good sign-up ------------------------------------------------------------------------


def test_signup_stores_one_record_with_consent_and_sends_a_confirmation_link(
    client, site, django_capture_on_commit_callbacks
):
    response = post_signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 303
    assert response["Location"] == "/mailing-list/check-your-inbox/"

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Sam.Lee@Example.org"
    assert subscriber.email_normalised == "sam.lee@example.org"
    assert subscriber.name == "Sam Lee"
    assert subscriber.status == "pending"
    assert subscriber.signed_up_at and not subscriber.confirmed_at and not subscriber.withdrawn_at
    assert (subscriber.wants_gatherings, subscriber.wants_posts) == (True, False)
    assert (subscriber.wants_campaigns, subscriber.wants_local) == (False, True)

    consent = subscriber.consents.get()
    assert consent.consent_text.text == CONSENT.text
    assert consent.consent_text.purpose == "mailing_list" and consent.consent_text.version == 1
    assert consent.source_path == "/about/"
    assert consent.choices == {"interests": ["gatherings", "local"]}
    assert consent.given_at == subscriber.signed_up_at
    assert consent.confirmed_at is None

    message = last_email()
    assert message.to == ["Sam.Lee@Example.org"]
    assert "confirm" in message.subject.lower()
    assert set(links_in(message)) == {"confirm", "preferences", "unsubscribe"}
    assert OutgoingEmail.objects.get().status == "sent"


def test_check_your_inbox_page(client, site):
    response = client.get("/mailing-list/check-your-inbox/")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("h1").get_text(strip=True) == "Check your email"
    assert "hello@socialcarefuture.org.uk" in page.get_text()


def test_no_interests_chosen_means_all_of_them(client, site, django_capture_on_commit_callbacks):
    post_signup(client, django_capture_on_commit_callbacks, interests=None, name=None)
    subscriber = Subscriber.objects.get()
    assert len(subscriber.interests) == 4
    assert subscriber.name == ""


def test_the_answer_is_the_same_whatever_the_address_history(
    client, site, django_capture_on_commit_callbacks
):
    """New, waiting, confirmed, unsubscribed: the page cannot tell them apart."""
    answers = []
    answers.append(post_signup(client, django_capture_on_commit_callbacks))  # new
    Subscriber.objects.update(confirmation_sent_at=None)
    answers.append(post_signup(client, django_capture_on_commit_callbacks))  # waiting
    Subscriber.objects.update(status="confirmed", confirmation_sent_at=None)
    answers.append(post_signup(client, django_capture_on_commit_callbacks))  # confirmed
    Subscriber.objects.get().withdraw("link")
    answers.append(post_signup(client, django_capture_on_commit_callbacks))  # unsubscribed
    answers.append(post_signup(client, django_capture_on_commit_callbacks, website_url="spam"))  # a bot
    assert {(r.status_code, r["Location"], r.content) for r in answers} == {
        (303, "/mailing-list/check-your-inbox/", b"")
    }


def test_signing_up_again_before_confirming_resends_the_link_and_keeps_one_record(
    client, site, django_capture_on_commit_callbacks
):
    post_signup(client, django_capture_on_commit_callbacks)
    first_link = links_in(last_email())["confirm"]
    Subscriber.objects.update(confirmation_sent_at=None)  # some minutes later
    post_signup(
        client, django_capture_on_commit_callbacks, email="  sam.lee@EXAMPLE.org ", interests=["posts"]
    )
    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 2
    second_link = links_in(last_email())["confirm"]
    subscriber = Subscriber.objects.get()
    assert subscriber.interests == ["posts"]  # the latest choice, still to be confirmed
    assert subscriber.consents.count() == 2
    # Either link confirms.
    assert redirect(client.post(first_link)) == (303, "/mailing-list/confirmed/")
    assert redirect(client.post(second_link)) == (303, "/mailing-list/confirmed/")
    assert Subscriber.objects.get().status == "confirmed"


def test_a_double_click_sends_one_email(client, site, django_capture_on_commit_callbacks):
    post_signup(client, django_capture_on_commit_callbacks)
    post_signup(client, django_capture_on_commit_callbacks)
    assert Subscriber.objects.count() == 1
    assert len(mail.outbox) == 1
    assert ConsentRecord.objects.count() == 1


@pytest.mark.parametrize(
    "typed",
    ["sam.lee@example.org", " SAM.LEE@EXAMPLE.ORG ", "Sam.Lee@Example.org\t", "ｓａｍ.lee@example.org"],
)
def test_one_record_per_address_whatever_the_case_spaces_or_width(
    client, site, django_capture_on_commit_callbacks, typed
):
    Subscriber.sign_up(email="sam.lee@example.org", details={})
    response = post_signup(client, django_capture_on_commit_callbacks, email=typed)
    assert redirect(response) == (303, "/mailing-list/check-your-inbox/")
    assert Subscriber.objects.count() == 1


def test_confirmed_subscriber_is_told_by_email_and_nothing_changes(
    client, site, django_capture_on_commit_callbacks
):
    post_signup(client, django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    subscriber.confirm()
    Subscriber.objects.update(confirmation_sent_at=None)
    mail.outbox.clear()
    post_signup(client, django_capture_on_commit_callbacks, name="Someone Else", interests=["posts"])
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.name, subscriber.wants_posts) == ("confirmed", "Sam Lee", False)
    assert subscriber.consents.count() == 1
    message = last_email()
    assert "already" in message.subject
    assert set(links_in(message)) == {"preferences", "unsubscribe"}


def test_signing_up_again_after_leaving_starts_again_with_new_consent(
    client, site, django_capture_on_commit_callbacks
):
    post_signup(client, django_capture_on_commit_callbacks)
    old_link = links_in(last_email())["confirm"]
    subscriber = Subscriber.objects.get()
    subscriber.confirm()
    subscriber.withdraw("link")
    post_signup(client, django_capture_on_commit_callbacks, source="/blog/")
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    assert subscriber.withdrawn_at is None and subscriber.confirmed_at is None
    consents = list(subscriber.consents.order_by("pk"))
    assert len(consents) == 2
    assert consents[0].withdrawn_at and consents[0].withdrawal_method == "link"
    assert consents[1].source_path == "/blog/" and consents[1].withdrawn_at is None
    # The old confirmation link does not bring them back; the new one does.
    assert client.get(old_link).status_code == 404
    new_link = links_in(last_email())["confirm"]
    assert redirect(client.post(new_link)) == (303, "/mailing-list/confirmed/")
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"
    assert subscriber.consents.order_by("pk").last().confirmed_at


def test_a_tampered_source_path_is_replaced(client, site, django_capture_on_commit_callbacks):
    post_signup(client, django_capture_on_commit_callbacks, source="https://evil.example/x")
    assert ConsentRecord.objects.get().source_path == "/mailing-list/"


def test_consent_wording_versions_are_kept_and_never_edited(
    client, site, django_capture_on_commit_callbacks, monkeypatch
):
    post_signup(client, django_capture_on_commit_callbacks)
    first = ConsentText.objects.get()
    new_wording = ConsentWording(purpose="mailing_list", text=CONSENT.text + " (Updated.)")
    monkeypatch.setattr("socialcarefuture.mailing_list.views.SignUpView.consent", new_wording)
    post_signup(client, django_capture_on_commit_callbacks, email="other@example.org")
    assert ConsentText.objects.count() == 2
    second = ConsentText.objects.exclude(pk=first.pk).get()
    assert second.version == 2 and second.text.endswith("(Updated.)")
    first.text = "Something else"
    with pytest.raises(ValueError):
        first.save()
