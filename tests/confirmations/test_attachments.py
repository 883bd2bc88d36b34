"""The outbox carries attachments: stored with the row, sent with the email."""

import pytest
from django.core import mail

from socialcarefuture.confirmations.emails import deliver, queue_email
from socialcarefuture.confirmations.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_an_attachment_is_stored_and_sent_byte_for_byte(django_capture_on_commit_callbacks):
    content = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n\xe2\x9c\x93"
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_email(
            to="sam@example.org",
            template="emails/mailing_list/confirm",
            context={"confirm_url": "https://example.org/c", "confirm_days": 7, "retention_days": 14},
            kind="test.attached",
            attachments=[{"filename": "day.ics", "mimetype": "text/calendar", "content": content}],
        )
    stored = OutgoingEmail.objects.get(pk=email.pk)
    assert stored.attachments[0]["filename"] == "day.ics"
    assert deliver(email.pk) == "sent"
    [(filename, sent, mimetype)] = mail.outbox[0].attachments
    assert filename == "day.ics" and mimetype == "text/calendar"
    assert (sent.encode() if isinstance(sent, str) else sent) == content


def test_emails_without_attachments_send_as_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_email(
            to="sam@example.org",
            template="emails/mailing_list/confirm",
            context={"confirm_url": "https://example.org/c", "confirm_days": 7, "retention_days": 14},
            kind="test.plain",
        )
    assert OutgoingEmail.objects.get(pk=email.pk).attachments == []
    assert deliver(email.pk) == "sent"
    assert mail.outbox[0].attachments == []
