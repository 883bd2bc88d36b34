"""manage.py import_wordpress EXPORT.xml --uploads DIR [--dry-run] [--overwrite]"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import Importer, ImportRefused
from wordpress.progress import Progress


class Command(BaseCommand):
    help = (
        "Bring the old WordPress site's posts, pages, pictures and documents into this site, "
        "with redirects from every old address. Export the old site in WordPress (Tools > Export > "
        "All content) and copy its wp-content/uploads folder, then run this with --dry-run first: "
        "it changes nothing and says what would happen. Running it again later updates what changed "
        "in WordPress, creates nothing twice, and leaves alone anything edited here since."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file WordPress's Tools > Export made.")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="The old site's uploads folder (wp-content/uploads, or the wp-content folder above it).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Change nothing: read everything and report what the import would do.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=(
                "Also replace things edited on this site since the last import (and bring back "
                "things deleted here) with what the export has."
            ),
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            help="Where to save the report as CSV (default: wordpress-import-<date and time>.csv here).",
        )
        parser.add_argument(
            "--collection",
            metavar="NAME",
            help="The image and document collection to put files in (default: one named after the old site).",
        )
        parser.add_argument("--batch-size", type=int, default=100, help="Items saved together (default 100).")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        importer = Importer(
            options["export"],
            options["uploads"],
            dry_run=options["dry_run"],
            overwrite=options["overwrite"],
            collection_name=options["collection"],
            batch_size=max(1, options["batch_size"]),
            progress=lambda total: Progress(total, stream=self.stderr._out, enabled=verbosity > 0),
        )
        try:
            index = importer.prepare()
            if verbosity > 0:
                title = index.channel.get("title") or "the old site"
                self.stdout.write(
                    f"Reading “{title}” (WordPress export format {index.version}): {index.total:,} items."
                )
                if not options["uploads"]:
                    self.stdout.write(
                        "No uploads folder given (--uploads): pictures and documents will not be copied."
                    )
            report = importer.run()
        except ImportRefused as error:
            raise CommandError(str(error)) from None

        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        suffix = "-dry-run" if options["dry_run"] else ""
        path = Path(options["report"] or f"wordpress-import-{stamp}{suffix}.csv")
        report.write_csv(path)
        if verbosity > 0:
            for line in report.summary(
                dry_run=options["dry_run"], problem_limit=10_000 if verbosity > 1 else 30
            ):
                self.stdout.write(line)
            if verbosity > 1:
                for row in report.rows:
                    self.stdout.write(
                        f"  {row.action}: {row.kind} {row.wordpress_id} {row.title} {row.reason}"
                    )
            self.stdout.write(f"The full report is in {path}")
            if not options["dry_run"]:
                self.stdout.write(self.style.SUCCESS("Import finished."))
