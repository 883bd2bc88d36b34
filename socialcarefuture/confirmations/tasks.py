"""Background tasks (django.tasks; queue "email")."""

from django.tasks import task

from . import emails


@task(queue_name="email")
def send_outgoing_email(email_id):
    """Send one stored email; a failure is recorded on the row and retried."""
    return emails.deliver(email_id)
