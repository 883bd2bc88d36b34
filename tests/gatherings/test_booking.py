"""Booking a place: the form, confirming, the waiting list, cancelling and moving
up, closing, the emails (with the .ics attached), reminders, a cancelled
gathering, the admin and personal data."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from gatherings.models import Booking
from gatherings.reminders import send_reminders
from socialcarefuture.confirmations import subject_data
from socialcarefuture.confirmations.models import OutgoingEmail
from tests.gatherings.factories import BookingFactory, GatheringPageFactory, in_days

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("emails_at_once")]

GOOD = {
    "name": "Sam Lee",
    "email": "sam.lee@example.org",
    "access_needs": "A BSL interpreter, please.\nAnd a seat near the door.",
    "consent": "on",
    "source": "/gatherings/",
}


@pytest.fixture
def gathering(index_page):
    return GatheringPageFactory(parent=index_page, title="Leeds day", slug="leeds", capacity=2)


def book(client, gathering, **changes):
    return client.post(f"/bookings/{gathering.pk}/", {**GOOD, **changes})


def link(kind, email=None):
    body = (email or mail.outbox[-1]).body
    match = re.search(rf"http://testserver(/bookings/{kind}/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def book_and_confirm(client, gathering, address):
    assert book(client, gathering, email=address).status_code == 303
    email = mail.outbox[-1]
    assert email.to == [address]
    response = client.post(link("confirm", email))
    assert response.status_code == 303
    return Booking.objects.get(gathering=gathering, email=address)


def test_booking_asks_for_confirmation_and_holds_nothing_until_then(client, gathering):
    response = book(client, gathering)
    assert response.status_code == 303
    assert response["Location"] == "/gatherings/leeds/check-your-email/"
    booking = Booking.objects.get()
    assert (booking.status, booking.place) == ("pending", "")
    assert booking.access_needs == "A BSL interpreter, please.\nAnd a seat near the door."
    assert gathering.places["held"] == 0
    assert mail.outbox[-1].subject == "Please confirm your booking for Leeds day"
    assert booking.consents.get().consent_text.purpose == "gathering_booking"

    page = BeautifulSoup(client.get(link("confirm")).content, "html.parser")
    assert page.h1.get_text(strip=True) == "Confirm your booking"
    assert Booking.objects.get().status == "pending", "opening the link confirms nothing"


def test_confirming_holds_a_place_and_sends_the_gathering_as_an_ics_file(client, gathering):
    booking = book_and_confirm(client, gathering, "sam@example.org")
    assert (booking.status, booking.place) == ("confirmed", "held")
    email = mail.outbox[-1]
    assert email.subject == "Your place is booked: Leeds day"
    assert "/bookings/your-booking/" in email.body  # the cancel link
    [(filename, content, mimetype)] = email.attachments
    assert filename == "leeds.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Leeds day"
    assert event.decoded("DTSTART") == gathering.starts_at
    # The stored row has it too, so a retried send carries the same file.
    assert (
        OutgoingEmail.objects.filter(kind="gatherings.booked").get().attachments[0]["filename"] == "leeds.ics"
    )


def test_when_full_people_join_the_waiting_list_in_order_and_move_up_when_someone_cancels(client, gathering):
    first = book_and_confirm(client, gathering, "a@example.org")
    book_and_confirm(client, gathering, "b@example.org")
    third = book_and_confirm(client, gathering, "c@example.org")
    fourth = book_and_confirm(client, gathering, "d@example.org")
    assert (third.place, fourth.place) == ("waiting", "waiting")
    assert (third.waiting_position(), fourth.waiting_position()) == (1, 2)
    assert mail.outbox[-1].subject == "You are on the waiting list for Leeds day"
    assert "You are number 2 on the list" in mail.outbox[-1].body

    manage = link(
        "your-booking", next(e for e in mail.outbox if e.to == ["a@example.org"] and "booked" in e.subject)
    )
    page = BeautifulSoup(client.get(manage).content, "html.parser")
    assert page.h1.get_text(strip=True) == "Your booking"
    assert "You have a place" in page.get_text()
    sent = len(mail.outbox)
    response = client.post(manage)
    assert response.status_code == 303
    first.refresh_from_db()
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (first.status, first.place) == ("withdrawn", "")
    assert third.place == "held" and third.moved_up_at is not None
    assert fourth.waiting_position() == 1
    subjects = {tuple(email.to): email.subject for email in mail.outbox[sent:]}
    assert subjects == {
        ("a@example.org",): "Your booking for Leeds day is cancelled",
        ("c@example.org",): "Good news: you have a place at Leeds day",
    }
    moved_up = next(email for email in mail.outbox[sent:] if email.to == ["c@example.org"])
    assert moved_up.attachments and moved_up.attachments[0][0] == "leeds.ics"
    assert gathering.__class__.objects.get(pk=gathering.pk).places == {
        "held": 2,
        "waiting": 1,
        "left": 0,
        "capacity": 2,
    }


def test_a_full_gathering_without_a_waiting_list_refuses_kindly_and_stores_nothing(client, index_page):
    gathering = GatheringPageFactory(parent=index_page, capacity=1, has_waiting_list=False)
    BookingFactory(gathering=gathering)
    response = book(client, gathering)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "this gathering is full" in page.get_text()
    assert Booking.objects.count() == 1
    assert not page.select("form.booking-form")


def test_someone_who_confirms_after_the_last_place_went_is_told_kindly(client, index_page):
    gathering = GatheringPageFactory(parent=index_page, capacity=1, has_waiting_list=False, slug="small")
    book(client, gathering, email="late@example.org")
    late_link = link("confirm")
    book_and_confirm(client, gathering, "early@example.org")
    client.post(late_link)
    late = Booking.objects.get(email="late@example.org")
    assert (late.status, late.place) == ("confirmed", "turned-away")
    assert mail.outbox[-1].subject == f"Sorry, {gathering.title} is full"


def test_booking_closes_when_the_gathering_starts(client, index_page):
    now = timezone.now()
    gathering = GatheringPageFactory(
        parent=index_page,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=3),
    )
    response = book(client, gathering)
    assert response.status_code == 200
    assert "booking has closed" in response.content.decode()
    assert Booking.objects.count() == 0
    assert not BeautifulSoup(client.get(gathering.url).content, "html.parser").select("form.booking-form")


def test_errors_are_summarised_and_what_was_typed_is_kept(client, gathering):
    response = book(client, gathering, email="sam@example", name="", consent="")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.get_text().startswith("Error: ")
    links = [a["href"] for a in page.select(".error-summary a")]
    assert links == ["#booking-name", "#booking-email", "#booking-consent"]
    assert page.select_one("#booking-email")["value"] == "sam@example"
    assert "seat near the door" in page.select_one("#booking-access_needs").get_text()
    assert Booking.objects.count() == 0


def test_booking_twice_makes_one_booking_and_a_confirmed_person_is_told_by_email(client, gathering):
    book_and_confirm(client, gathering, "sam@example.org")
    cache_clear = __import__("django.core.cache", fromlist=["cache"]).cache
    Booking.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(hours=1))
    cache_clear.clear()
    assert book(client, gathering, email="SAM@example.org").status_code == 303
    assert Booking.objects.count() == 1
    assert mail.outbox[-1].subject == "You have already booked Leeds day"


def test_the_same_address_can_book_two_gatherings(client, index_page, gathering):
    other = GatheringPageFactory(parent=index_page)
    book(client, gathering)
    book(client, other)
    assert Booking.objects.filter(email_normalised="sam.lee@example.org").count() == 2


def test_a_cancelled_pending_booking_is_still_for_its_gathering(client, gathering):
    book(client, gathering)
    booking = Booking.objects.get()
    client.post(link("confirm").replace("/confirm/", "/your-booking/"))  # a bad token does nothing
    booking.withdraw("link")
    booking.refresh_from_db()
    assert booking.gathering_id == gathering.pk and booking.status == "withdrawn"
    # Booking again restarts the same record.
    book(client, gathering)
    assert Booking.objects.get().status == "pending"


def test_more_places_published_move_people_up(client, gathering):
    book_and_confirm(client, gathering, "a@example.org")
    book_and_confirm(client, gathering, "b@example.org")
    waiting = book_and_confirm(client, gathering, "c@example.org")
    gathering.capacity = 3
    gathering.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.place == "held"
    assert mail.outbox[-1].subject == "Good news: you have a place at Leeds day"


def test_cancelling_the_gathering_emails_everyone_booked_once(client, gathering):
    held = book_and_confirm(client, gathering, "a@example.org")
    book_and_confirm(client, gathering, "b@example.org")
    book_and_confirm(client, gathering, "c@example.org")  # waiting
    book(client, gathering, email="pending@example.org")
    sent = len(mail.outbox)
    gathering.status = "cancelled"
    gathering.cancellation_note = "The venue has flooded. We will find another date."
    gathering.save_revision().publish()
    gathering.save_revision().publish()  # publishing again tells nobody twice
    told = mail.outbox[sent:]
    assert sorted(email.to[0] for email in told) == ["a@example.org", "b@example.org", "c@example.org"]
    assert all(email.subject == "Cancelled: Leeds day" for email in told)
    assert "The venue has flooded" in told[0].body
    held.refresh_from_db()
    assert held.told_cancelled_at is not None


def test_reminders_go_the_day_before_to_people_with_a_place_once(index_page):
    tomorrow = GatheringPageFactory(parent=index_page, starts_at=in_days(1, 10))
    later = GatheringPageFactory(parent=index_page, starts_at=in_days(5, 10))
    off = GatheringPageFactory(parent=index_page, starts_at=in_days(1, 14), status="cancelled")
    with_place = BookingFactory(gathering=tomorrow, email="yes@example.org")
    BookingFactory(gathering=tomorrow, place="waiting", email="waiting@example.org")
    BookingFactory(gathering=tomorrow, status="withdrawn", place="", email="gone@example.org")
    BookingFactory(gathering=later, email="later@example.org")
    BookingFactory(gathering=off, email="off@example.org")

    call_command("send_gathering_reminders", stdout=open("/dev/null", "w"))
    assert [email.to for email in mail.outbox] == [["yes@example.org"]]
    assert mail.outbox[0].subject.startswith("See you tomorrow")
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    with_place.refresh_from_db()
    assert with_place.reminder_sent_at is not None
    assert send_reminders() == 0
    assert len(mail.outbox) == 1


def test_reminders_use_the_london_calendar_day(index_page):
    gathering = GatheringPageFactory(parent=index_page, starts_at=in_days(1, 0, 30))
    BookingFactory(gathering=gathering)
    late_evening = datetime.datetime.combine(
        timezone.localdate(), datetime.time(23, 45), gathering.starts_at.tzinfo
    )
    assert send_reminders(now=late_evening) == 1


def test_personal_data_export_includes_the_booking_and_access_needs(client, gathering):
    book_and_confirm(client, gathering, "sam@example.org")
    data = subject_data.export("Sam@Example.org")
    text = str(data)
    assert "Leeds day" in text
    assert "A BSL interpreter, please." in text
    assert "Has a place" in text
