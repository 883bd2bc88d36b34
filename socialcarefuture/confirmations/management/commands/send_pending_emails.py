from django.core.management.base import BaseCommand

from socialcarefuture.confirmations.emails import send_due_emails


class Command(BaseCommand):
    help = (
        "Send every outgoing email that is due: new ones the task queue has not "
        "sent yet, and failed ones whose wait before the next try is over. Run it "
        "from cron every few minutes; it is safe to run alongside the task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many.")

    def handle(self, *args, limit=None, **options):
        counts = send_due_emails(limit=limit)
        self.stdout.write(
            f"Sent {counts['sent']}, failed {counts['failed']} (will retry), skipped {counts['skipped']}."
        )
