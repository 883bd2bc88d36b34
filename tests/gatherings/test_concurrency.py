"""Many people confirming or cancelling at the same moment (PostgreSQL: real
concurrent transactions, each thread with its own connection). The gathering's
row lock means it is never over-filled and nobody loses their place in the queue."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gatherings.models import Booking
from tests.factories import build_site
from tests.gatherings.factories import BookingFactory, GatheringIndexPageFactory, GatheringPageFactory

PARALLEL = 12


def at_once(paths):
    """POST to every path at the same moment, one thread (and connection) each."""
    barrier = threading.Barrier(len(paths))

    def post(path):
        client = Client()
        barrier.wait()
        try:
            return client.post(path).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(post, paths))


def make_gathering(**kwargs):
    index = GatheringIndexPageFactory(parent=build_site())
    return GatheringPageFactory(parent=index, **kwargs)


def pending(gathering, count):
    return [
        BookingFactory(gathering=gathering, status="pending", place="", confirmed_at=None, queued_at=None)
        for _ in range(count)
    ]


def confirm_path(booking):
    return reverse("gatherings:confirm", args=[booking.make_token("confirm")])


@pytest.mark.postgres
def test_many_confirming_the_last_places_at_once_never_over_fill(committed_db, settings):
    settings.RATELIMIT_ENABLE = False
    gathering = make_gathering(capacity=3, has_waiting_list=True)
    bookings = pending(gathering, PARALLEL)
    assert at_once([confirm_path(booking) for booking in bookings]) == [303] * PARALLEL

    held = Booking.objects.filter(gathering=gathering, status="confirmed", place="held")
    waiting = list(
        Booking.objects.filter(gathering=gathering, status="confirmed", place="waiting").order_by(
            "queued_at", "pk"
        )
    )
    assert held.count() == 3
    assert len(waiting) == PARALLEL - 3
    # Everyone has a distinct place in the queue, 1 to 9, in the order they confirmed.
    assert [booking.waiting_position() for booking in waiting] == list(range(1, PARALLEL - 2))
    assert max(b.queued_at for b in held) <= min(b.queued_at for b in waiting)


@pytest.mark.postgres
def test_without_a_waiting_list_the_rest_are_turned_away(committed_db, settings):
    settings.RATELIMIT_ENABLE = False
    gathering = make_gathering(capacity=2, has_waiting_list=False)
    bookings = pending(gathering, PARALLEL)
    at_once([confirm_path(booking) for booking in bookings])
    places = sorted(Booking.objects.filter(gathering=gathering).values_list("place", flat=True))
    assert places == ["held"] * 2 + ["turned-away"] * (PARALLEL - 2)


@pytest.mark.postgres
def test_cancelling_at_once_moves_the_first_people_waiting_up_in_order(committed_db, settings):
    settings.RATELIMIT_ENABLE = False
    gathering = make_gathering(capacity=4, has_waiting_list=True)
    now = timezone.now()
    held = [
        BookingFactory(gathering=gathering, queued_at=now - datetime.timedelta(hours=10 - n))
        for n in range(4)
    ]
    waiting = [
        BookingFactory(gathering=gathering, place="waiting", queued_at=now - datetime.timedelta(hours=5 - n))
        for n in range(5)
    ]
    paths = [reverse("gatherings:booking", args=[booking.make_token("manage")]) for booking in held]
    assert at_once(paths) == [303] * 4

    for booking in waiting:
        booking.refresh_from_db()
    assert [booking.place for booking in waiting] == ["held"] * 4 + ["waiting"]
    assert waiting[4].waiting_position() == 1
    assert Booking.objects.filter(gathering=gathering, status="confirmed", place="held").count() == 4
    assert Booking.objects.filter(gathering=gathering, status="withdrawn").count() == 4
