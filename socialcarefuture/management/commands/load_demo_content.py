from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from socialcarefuture.demo import site
from socialcarefuture.demo.tasks import run_each_task_once_at_the_end


class Command(BaseCommand):
    help = (
        "Fill an empty site with the demo content. Running it again changes nothing. "
        "Apps add their own content with the 'load_demo_content' Wagtail hook: a "
        "function taking (home_page, stdout) that creates only what is missing."
    )

    def handle(self, *args, **options):
        with transaction.atomic(), run_each_task_once_at_the_end():
            home = site.load(self.stdout)
            for loader in hooks.get_hooks("load_demo_content"):
                loader(home, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
