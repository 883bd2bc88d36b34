"""The outbox: emails are stored with the data, sent by a background task after
commit, and retried with a growing wait when sending fails."""

import email.policy
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends
from django.utils import timezone

from socialcarefuture.confirmations import emails
from socialcarefuture.confirmations.models import OutgoingEmail
from socialcarefuture.confirmations.tasks import send_outgoing_email
from socialcarefuture.mailing_list.models import Subscriber
from tests.confirmations.smtp import free_port, smtp_mailers

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {
    "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "email"]}
}


@pytest.fixture
def subscriber(db):
    return Subscriber.objects.create(email="sam@example.org", name="Sam")


def queue(subscriber, **kwargs):
    return emails.queue_email(
        to=subscriber.email,
        template="emails/mailing_list/welcome",
        context=subscriber.get_email_context("welcome"),
        headers=subscriber.get_email_headers("welcome"),
        kind="mailing_list.welcome",
        about=subscriber,
        **kwargs,
    )


def test_an_email_is_stored_now_and_enqueued_on_the_email_queue_after_commit(
    subscriber, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS
    backend = task_backends["default"]
    backend.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stored = queue(subscriber)
    assert OutgoingEmail.objects.get() == stored
    assert stored.status == "pending" and stored.about == subscriber
    assert backend.results == []  # nothing is enqueued before the commit
    for callback in callbacks:
        callback()
    [result] = backend.results
    assert result.task.queue_name == "email"
    assert result.task.name == send_outgoing_email.name
    assert result.args == [stored.pk]


def test_the_task_sends_the_email_and_marks_it_sent(subscriber, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = queue(subscriber)
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("sent", 1)
    [message] = mail.outbox
    assert message.subject == stored.subject
    assert message.alternatives[0].mimetype == "text/html"
    assert message.sent_using == "default"


def test_a_failure_is_recorded_and_retried_with_a_growing_wait(subscriber, settings):
    settings.MAILERS = smtp_mailers(free_port())
    stored = queue(subscriber)
    before = timezone.now()
    assert emails.deliver(stored.pk) == "failed"
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert stored.last_error.startswith("ConnectionRefusedError")
    assert before + timedelta(seconds=50) < stored.next_attempt_at < before + timedelta(seconds=70)
    assert emails.send_due_emails() == {"sent": 0, "failed": 0, "skipped": 0}  # not due yet

    OutgoingEmail.objects.update(next_attempt_at=timezone.now())
    assert emails.send_due_emails()["failed"] == 1
    stored.refresh_from_db()
    assert stored.attempts == 2
    assert stored.next_attempt_at > timezone.now() + timedelta(seconds=100)  # 2 minutes this time


def test_retry_delays_grow_and_stop_growing():
    delays = [emails.retry_delay(n) for n in range(1, 12)]
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays == sorted(delays)
    assert delays[-1] == timedelta(hours=6)


def test_it_gives_up_after_many_attempts(subscriber, settings):
    settings.MAILERS = smtp_mailers(free_port())
    stored = queue(subscriber)
    OutgoingEmail.objects.update(attempts=emails.MAX_ATTEMPTS - 1)
    assert emails.deliver(stored.pk) == "failed"
    stored.refresh_from_db()
    assert stored.status == "failed"
    assert emails.deliver(stored.pk) == "skipped"


def test_a_failed_send_is_re_enqueued_for_later_when_the_backend_can_wait(subscriber, settings):
    settings.TASKS = DUMMY_TASKS
    settings.MAILERS = smtp_mailers(free_port())
    backend = task_backends["default"]
    backend.clear()
    stored = queue(subscriber)
    emails.deliver(stored.pk)
    [retry] = backend.results
    stored.refresh_from_db()
    assert retry.task.run_after == stored.next_attempt_at
    assert retry.args == [stored.pk]


def test_two_senders_at_once_send_once(subscriber):
    stored = queue(subscriber)
    # Another worker has claimed it and is sending it now.
    OutgoingEmail.objects.update(claimed_until=timezone.now() + timedelta(minutes=1))
    assert emails.deliver(stored.pk) == "skipped"
    assert emails.send_due_emails() == {"sent": 0, "failed": 0, "skipped": 0}
    # A claim that outlived its worker is taken over.
    OutgoingEmail.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert emails.deliver(stored.pk) == "sent"
    assert emails.deliver(stored.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_cancelled_emails_are_never_sent(subscriber):
    stored = queue(subscriber)
    OutgoingEmail.objects.update(status="cancelled")
    assert emails.deliver(stored.pk) == "skipped"
    assert mail.outbox == []


def test_send_pending_emails_command(subscriber):
    queue(subscriber)
    queue(subscriber)
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("send_pending_emails", stdout=Out())
    assert "Sent 2" in "".join(out)
    assert len(mail.outbox) == 2


def test_subjects_are_one_line_whatever_the_template_does(subscriber):
    subject, text, html = emails.render_email(
        "emails/mailing_list/welcome",
        {**subscriber.get_email_context("welcome"), "site_name": "A\nBcc: x@y.com"},
    )
    assert "\n" not in subject and "\r" not in subject


def test_long_list_headers_go_out_on_one_line_and_unencoded(subscriber, settings):
    # A long public address makes the header long whatever the token's length.
    settings.SITE_URL = "https://a-long-public-address-for-the-movement.socialcarefuture.example"
    stored = queue(subscriber)
    message = emails.build_message(stored).message(policy=email.policy.SMTP)
    raw = message.as_bytes()
    line = next(line for line in raw.split(b"\r\n") if line.startswith(b"List-Unsubscribe:"))
    # The header as stored, not a link made again now: a signed link carries the
    # second it was made, which may have ticked over.
    assert line == f"List-Unsubscribe: {stored.headers['List-Unsubscribe']}".encode()
    assert stored.headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/mailing-list/unsubscribe/")
    assert len(line) > 78  # too long to fold safely, and still one line
    assert b"=?utf-8?" not in line


def test_one_line_headers_refuse_line_breaks():
    with pytest.raises(ValueError):
        emails.UnfoldedHeader("List-Unsubscribe", "<https://example.org/>\r\nBcc: x@y.com")
    with pytest.raises(ValueError):
        emails.UnfoldedHeader("X-Long", "a" * 1000)
