"""Signing the pledge with the Django test client: the form, the emails and the
links in them, signing again, taking a signature back, and the mailing-list box."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from pledge.models import CONSENT, CommentStatus, Signature
from socialcarefuture.confirmations import subject_data
from socialcarefuture.mailing_list.models import CONSENT as MAILING_LIST_CONSENT
from socialcarefuture.mailing_list.models import Subscriber
from tests.pledge.conftest import GOOD, last_email, links_in
from tests.pledge.factories import SignatureFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def count_on_page(client):
    page = soup(client.get("/pledge/"))
    return int(page.select_one(".pledge-count__number").get_text().replace(",", ""))


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    """``confirm(path)``: open the confirmation link and press its button, as the
    owner would (and send the email that follows)."""

    def press(path):
        shown = soup(client.get(path)).select_one("input[name=shown]")["value"]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, {"shown": shown})

    return press


def listed_names(client, query=""):
    page = soup(client.get("/pledge/signatories/" + query))
    return [name.get_text(strip=True) for name in page.select(".signatory__name")]


# Signing and confirming ----------------------------------------------------------------------


def test_signing_asks_for_confirmation_and_counts_only_once_confirmed(client, pledge, sign, confirm):
    response = sign()
    assert (response.status_code, response["Location"]) == (303, "/pledge/check-your-inbox/")
    signature = Signature.objects.get()
    assert (signature.email, signature.email_normalised) == (
        "Rowan.Ellis@Example.org",
        "rowan.ellis@example.org",
    )
    assert (signature.name, signature.role, signature.organisation) == (
        "Rowan Ellis",
        "Events Lead",
        "Fernbrook Forum",
    )
    assert (signature.organisation_type, signature.listed, signature.status) == ("events", True, "pending")
    assert signature.comment_status == CommentStatus.WAITING
    # Waiting to confirm: not counted, not listed.
    assert count_on_page(client) == 0
    assert listed_names(client) == []

    message = last_email()
    assert message.subject == "Please confirm your signature of the Social Care Future pledge"
    assert message.to == ["Rowan.Ellis@Example.org"]
    links = links_in(message)
    assert {"confirm", "withdraw"} <= set(links)
    assert "Fernbrook Forum" in message.body
    html = message.alternatives[0][0]
    assert "Yes, sign the pledge" in html

    page = soup(client.get(links["confirm"]))
    assert page.h1.get_text(strip=True) == "Confirm your signature"
    assert "Rowan Ellis" in page.select_one(".pledge-entry").get_text()
    response = confirm(links["confirm"])
    assert response.status_code == 303
    assert response["Location"].startswith("/pledge/signed/")

    signature.refresh_from_db()
    assert signature.status == "confirmed" and signature.confirmed_at
    assert count_on_page(client) == 1
    assert listed_names(client) == ["Rowan Ellis"]

    welcome = last_email()
    assert welcome.subject == "Thank you for signing the Social Care Future pledge"
    assert links_in(welcome)["withdraw"]
    thanks = soup(client.get(response["Location"]))
    assert thanks.h1.get_text(strip=True) == "Thank you for signing the pledge"
    assert [link.get_text() for link in thanks.select(".pledge-share__link")] == [
        "Share by email",
        "Share on X (Twitter)",
        "Share on Facebook",
        "Share on LinkedIn",
    ]
    code = thanks.select_one("#badge-code").get_text()
    assert 'src="http://testserver/pledge/badge.svg"' in code and 'href="http://testserver/pledge/"' in code
    # The same record's withdraw link (links signed a second apart differ only in their timestamp).
    withdraw = thanks.find("a", string="Take your signature back")["href"]
    assert withdraw.split(":")[0] == links_in(welcome)["withdraw"].split(":")[0]


def test_the_consent_is_recorded_with_the_choices_made(client, pledge, sign, confirm):
    sign(listed=None, comment="")
    signature = Signature.objects.get()
    consent = signature.consents.get()
    assert consent.consent_text.text == CONSENT.text
    assert consent.source_path == "/pledge/"
    assert consent.choices == {
        "show_on_public_list": False,
        "public_comment": False,
        "join_mailing_list": False,
    }
    assert consent.confirmed_at is None
    confirm(links_in(last_email())["confirm"])
    consent.refresh_from_db()
    assert consent.confirmed_at is not None


def test_the_form_page_and_the_pledge_page_show_the_same_form(client, pledge):
    for path in ("/pledge/", "/pledge/sign/"):
        page = soup(client.get(path))
        form = page.select_one("form.pledge-form")
        assert form["action"] == "/pledge/sign/", path
        assert not form.select("input[name=csrfmiddlewaretoken]"), "cached pages carry no CSRF token"
        names = [
            field["name"] for field in form.select("input, textarea, select") if field.get("type") != "radio"
        ]
        assert names == [
            "name",
            "role",
            "organisation",
            "email",
            "comment",
            "listed",
            "join_mailing_list",
            "source",
            "website_url",
        ], path
        assert len(form.select("input[name=organisation_type][type=radio]")) == 8
        # Both boxes start unticked.
        assert not form.select_one("#pledge-listed").has_attr("checked")
        assert not form.select_one("#pledge-join_mailing_list").has_attr("checked")
        assert (
            form.find("label", attrs={"for": "pledge-join_mailing_list"}).get_text()
            == MAILING_LIST_CONSENT.text
        )
        assert CONSENT.text in form.get_text()


def test_errors_are_listed_at_the_top_and_beside_each_field_keeping_what_was_typed(client, pledge, sign):
    response = sign(name="", organisation_type="", email="rowan@", role="Chair of <b>things</b>")
    assert response.status_code == 200
    page = soup(response)
    assert page.title.get_text().startswith("Error: ")
    summary = [link["href"] for link in page.select("[data-error-summary] a")]
    assert summary == ["#pledge-name", "#pledge-role", "#pledge-organisation_type_0", "#pledge-email"]
    assert page.select_one("#pledge-name-error").get_text(" ", strip=True) == "Error: Enter your name"
    assert "Choose the type of organisation" in page.select_one("#pledge-organisation_type-error").get_text()
    assert page.select_one("#pledge-email")["value"] == "rowan@"
    assert page.select_one("#pledge-organisation")["value"] == "Fernbrook Forum"
    assert page.select_one("#pledge-comment").get_text().strip() == "Glad to sign."
    assert page.select_one("#pledge-listed").has_attr("checked")
    assert Signature.objects.count() == 0 and not mail.outbox


def test_a_comment_may_have_lines_but_not_hidden_characters_or_too_many_words(pledge, sign):
    assert sign(comment="x" * 501).status_code == 200
    assert sign(comment="Yes\u202e please").status_code == 200
    assert Signature.objects.count() == 0
    assert sign(comment="First line.\r\n\r\n\r\n\r\nSecond line <3").status_code == 303
    assert Signature.objects.get().comment == "First line.\n\nSecond line <3"


def test_get_on_the_form_address_shows_the_form_page(client, pledge):
    response = client.get("/pledge/sign/")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Sign the pledge"
    assert [item.get_text(strip=True) for item in page.select(".breadcrumbs__item")] == [
        "Home",
        "The pledge",
        "Sign the pledge",
    ]


def test_without_a_pledge_page_there_is_nothing_to_sign(client, home_page):
    assert client.get("/pledge/sign/").status_code == 404
    assert client.post("/pledge/sign/", GOOD).status_code == 404
    assert client.get("/pledge/badge.svg").status_code == 404
    assert Signature.objects.count() == 0


# Signing again --------------------------------------------------------------------------------


def test_signing_again_before_confirming_updates_the_entry_and_never_counts_twice(
    client, pledge, sign, confirm
):
    sign()
    sign(email=" rowan.ellis@EXAMPLE.org ", name="Rowan J Ellis", listed=None)
    signature = Signature.objects.get()
    assert (signature.name, signature.listed) == ("Rowan J Ellis", False)
    # Within a couple of minutes: no second email.
    assert len(mail.outbox) == 1
    confirm(links_in(mail.outbox[0])["confirm"])
    assert count_on_page(client) == 1
    assert Signature.objects.get().name == "Rowan J Ellis"


def test_a_stranger_cannot_change_a_public_entry_by_typing_its_address(client, pledge, sign):
    signature = SignatureFactory(
        email="rowan.ellis@example.org", name="Rowan Ellis", organisation="Fernbrook Forum", listed=True
    )
    mail.outbox.clear()
    response = sign(name="Someone Else", organisation="Prank Ltd", comment="Rude words")
    assert response.status_code == 303
    signature.refresh_from_db()
    # The public entry is unchanged; the new details wait for the owner.
    assert (signature.name, signature.organisation, signature.comment) == (
        "Rowan Ellis",
        "Fernbrook Forum",
        "",
    )
    assert signature.pending_details["name"] == "Someone Else"
    assert listed_names(client) == ["Rowan Ellis"]
    assert count_on_page(client) == 1

    message = last_email()
    assert message.subject == "Please confirm the change to your Social Care Future pledge entry"
    assert "Prank Ltd" in message.body and "If it was not you" in message.body
    assert message.to == ["rowan.ellis@example.org"], "to the owner, as they first typed it"


def test_the_owner_applies_changes_from_the_email_and_the_comment_waits_again(client, pledge, sign, confirm):
    signature = SignatureFactory(
        email="rowan.ellis@example.org", comment="Old words", comment_status=CommentStatus.APPROVED
    )
    signature.refresh_from_db()
    assert signature.comment_status == CommentStatus.APPROVED
    sign(name="Rowan Ellis", organisation="New Org", comment="New words")
    link = links_in(last_email())["confirm"]
    page = soup(client.get(link))
    assert page.h1.get_text(strip=True) == "Update your entry"
    assert "New Org" in page.select_one(".pledge-entry").get_text()
    response = confirm(link)
    assert response.status_code == 303
    signature.refresh_from_db()
    assert (signature.organisation, signature.comment) == ("New Org", "New words")
    assert signature.comment_status == CommentStatus.WAITING, "a changed comment is read again"
    assert signature.pending_details == {} and signature.status == "confirmed"
    # The change is a fresh, confirmed statement of consent.
    assert signature.consents.filter(confirmed_at__isnull=False).count() == 1
    assert count_on_page(client) == 1
    # The link has done its work: following it again changes nothing.
    assert soup(client.get(link)).h1.get_text(strip=True) == "You have signed the pledge"


def test_details_that_change_while_the_page_is_open_are_shown_again(client, pledge, sign):
    sign()
    link = links_in(last_email())["confirm"]
    shown = soup(client.get(link)).select_one("input[name=shown]")["value"]
    sign(name="Changed Meanwhile")  # someone signs again with the address
    response = client.post(link, {"shown": shown})
    assert response.status_code == 200
    page = soup(response)
    assert "changed after you opened this page" in page.select_one("[role=status]").get_text()
    assert "Changed Meanwhile" in page.select_one(".pledge-entry").get_text()
    assert Signature.objects.get().status == "pending"


def test_signing_again_when_signed_with_the_same_details_sends_a_reminder(client, pledge, sign, confirm):
    sign()
    confirm(links_in(last_email())["confirm"])
    signature = Signature.objects.get()
    signature.confirmation_sent_at = signature.confirmed_at = signature.signed_up_at.replace(year=2025)
    signature.save()
    sign()
    message = last_email()
    assert message.subject == "You have already signed the Social Care Future pledge"
    assert "confirm" not in links_in(message)
    assert Signature.objects.get().pending_details == {}


# Taking a signature back ----------------------------------------------------------------------


def test_withdrawing_removes_the_signature_from_the_count_and_the_list_at_once(client, pledge, sign, confirm):
    sign()
    confirm(links_in(last_email())["confirm"])
    assert count_on_page(client) == 1
    withdraw = links_in(last_email())["withdraw"]
    page = soup(client.get(withdraw))
    assert page.h1.get_text(strip=True) == "Take your signature back?"
    response = client.post(withdraw)
    assert (response.status_code, response["Location"]) == (303, "/pledge/withdrawn/")
    assert count_on_page(client) == 0
    assert listed_names(client) == []
    signature = Signature.objects.get()
    assert signature.status == "withdrawn"
    # What they told us about themselves is gone; the address and dates stay.
    assert (signature.name, signature.role, signature.organisation, signature.comment) == ("", "", "", "")
    assert signature.withdrawn_at and signature.consents.get().withdrawn_at
    assert soup(client.get("/pledge/withdrawn/")).h1.get_text(strip=True) == "Your signature is withdrawn"
    # The old confirmation link cannot bring it back.
    assert client.get(links_in(mail.outbox[0])["confirm"]).status_code == 404


def test_signing_again_after_withdrawing_starts_again(client, pledge, sign, confirm):
    signature = SignatureFactory(email="rowan.ellis@example.org")
    signature.withdraw("link")
    sign()
    signature.refresh_from_db()
    assert (signature.status, signature.name) == ("pending", "Rowan Ellis")
    assert count_on_page(client) == 0
    confirm(links_in(last_email())["confirm"])
    assert count_on_page(client) == 1


def test_the_links_work_without_cookies_or_a_csrf_token(pledge, sign):
    """People open our emails in all sorts of places; the token in the link is
    the proof a CSRF token would give."""
    sign()
    strict = Client(enforce_csrf_checks=True)
    link = links_in(last_email())["confirm"]
    shown = soup(strict.get(link)).select_one("input[name=shown]")["value"]
    assert Client(enforce_csrf_checks=True).post(link, {"shown": shown}).status_code == 303
    withdraw = links_in(last_email())["withdraw"]
    assert Client(enforce_csrf_checks=True).post(withdraw).status_code == 303
    assert Signature.objects.get().status == "withdrawn"
    # And the form itself, which sits on cached pages.
    assert (
        Client(enforce_csrf_checks=True).post("/pledge/sign/", {**GOOD, "email": "b@example.org"}).status_code
        == 303
    )


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/pledge/confirm/nonsense/", 404, "This link does not work"),
        ("/pledge/withdraw/nonsense/", 404, "This link does not work"),
        ("/pledge/signed/nonsense/", 404, "This link does not work"),
    ],
)
def test_broken_links_get_a_clear_page(client, pledge, path, status, heading):
    response = client.get(path)
    assert response.status_code == status
    page = soup(response)
    assert page.h1.get_text(strip=True) == heading
    assert page.find("a", string="Go to the pledge")["href"] == "/pledge/"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_expired_confirmation_link_says_so(client, pledge, sign, monkeypatch):
    sign()
    link = links_in(last_email())["confirm"]
    monkeypatch.setattr(Signature, "confirm_max_age", datetime.timedelta(seconds=-1))  # every link is too old
    response = client.get(link)
    assert response.status_code == 410
    assert soup(response).h1.get_text(strip=True) == "This link has expired"


# The mailing-list box --------------------------------------------------------------------------


def test_the_mailing_list_box_signs_up_through_the_mailing_lists_own_confirmation(
    client, pledge, sign, confirm
):
    sign(join_mailing_list="on")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name, subscriber.status) == (
        "Rowan.Ellis@Example.org",
        "Rowan Ellis",
        "pending",
    )
    assert subscriber.consents.get().consent_text.text == MAILING_LIST_CONSENT.text
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Please confirm you want emails from Social Care Future",
        "Please confirm your signature of the Social Care Future pledge",
    ]
    # Confirming the signature does not join the list: that has its own link.
    confirm(links_in(next(m for m in mail.outbox if "pledge" in m.subject))["confirm"])
    assert Subscriber.objects.get().status == "pending"


def test_leaving_the_box_unticked_joins_nothing(pledge, sign):
    sign()
    assert Subscriber.objects.count() == 0


# Personal data ---------------------------------------------------------------------------------


def test_personal_data_export_and_erasure_include_the_signature(client, pledge, sign):
    sign(comment="My words")
    signature = Signature.objects.get()
    signature.apply_pending_details()  # nothing pending: no change
    exported = subject_data.export("rowan.ellis@example.org")
    [record] = exported["records"]
    assert record["held_in"] == "The pledge"
    for key, value in {
        "name": "Rowan Ellis",
        "role": "Events Lead",
        "organisation": "Fernbrook Forum",
        "organisation_type": "Events organiser",
        "on_public_list": True,
        "comment": "My words",
        "comment_status": "Waiting for a convenor",
    }.items():
        assert record[key] == value, key
    assert record["consents"][0]["choices"]["show_on_public_list"] is True
    assert record["emails_we_sent_or_will_send"][0]["subject"].startswith("Please confirm your signature")
    subject_data.erase("rowan.ellis@example.org")
    assert Signature.objects.count() == 0
