from django.core.management.base import BaseCommand

from gatherings.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email everyone with a place at a gathering that starts tomorrow (UK time). "
        "Run it daily; running it again never sends a second reminder."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Gathering reminders queued: {sent}.")
