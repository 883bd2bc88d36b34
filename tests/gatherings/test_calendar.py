"""The .ics files: RFC 5545 parsed back with icalendar; stable UIDs, UTC times,
one VEVENT per session, the feed of everything coming up."""

import datetime

import pytest
from icalendar import Calendar

from tests.gatherings.factories import GatheringPageFactory, in_days, london

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_one_gathering_with_sessions_is_one_event_per_session(client, index_page):
    start = london(2030, 10, 27, 10)  # the day the clocks go back
    GatheringPageFactory(
        parent=index_page,
        title="Festival",
        slug="festival",
        starts_at=start,
        ends_at=london(2030, 10, 28, 16),
        sessions=[
            ("Opening", start, london(2030, 10, 27, 11, 30)),
            ("Closing", london(2030, 10, 28, 14), london(2030, 10, 28, 16)),
        ],
    )
    response = client.get("/gatherings/festival/calendar.ics")
    assert response["Content-Disposition"] == 'attachment; filename="festival.ics"'
    calendar = parse(response)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]).startswith("-//Social Care Future")
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Festival: Opening", "Festival: Closing"]
    opening = events[0]
    # UTC: 10am GMT on 27 October 2030 (after the change) is 10:00Z.
    assert opening.decoded("DTSTART") == datetime.datetime(2030, 10, 27, 10, 0, tzinfo=datetime.UTC)
    assert opening["DTSTART"].to_ical() == b"20301027T100000Z"
    assert opening.decoded("DTSTAMP").tzinfo is not None
    assert str(opening["URL"]) == "http://testserver/gatherings/festival/"
    assert "Friends Meeting House" in str(opening["LOCATION"])
    assert "Step-free access" in str(opening["DESCRIPTION"])
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == 2 and all(uid.endswith("@testserver") for uid in uids)
    # Stable: the same file again has the same UIDs.
    again = parse(client.get("/gatherings/festival/calendar.ics")).walk("VEVENT")
    assert [str(event["UID"]) for event in again] == uids


def test_the_feed_holds_every_upcoming_gathering_and_marks_a_cancelled_one(client, index_page):
    GatheringPageFactory(parent=index_page, title="Past", starts_at=london(2020, 2, 4, 10))
    GatheringPageFactory(parent=index_page, title="Soon", starts_at=in_days(3))
    GatheringPageFactory(parent=index_page, title="Off", starts_at=in_days(10), status="cancelled")
    GatheringPageFactory(parent=index_page, title="Draft", starts_at=in_days(4), live=False)
    events = parse(client.get("/gatherings/calendar.ics")).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Soon", "Cancelled: Off"]
    assert [str(event["STATUS"]) for event in events] == ["CONFIRMED", "CANCELLED"]


def test_an_online_gathering_booked_here_keeps_its_joining_link_out_of_the_file(client, index_page):
    gathering = GatheringPageFactory(
        parent=index_page, format="online", region="online", joining_link="https://meet.example.org/secret"
    )
    content = client.get(f"/gatherings/{gathering.slug}/calendar.ics").content
    assert b"meet.example.org" not in content
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["LOCATION"]) == "Online"


def test_unknown_or_draft_gatherings_have_no_calendar(client, index_page):
    draft = GatheringPageFactory(parent=index_page, live=False)
    assert client.get("/gatherings/nothing-here/calendar.ics").status_code == 404
    assert client.get(f"/gatherings/{draft.slug}/calendar.ics").status_code == 404
