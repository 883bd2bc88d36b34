from django.core.management.base import BaseCommand

from socialcarefuture.easy_read import COLLECTION_NAME, load_pictures, manifest


class Command(BaseCommand):
    help = (
        "Put the Easy Read picture library in the image library (the 'Easy Read pictures' "
        "collection). Run it after 'migrate' on every deploy: it only adds pictures that are "
        "missing, and never changes one a convenor has edited."
    )

    def handle(self, *args, **options):
        made = load_pictures()
        total = len(manifest())
        self.stdout.write(
            self.style.SUCCESS(f"{COLLECTION_NAME}: added {len(made)}, {total - len(made)} already there.")
        )
