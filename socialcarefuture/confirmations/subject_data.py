"""Everything held about one person, to download or erase (UK GDPR articles 15
and 17). Used by the ``subject_data`` command and the "Personal data requests"
admin page.

Every concrete ``ConfirmableRecord`` model (mailing list, pledge, bookings) is
found automatically; with each record go its consent records and its emails in
the outbox. Emails to the address that belong to no record are included too.
"""

import hashlib
import logging

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .models import ConfirmableRecord, OutgoingEmail, normalise_email

logger = logging.getLogger(__name__)


def record_models():
    """The concrete models that hold people's confirmed-by-email details."""
    return [model for model in apps.get_models() if issubclass(model, ConfirmableRecord)]


def find_records(email):
    normalised = normalise_email(email)
    records = []
    for model in record_models():
        records.extend(model.objects.filter(email_normalised=normalised).order_by("pk"))
    return records


def stray_emails(email):
    """Outbox emails to the address that belong to no record."""
    return OutgoingEmail.objects.filter(to__iexact=normalise_email(email), object_id__isnull=True)


def _email_data(message):
    return {
        "subject": message.subject,
        "to": message.to,
        "status": message.get_status_display(),
        "created_at": message.created_at.isoformat(),
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        "text": message.body_text,
    }


def export(email):
    """A JSON-ready dict of everything held about ``email``."""
    records = []
    for record in find_records(email):
        records.append(
            {
                "held_in": record.get_held_in_label(),
                **record.export_fields(),
                "consents": [consent.as_data() for consent in record.consents.select_related("consent_text")],
                "emails_we_sent_or_will_send": [
                    _email_data(message) for message in record.emails.order_by("created_at", "pk")
                ],
            }
        )
    others = [_email_data(message) for message in stray_emails(email)]
    return {
        "searched_for": normalise_email(email),
        "exported_at": timezone.now().isoformat(),
        "records": records,
        "other_emails": others,
    }


def summary(email):
    """``[(label, count)]`` of what is held, for a screen or a prompt."""
    counts = {}
    for record in find_records(email):
        label = record.get_held_in_label()
        counts[label] = counts.get(label, 0) + 1
        counts["Consent records"] = counts.get("Consent records", 0) + record.consents.count()
        counts["Emails"] = counts.get("Emails", 0) + record.emails.count()
    strays = stray_emails(email).count()
    if strays:
        counts["Emails"] = counts.get("Emails", 0) + strays
    return [(label, count) for label, count in counts.items() if count]


def erase(email):
    """Delete everything held about ``email``. Returns ``summary`` as it was.

    The record goes with its consent records and outbox emails, and with the
    admin's history of it (which names it by email address). After this we
    cannot tell that the person ever left a list, so they could be added again
    only by signing up again themselves.
    """
    before = summary(email)
    with transaction.atomic():
        for record in find_records(email):
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk)
            ).delete()
            record.delete()
        stray_emails(email).delete()
    digest = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:16]
    logger.info("Erased personal data for %s: %s", digest, before)
    return before
