"""Gatherings as iCalendar (RFC 5545), made with the ``icalendar`` library.

One VEVENT per session where a gathering has a programme, else one for the
gathering. Times are in UTC (the ``Z`` form every calendar program reads), so
no VTIMEZONE is needed and the clock change cannot shift anything. UIDs are
stable (they name the gathering and session by id and the site's host), so
importing the file again updates the same events instead of adding copies.
A cancelled gathering stays in the feed with ``STATUS:CANCELLED``, so
calendars that follow the feed take it out.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Social Care Future//Gatherings//EN"


def _host():
    return urlsplit(settings.SITE_URL).hostname or "socialcarefuture.org.uk"


def _utc(moment):
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def uid(gathering, session=None):
    if session is None:
        return f"gathering-{gathering.pk}@{_host()}"
    return f"gathering-{gathering.pk}-session-{session.pk}@{_host()}"


def describe(gathering, session=None):
    """The event's plain-text description: what, access support, the page's address."""
    parts = []
    if session is not None:
        if session.description:
            parts.append(session.description)
        parts.append(f"Part of {gathering.title} ({gathering.when}).")
    else:
        parts.append(gathering.introduction)
    if gathering.access_support:
        parts.append("Access support: " + "; ".join(label for label, _icon in gathering.access_support) + ".")
    if gathering.is_online and gathering.booking_type != "built-in":
        joining = gathering.joining_link_on_page
        parts.append(
            f"Join online: {joining}" if joining else "How to join online: see the gathering's page."
        )
    elif gathering.is_online:
        parts.append("The joining link is in your booking email.")
    parts.append(f"More, and the flyers: {gathering.get_absolute_url()}")
    return "\n\n".join(part for part in parts if part)


def location(gathering):
    if gathering.is_in_person:
        text = gathering.address_text
        return f"{text} (and online)" if gathering.is_online else text
    return f"Online ({gathering.online_platform})" if gathering.online_platform else "Online"


def events(gathering, stamp):
    sessions = gathering.session_list
    for session in sessions or [None]:
        event = Event()
        event.add("uid", uid(gathering, session))
        event.add("dtstamp", stamp)
        start, end = (
            (session.starts_at, session.ends_at) if session else (gathering.starts_at, gathering.ends_at)
        )
        event.add("dtstart", _utc(start))
        event.add("dtend", _utc(end))
        title = f"{gathering.title}: {session.title}" if session else gathering.title
        if gathering.is_cancelled:
            title = f"Cancelled: {title}"
        event.add("summary", title)
        event.add("description", describe(gathering, session))
        event.add("location", location(gathering))
        event.add("url", gathering.get_absolute_url())
        event.add("status", "CANCELLED" if gathering.is_cancelled else "CONFIRMED")
        event.add("transp", "OPAQUE")
        if gathering.last_published_at:
            event.add("last-modified", _utc(gathering.last_published_at))
        if gathering.latitude is not None and gathering.longitude is not None and gathering.is_in_person:
            event.add("geo", (float(gathering.latitude), float(gathering.longitude)))
        event.add("organizer", f"mailto:{_organiser_email()}", parameters={"CN": "Social Care Future"})
        yield event


def _organiser_email():
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "hello@socialcarefuture.org.uk"


def build_calendar(gatherings, name="Social Care Future gatherings"):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = _utc(timezone.now())
    for gathering in gatherings:
        for event in events(gathering, stamp):
            calendar.add_component(event)
    return calendar


def calendar_bytes(gatherings, name="Social Care Future gatherings"):
    return build_calendar(gatherings, name=name).to_ical()


def calendar_response(gatherings, *, filename=None, name):
    response = HttpResponse(
        calendar_bytes(gatherings, name=name), content_type="text/calendar; charset=utf-8"
    )
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
