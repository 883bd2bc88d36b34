"""Gatherings joined to the shared admin: the groups' permissions, the page
form, the Easy Read report and the "Next gatherings" dashboard panel."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission

from gatherings.models import GatheringPage
from gatherings.wagtail_hooks import NextGatheringsPanel
from socialcarefuture.publishing.forms import PageForm
from socialcarefuture.publishing.reports import easy_read_expectations
from socialcarefuture.publishing.roles import CONTRIBUTORS, CONVENORS, WORKFLOW_NAME
from tests.gatherings.factories import (
    BookingFactory,
    GatheringIndexPageFactory,
    GatheringPageFactory,
    in_days,
)
from tests.publishing.conftest import contributor, convenor, log_in, make_person  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

BOOKING_PERMISSIONS = {"view_booking", "export_bookings", "manage_bookings"}


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_convenors_see_export_and_manage_bookings_and_contributors_do_not():
    assert BOOKING_PERMISSIONS <= codenames(CONVENORS)
    assert not BOOKING_PERMISSIONS & codenames(CONTRIBUTORS)


def test_the_gatherings_page_opens_to_contributors_with_the_approval_workflow(home_page):
    index = GatheringIndexPageFactory(parent=home_page)
    given = set(
        GroupPagePermission.objects.filter(page=index, group__name=CONTRIBUTORS).values_list(
            "permission__codename", flat=True
        )
    )
    assert given == {"add_page", "change_page"}
    assert index.get_workflow().name == WORKFLOW_NAME


def test_a_contributor_gets_403_on_bookings(client, home_page, contributor):  # noqa: F811
    booking = BookingFactory(
        gathering=GatheringPageFactory(parent=GatheringIndexPageFactory(parent=home_page))
    )
    log_in(client, contributor)
    assert client.get("/admin/gathering_bookings/").status_code == 403
    assert client.get(f"/admin/gathering_bookings/inspect/{booking.pk}/").status_code == 403


def test_the_gathering_form_keeps_the_shared_page_help():
    form_class = GatheringPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, PageForm)


def test_a_gathering_with_a_flyer_expects_an_easy_read_flyer():
    [expectation] = [e for e in easy_read_expectations() if e.model is GatheringPage]
    assert "Easy Read flyer" in expectation.advice


def render(panel, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return panel.render_html({"request": request})


def add_gathering(index, title, days, booked, waiting=0, capacity=10):
    gathering = GatheringPageFactory(parent=index, title=title, starts_at=in_days(days), capacity=capacity)
    for _ in range(booked):
        BookingFactory(gathering=gathering)
    for _ in range(waiting):
        BookingFactory(gathering=gathering, place="waiting")
    return gathering


def test_next_gatherings_shows_places_and_waiting_in_fixed_queries(home_page, convenor, contributor):  # noqa: F811
    index = GatheringIndexPageFactory(parent=home_page)
    add_gathering(index, "Leeds meet-up", 10, booked=3)
    add_gathering(index, "Full day in Bristol", 5, booked=4, waiting=2, capacity=4)
    GatheringPageFactory(
        parent=index,
        title="Booked elsewhere",
        booking_type="external",
        external_booking_url="https://tickets.example.org/",
    )
    GatheringPageFactory(parent=index, title="Last year's", starts_at=in_days(-400))
    panel = NextGatheringsPanel()
    render(panel, convenor)  # the person's permissions are loaded once, then kept

    with CaptureQueriesContext(connection) as small:
        html = render(panel, convenor)
    assert html.index("Full day in Bristol") < html.index("Leeds meet-up")
    assert "4 booked of 4, 2 waiting." in html and "Full" in html
    assert "3 booked of 10." in html and "7 places left" in html
    assert "Booked elsewhere" not in html and "Last year" not in html

    for number in range(4):
        add_gathering(index, f"Gathering {number}", 20 + number, booked=number, waiting=1)
    with CaptureQueriesContext(connection) as large:
        html = render(panel, convenor)
    assert "See all gatherings" in html
    assert len(large) == len(small) > 0
    # Contributors see no bookings, so no panel.
    assert render(panel, contributor) == ""
