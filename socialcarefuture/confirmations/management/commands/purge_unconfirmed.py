from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from socialcarefuture.confirmations.models import OutgoingEmail
from socialcarefuture.confirmations.subject_data import record_models

#: Sent, cancelled and abandoned emails are kept this long (they hold names
#: and links), then deleted.
OUTBOX_RETENTION = timedelta(days=30)


class Command(BaseCommand):
    help = (
        "Delete sign-ups (mailing list, pledge, bookings) that were never confirmed, "
        "once each model's unconfirmed_retention has passed since the last "
        "confirmation email (14 days for the mailing list), and outbox emails "
        "older than 30 days that are no longer waiting to be sent. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, but delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        for model in record_models():
            cutoff = now - model.unconfirmed_retention
            # Counted from the last confirmation email, so that a link sent again
            # is never left pointing at a deleted record.
            stale = model.objects.filter(status=model.Status.PENDING).filter(
                Q(confirmation_sent_at__lt=cutoff)
                | Q(confirmation_sent_at__isnull=True, signed_up_at__lt=cutoff)
            )
            count = stale.count()
            if not dry_run:
                stale.delete()
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count} unconfirmed removed")
        old_emails = OutgoingEmail.objects.filter(created_at__lt=now - OUTBOX_RETENTION).filter(
            ~Q(status=OutgoingEmail.Status.PENDING)
        )
        count = old_emails.count()
        if not dry_run:
            old_emails.delete()
        self.stdout.write(f"outbox: {count} old emails removed")
        if dry_run:
            self.stdout.write("Dry run: nothing was deleted.")
