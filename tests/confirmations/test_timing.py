"""A sign-up for an address seen a moment ago does the same work before the page
answers as a sign-up for a new address: one record written, one background task
enqueued, no email written or rendered. The task decides what to send.
(How long each takes is measured by bench/signup_timing.py, never here.)"""

import pytest
from django.core import mail
from django.db import connection
from django.tasks import task_backends
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from socialcarefuture.confirmations.models import OutgoingEmail, SignUpOutcome
from socialcarefuture.confirmations.tasks import send_outgoing_email, send_sign_up_email
from socialcarefuture.mailing_list.models import CONSENT, Subscriber

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {
    "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "email"]}
}


@pytest.fixture
def queued(settings):
    """Tasks are stored, not run: what the request itself does, as in production."""
    settings.TASKS = DUMMY_TASKS
    backend = task_backends["default"]
    backend.clear()
    yield backend
    backend.clear()


def sign_up(email):
    """What the request does, counted: statements, templates rendered, tasks."""
    rendered = []

    def on_render(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(on_render)
    try:
        with CaptureQueriesContext(connection) as queries:
            signup = Subscriber.sign_up(
                email=email, details={"name": "Kit"}, consent=CONSENT, source_path="/"
            )
    finally:
        template_rendered.disconnect(on_render)
    return signup, [query["sql"].split()[0].upper() for query in queries.captured_queries], rendered


def test_a_repeat_within_minutes_does_the_same_work_as_a_new_sign_up(queued):
    Subscriber.sign_up(email="kit@example.org", details={"name": "Kit"}, consent=CONSENT)
    queued.clear()

    new, new_statements, new_rendered = sign_up("new@example.org")
    repeat, repeat_statements, repeat_rendered = sign_up("kit@example.org")

    assert (new.outcome, repeat.outcome) == (SignUpOutcome.CREATED, SignUpOutcome.TOO_SOON)
    # The same work on tables: the record's INSERT (which fails for a known
    # address), one read and one write. Only the savepoint's bookkeeping differs:
    # after the failed INSERT the database is told to roll back to it.
    work = {"SAVEPOINT", "RELEASE", "ROLLBACK"}
    new_work = [statement for statement in new_statements if statement not in work]
    repeat_work = [statement for statement in repeat_statements if statement not in work]
    assert new_work == ["INSERT", "SELECT", "INSERT"], new_statements
    assert repeat_work == ["INSERT", "SELECT", "UPDATE"], repeat_statements
    assert len(repeat_statements) - len(new_statements) == 1  # ROLLBACK TO SAVEPOINT
    assert new_rendered == repeat_rendered == []
    assert not OutgoingEmail.objects.exists()
    # One task each, for the email decision.
    assert [result.task.name for result in queued.results] == [send_sign_up_email.name] * 2
    assert [result.args[:2] for result in queued.results] == [
        ["mailing_list.Subscriber", new.record.pk],
        ["mailing_list.Subscriber", repeat.record.pk],
    ]


@pytest.mark.parametrize("status", ["pending", "confirmed", "withdrawn"])
def test_every_kind_of_address_enqueues_exactly_one_task_and_writes_no_email(queued, status):
    record = Subscriber.sign_up(email="kit@example.org", details={}, consent=CONSENT).record
    Subscriber.objects.filter(pk=record.pk).update(status=status, confirmation_sent_at=None)
    queued.clear()
    signup, _, rendered = sign_up("kit@example.org")
    assert len(queued.results) == 1 and rendered == []
    assert not OutgoingEmail.objects.exists()


def test_the_task_sends_one_email_for_the_first_ask_and_none_for_the_repeat(
    queued, django_capture_on_commit_callbacks
):
    Subscriber.sign_up(email="kit@example.org", details={}, consent=CONSENT)
    Subscriber.sign_up(email="kit@example.org", details={}, consent=CONSENT)  # a double click
    first, repeat = queued.results
    assert send_sign_up_email.call(*repeat.args) == "repeat"
    assert send_sign_up_email.call(*first.args) == "confirm"
    [email] = OutgoingEmail.objects.all()
    assert email.kind == "mailing_list.confirm" and "/mailing-list/confirm/" in email.body_text
    with django_capture_on_commit_callbacks(execute=True):
        send_outgoing_email.call(email.pk)
    assert len(mail.outbox) == 1 and "confirm" in mail.outbox[0].subject.lower()
    # Confirmed since: the next sign-up's task sends "already subscribed" instead.
    record = Subscriber.objects.get()
    record.confirm()
    Subscriber.objects.update(confirmation_sent_at=None)
    queued.clear()
    Subscriber.sign_up(email="kit@example.org", details={}, consent=CONSENT)
    [later] = queued.results
    assert send_sign_up_email.call(*later.args) == "already_confirmed"
    assert OutgoingEmail.objects.filter(kind="mailing_list.already_confirmed").count() == 1


def test_a_record_gone_or_withdrawn_before_the_task_runs_gets_nothing(queued):
    Subscriber.sign_up(email="kit@example.org", details={}, consent=CONSENT)
    Subscriber.sign_up(email="sam@example.org", details={}, consent=CONSENT)
    kit, sam = queued.results
    Subscriber.objects.get(email="kit@example.org").withdraw("link")
    Subscriber.objects.filter(email="sam@example.org").delete()
    assert send_sign_up_email.call(*kit.args) == "withdrawn"
    assert send_sign_up_email.call(*sam.args) == "gone"
    assert not OutgoingEmail.objects.exists()
