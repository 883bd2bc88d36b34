"""Factories for gatherings. Times are aware datetimes; by default a gathering is
a day in three weeks, in person, with built-in booking for 10 people."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from gatherings.dates import LONDON
from gatherings.models import Booking, GatheringIndexPage, GatheringPage, GatheringSession


def london(*args):
    """An aware datetime in London time: london(2020, 2, 4, 10)."""
    return datetime.datetime(*args, tzinfo=LONDON)


def in_days(days, hour=10, minute=0):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), LONDON)


class GatheringIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GatheringIndexPage

    title = "Gatherings"
    slug = "gatherings"
    introduction = "Where the movement meets."


class GatheringPageFactory(wagtail_factories.PageFactory):
    """A live gathering. ``sessions=[(title, start, end), ...]`` adds a programme."""

    class Meta:
        model = GatheringPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Gathering number {n}")
    slug = factory.Sequence(lambda n: f"gathering-{n}")
    introduction = "A day to meet, talk and plan together."
    audience = "Everyone is welcome."
    starts_at = factory.LazyFunction(lambda: in_days(21, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    format = "in-person"
    region = "north-west"
    venue_name = "Friends Meeting House"
    street_address = "6 Mount Street"
    town = "Manchester"
    postcode = "M2 5NS"
    step_free = True
    hearing_loop = True
    booking_type = "built-in"
    capacity = 10
    has_waiting_list = True
    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        for number, (title, start, end) in enumerate(extracted or []):
            GatheringSession.objects.create(
                page=self, title=title, starts_at=start, ends_at=end, sort_order=number
            )


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking with a place, unless told otherwise."""

    class Meta:
        model = Booking

    gathering = factory.SubFactory(GatheringPageFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    status = "confirmed"
    place = "held"
    confirmed_at = factory.LazyFunction(timezone.now)
    queued_at = factory.Sequence(lambda n: timezone.now() - datetime.timedelta(hours=100 - n))
