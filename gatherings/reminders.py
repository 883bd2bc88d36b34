"""The day-before reminder: run ``manage.py send_gathering_reminders`` every day
(or every hour: it never sends anyone two)."""

import datetime

from django.db import transaction
from django.utils import timezone

from . import dates
from .models import Booking, GatheringStatus


def tomorrow_window(now):
    """The start and end of tomorrow, London time, as aware datetimes."""
    today = dates.local(now).date()
    start = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(0, 0), dates.LONDON)
    end = datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time(0, 0), dates.LONDON)
    return start, end


def send_reminders(now=None):
    """Queue a reminder for everyone with a place at a gathering that starts
    tomorrow (London time) and has not been cancelled. Returns how many."""
    now = now or timezone.now()
    start, end = tomorrow_window(now)
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        place=Booking.Place.HELD,
        reminder_sent_at__isnull=True,
        gathering__live=True,
        gathering__starts_at__gte=start,
        gathering__starts_at__lt=end,
    ).exclude(gathering__status=GatheringStatus.CANCELLED)
    sent = 0
    for booking_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            # The row is claimed by this update, so two runs at once send one reminder.
            claimed = Booking.objects.filter(
                pk=booking_id, reminder_sent_at__isnull=True, status=Booking.Status.CONFIRMED
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            booking = Booking.objects.select_related("gathering").get(pk=booking_id)
            booking.queue_email("reminder")
            sent += 1
    return sent
