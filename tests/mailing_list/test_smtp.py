"""The emails through a real SMTP server in the test process (aiosmtpd): the
headers, both parts, the links; and a failed send that is retried later
without losing the sign-up."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from socialcarefuture.confirmations.models import OutgoingEmail
from socialcarefuture.mailing_list.models import Subscriber
from tests.confirmations.smtp import free_port, smtp_mailers
from tests.mailing_list.helpers import post_signup, redirect

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/mailing-list/(confirm|preferences|unsubscribe)/[^/\s\"<]+/)")


def parts(message):
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return text.get_content().replace("\r\n", "\n"), html.get_content()


def raw_header(raw, name):
    """A header exactly as it went over the wire (one line, unencoded)."""
    match = re.search(rb"^" + name.encode() + rb": (.*?)\r?\n(?![ \t])", raw, re.M | re.S)
    return match.group(1).decode() if match else None


def links(body):
    return {kind: path for path, kind in LINK.findall(body)}


def test_confirmation_and_welcome_emails_over_smtp(
    client, site, smtp_server, django_capture_on_commit_callbacks
):
    response = post_signup(client, django_capture_on_commit_callbacks)
    assert redirect(response) == (303, "/mailing-list/check-your-inbox/")
    assert len(smtp_server.messages) == 1
    message, raw = smtp_server.messages[0], smtp_server.raw[0]

    assert message["To"] == "Sam.Lee@Example.org"
    assert message["From"] == "Social Care Future <hello@socialcarefuture.org.uk>"
    assert message["Subject"] == "Please confirm you want emails from Social Care Future"
    assert message.get_content_type() == "multipart/alternative"

    # RFC 2369 / 8058 headers, readable by mail programs: one line, no encoding.
    unsubscribe = raw_header(raw, "List-Unsubscribe")
    assert re.fullmatch(r"<http://testserver/mailing-list/unsubscribe/[^>\s]+/>", unsubscribe)
    assert raw_header(raw, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"

    text, html = parts(message)
    assert "Hello Sam Lee," in text
    assert "You chose to hear about:\n- Gatherings\n- Local action" in text
    assert "<" not in text  # plain text is plain
    assert "<h1" in html and "Yes, add me to the list" in html
    assert links(text) == links(html)
    assert set(links(text)) == {"confirm", "preferences", "unsubscribe"}
    assert unsubscribe == f"<http://testserver{links(text)['unsubscribe']}>"

    # Follow the links, as the person would.
    assert client.get(links(text)["confirm"]).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert redirect(client.post(links(text)["confirm"])) == (303, "/mailing-list/confirmed/")
    assert Subscriber.objects.get().status == "confirmed"

    assert len(smtp_server.messages) == 2
    welcome, welcome_raw = smtp_server.messages[1], smtp_server.raw[1]
    assert welcome["Subject"] == "Welcome to the Social Care Future mailing list"
    text, html = parts(welcome)
    assert set(links(text)) == {"preferences", "unsubscribe"} == set(links(html))
    assert client.get(links(text)["preferences"]).status_code == 200

    # The mail program's one-click unsubscribe, from the header.
    header_url = raw_header(welcome_raw, "List-Unsubscribe").strip("<>").replace("http://testserver", "")
    response = Client(enforce_csrf_checks=True).post(
        header_url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "withdrawn"


def test_a_failed_send_keeps_the_sign_up_and_is_retried(
    client, site, settings, smtp_server, django_capture_on_commit_callbacks
):
    # First nothing listens where the site sends mail.
    settings.MAILERS = smtp_mailers(free_port())
    response = post_signup(client, django_capture_on_commit_callbacks)
    assert redirect(response) == (303, "/mailing-list/check-your-inbox/")  # the person sees no error

    subscriber = Subscriber.objects.get()
    assert subscriber.status == "pending" and subscriber.consents.count() == 1
    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert smtp_server.messages == []

    # Not due yet: the command leaves it alone.
    call_command("send_pending_emails", stdout=open("/dev/null", "w"))
    assert OutgoingEmail.objects.get().attempts == 1

    # The mail server is back, and the wait is over.
    settings.MAILERS = smtp_mailers(smtp_server.port)
    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_pending_emails", stdout=open("/dev/null", "w"))

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert email.sent_at
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "Sam.Lee@Example.org"
    assert Subscriber.objects.get().pk == subscriber.pk
    # Sent once only, however often the command runs.
    call_command("send_pending_emails", stdout=open("/dev/null", "w"))
    assert len(smtp_server.messages) == 1
