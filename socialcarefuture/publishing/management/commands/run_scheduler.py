"""Run Wagtail's scheduled publishing every minute, until stopped.

`make run` starts this beside the development server, so that a page scheduled
for 10am goes live at 10am on a local preview too. In production, either run it
as a long-running process (a systemd service, a container) or call
`manage.py publish_scheduled` from a timer every minute or five; both do the
same work and may even run side by side (each run only publishes what is due).
"""

import signal
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages every minute (Wagtail's publish_scheduled), until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs (default 60).")
        parser.add_argument("--once", action="store_true", help="Run once and stop.")

    def handle(self, *args, interval, once, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        if not once:
            self.stdout.write(f"Scheduled publishing: checking every {interval} seconds.")
        while True:
            self.run_once()
            if once or self.stopping:
                return
            # A long-running process must not keep a broken or stale connection.
            close_old_connections()
            deadline = time.monotonic() + interval
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(min(1, interval))
            if self.stopping:
                return

    def run_once(self):
        try:
            call_command("publish_scheduled", verbosity=0, stdout=self.stdout)
        except Exception as error:  # noqa: BLE001 - keep going: the next minute may work
            self.stderr.write(f"Scheduled publishing failed ({error}); trying again in a minute.")

    def stop(self, signum, frame):
        self.stopping = True
