"""Gatherings and bookings in the Wagtail admin: numbers per gathering, the
shared personal-records listing with downloads, and a convenor's actions."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client

from gatherings.models import Booking
from tests.gatherings.factories import BookingFactory, GatheringPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("emails_at_once")]


@pytest.fixture
def full_gathering(index_page):
    gathering = GatheringPageFactory(parent=index_page, title="Leeds day", capacity=2)
    BookingFactory(gathering=gathering, name="Ruth", email="ruth@example.org", access_needs="=HYPERLINK(1)")
    BookingFactory(gathering=gathering, name="Dev", email="dev@example.org", access_needs="A quiet room")
    BookingFactory(gathering=gathering, name="Aisha", email="aisha@example.org", place="waiting")
    BookingFactory(gathering=gathering, name="Unconfirmed", status="pending", place="", confirmed_at=None)
    return gathering


def test_the_gatherings_listing_shows_booked_waiting_and_places_left(admin_client, full_gathering):
    html = admin_client.get("/admin/gathering_pages/").content.decode()
    row = html[html.index("Leeds day") :]
    row = row[: row.index("</tr>")]
    cells = [cell.strip() for cell in __import__("re").findall(r"<td[^>]*>\s*([^<]*)", row)]
    assert "2" in cells and "1" in cells and "0" in cells
    assert f"/admin/gathering_bookings/?gathering={full_gathering.pk}" in row


def test_bookings_filter_by_gathering_with_its_counts(admin_client, full_gathering, index_page):
    other = GatheringPageFactory(parent=index_page, title="Bristol day")
    BookingFactory(gathering=other, name="Someone else")
    html = admin_client.get(f"/admin/gathering_bookings/?gathering={full_gathering.pk}").content.decode()
    assert "2 booked · 1 waiting · 0 of 2 places left" in html
    assert "Ruth" in html and "Someone else" not in html
    html = admin_client.get("/admin/gathering_bookings/?place=waiting").content.decode()
    assert "Aisha" in html and "Ruth" not in html


def test_the_download_holds_confirmed_bookings_with_access_needs_safely(admin_client, full_gathering):
    response = admin_client.get("/admin/gathering_bookings/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert sorted(row["Name"] for row in rows) == ["Aisha", "Dev", "Ruth"]
    by_name = {row["Name"]: row for row in rows}
    assert by_name["Dev"]["Access needs"] == "A quiet room"
    assert by_name["Ruth"]["Access needs"] == "'=HYPERLINK(1)"
    assert by_name["Aisha"]["Place"] == "On the waiting list"
    assert by_name["Dev"]["Gathering"] == "Leeds day"


def test_downloads_need_their_own_permission(client, django_user_model, full_gathering):
    user = django_user_model.objects.create_user("convenor", password="pw")
    group = Group.objects.create(name="Booking viewers")  # not the Convenors: they may download
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_booking")
    )
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/admin/gathering_bookings/").status_code == 200
    refused = client.get("/admin/gathering_bookings/?export=csv")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "permission denied"
    ruth = Booking.objects.get(name="Ruth")
    # Nor may they cancel or move people up.
    assert client.post(f"/admin/gathering_bookings/cancel/{ruth.pk}/").status_code in (302, 403)
    assert Booking.objects.get(name="Ruth").status == "confirmed"


def test_a_convenor_cancels_a_booking_and_the_first_person_waiting_moves_up(admin_client, full_gathering):
    ruth = Booking.objects.get(name="Ruth")
    page = admin_client.get(f"/admin/gathering_bookings/inspect/{ruth.pk}/").content.decode()
    assert "Cancel this booking" in page and "=HYPERLINK(1)" in page
    assert admin_client.get(f"/admin/gathering_bookings/cancel/{ruth.pk}/").status_code == 405
    response = admin_client.post(f"/admin/gathering_bookings/cancel/{ruth.pk}/")
    assert response.status_code == 302
    ruth.refresh_from_db()
    assert ruth.status == "withdrawn"
    assert Booking.objects.get(name="Aisha").place == "held"
    subjects = sorted(email.subject for email in mail.outbox)
    assert subjects == ["Good news: you have a place at Leeds day", "Your booking for Leeds day is cancelled"]


def test_a_convenor_moves_someone_up_by_hand(admin_client, full_gathering):
    aisha = Booking.objects.get(name="Aisha")
    page = admin_client.get(f"/admin/gathering_bookings/inspect/{aisha.pk}/").content.decode()
    assert "Give them a place now" in page
    admin_client.post(f"/admin/gathering_bookings/move-up/{aisha.pk}/")
    aisha.refresh_from_db()
    assert aisha.place == "held"
    assert mail.outbox[-1].subject == "Good news: you have a place at Leeds day"
    # Doing it again changes nothing and sends nothing.
    admin_client.post(f"/admin/gathering_bookings/move-up/{aisha.pk}/")
    assert len(mail.outbox) == 1


def test_admin_actions_need_a_csrf_token(admin_user, full_gathering):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    ruth = Booking.objects.get(name="Ruth")
    assert client.post(f"/admin/gathering_bookings/cancel/{ruth.pk}/").status_code in (302, 403)
    assert Booking.objects.get(name="Ruth").status == "confirmed"
