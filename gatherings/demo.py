"""The gatherings' demo content: the words are in ``gatherings/demo_content/``;
this is the logic. Loading twice changes nothing: pages are found by slug and
bookings by address."""

from socialcarefuture.demo.loader import DemoContent

from .models import Booking, GatheringIndexPage, GatheringPage


def load(home_page, stdout):
    demo = DemoContent("gatherings")
    created = demo.pages(parent=home_page)
    demo.objects(Booking, "bookings.yaml", key="email")

    gatherings = sum(isinstance(page, GatheringPage) for page in created)
    if created:
        index = (
            " and the gatherings page"
            if any(isinstance(page, GatheringIndexPage) for page in created)
            else ""
        )
        stdout.write(f"Gatherings: created {gatherings} gatherings{index}.")
    else:
        stdout.write("Gatherings demo content already exists: left as it is.")
