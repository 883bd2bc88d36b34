"""Background tasks (django.tasks; queue "email")."""

from django.apps import apps
from django.tasks import task
from django.utils.dateparse import parse_datetime

from . import emails


@task(queue_name="email")
def send_outgoing_email(email_id):
    """Send one stored email; a failure is recorded on the row and retried."""
    return emails.deliver(email_id)


@task(queue_name="email")
def send_sign_up_email(model_label, record_id, asked_at):
    """Decide which email a sign-up needs (if any), write it to the outbox and
    send it: see ``ConfirmableRecord.sign_up``."""
    model = apps.get_model(model_label)
    return model.decide_sign_up_email(record_id, parse_datetime(asked_at))
