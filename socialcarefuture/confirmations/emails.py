"""The outbox: store an email with the data it is about, send it after commit.

``queue_email`` renders an email (subject, plain text and HTML from three
templates) and stores it as an ``OutgoingEmail`` row in the caller's
transaction; when that transaction commits, a background task (queue "email")
sends it. If the send fails, the row records the error and the attempt, and is
tried again later with a growing wait, by the task queue when its backend can
defer tasks (the database backend in production) and by the
``send_pending_emails`` command (run it from cron every few minutes) in every
case. The sign-up itself is never lost: it was committed before any sending.
"""

import base64
import logging
import re
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

#: After this many failed attempts an email is marked "gave up" for a person to look at.
MAX_ATTEMPTS = 10
#: How long one sender may hold an email before another may try it.
CLAIM_TIMEOUT = timedelta(minutes=5)


def retry_delay(attempts):
    """Wait after the n-th failure: 1, 2, 4 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def render_email(template, context):
    """``(subject, text, html)`` from ``<template>_subject.txt``, ``.txt`` and ``.html``."""
    context = {
        "SITE_URL": settings.SITE_URL,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Social Care Future"),
        **context,
    }
    subject = render_to_string(f"{template}_subject.txt", context)
    # One line, whatever the template did: a header can never be split.
    subject = re.sub(r"\s+", " ", subject).strip()
    context["subject"] = subject
    text = render_to_string(f"{template}.txt", context).strip() + "\n"
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


def queue_email(*, to, template, context, kind, headers=None, about=None, mailer="default", attachments=None):
    """Store an email in the outbox now; send it once the transaction commits.

    ``attachments``: files to send with it, each ``{"filename", "mimetype",
    "content"}`` with the content as bytes (stored base64 in the row)."""
    subject, text, html = render_email(template, context)
    email = OutgoingEmail.objects.create(
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers or {},
        attachments=[
            {
                "filename": item["filename"],
                "mimetype": item["mimetype"],
                "content": base64.b64encode(item["content"]).decode("ascii"),
            }
            for item in attachments or ()
        ],
        mailer=mailer,
        kind=kind,
        content_type=ContentType.objects.get_for_model(about) if about is not None else None,
        object_id=about.pk if about is not None else None,
    )
    # robust: a broken queue must not turn a committed sign-up into an error
    # page; the row waits for send_pending_emails instead.
    transaction.on_commit(partial(enqueue_send, email.pk), robust=True)
    return email


def enqueue_send(email_id, run_after=None):
    from .tasks import send_outgoing_email

    task = send_outgoing_email
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # send_pending_emails will pick it up when it is due
        task = task.using(run_after=run_after)
    return task.enqueue(email_id)


class UnfoldedHeader(str):
    """A header value written on one line, however long.

    Python's email package folds a long header that has no spaces (such as
    ``List-Unsubscribe: <https://...long token...>``) into RFC 2047 encoded
    words, which mail programs do not read as a link. One line of up to 998
    characters is valid (RFC 5322, 2.1.1), and it is what bulk senders send.
    The email package writes any value that has ``name`` and ``fold`` as is.
    """

    def __new__(cls, name, value):
        if len(name) + len(value) + 2 > 998 or not value.isascii() or "\r" in value or "\n" in value:
            raise ValueError(f"{name} cannot be sent on one line")
        header = super().__new__(cls, value)
        header.name = name
        return header

    def __getnewargs__(self):  # for copy and pickle (the locmem backend copies messages)
        return (self.name, str(self))

    def fold(self, *, policy):
        return f"{self.name}: {self}{policy.linesep}"


def build_message(email):
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={name: UnfoldedHeader(name, value) for name, value in email.headers.items()},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments or ():
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def deliver(email_id):
    """Try to send one outbox email. Returns "sent", "failed" or "skipped".

    Safe to call from several workers at once: a conditional update claims the
    row, so only one of them sends it.
    """
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM_TIMEOUT, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not claimed:
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        build_message(email).send(using=email.mailer)
    except Exception as error:  # noqa: BLE001 - any failure to send is recorded and retried
        gave_up = email.attempts >= MAX_ATTEMPTS
        next_attempt = now + retry_delay(email.attempts)
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED if gave_up else OutgoingEmail.Status.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:1000],
            next_attempt_at=next_attempt,
            claimed_until=None,
        )
        logger.warning(
            "Email #%s (%s) failed on attempt %s: %s%s",
            email_id,
            email.kind,
            email.attempts,
            type(error).__name__,
            "; giving up" if gave_up else "",
        )
        if not gave_up:
            enqueue_send(email_id, run_after=next_attempt)
        return "failed"
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "sent"


def due_emails(now=None):
    now = now or timezone.now()
    return (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at", "pk")
    )


def send_due_emails(limit=None):
    """Send every email that is due. Returns a count per outcome."""
    ids = list(due_emails().values_list("pk", flat=True)[:limit])
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for email_id in ids:
        counts[deliver(email_id)] += 1
    return counts
