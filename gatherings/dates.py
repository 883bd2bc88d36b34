"""Times in plain English, in Europe/London whatever the server's clock says.

    span(start, end)  "Tuesday 4 February 2020, 10am to 4pm"
                      "Monday 16 to Friday 20 November 2020"
                      "Monday 30 November to Tuesday 1 December 2020"
                      "Friday 3 May 2024, 7pm to 1am the next day"
    clock(moment)     "10am", "10:30am", "midday", "midnight"
    day(moment)       "Tuesday 4 February 2020"

Times are stored as aware datetimes (UTC in the database) and turned into
London time only here, so a gathering on the day the clocks change reads right.
"""

import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def local(moment):
    """``moment`` (an aware datetime) as London time."""
    return moment.astimezone(LONDON)


def clock(moment):
    """The time of day the GOV.UK way: 10am, 10:30am, midday, midnight."""
    moment = local(moment)
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"


def _day(date, *, year=True, month=True):
    text = f"{WEEKDAYS[date.weekday()]} {date.day}"
    if month:
        text += f" {MONTHS[date.month - 1]}"
    if year:
        text += f" {date.year}"
    return text


def day(moment, *, year=True):
    """'Tuesday 4 February 2020' (London date of ``moment``, or a date)."""
    date = local(moment).date() if isinstance(moment, datetime.datetime) else moment
    return _day(date, year=year)


def span(start, end):
    """When something happens, from ``start`` to ``end``, in one line."""
    start, end = local(start), local(end)
    first, last = start.date(), end.date()
    ends_at_midnight = end.hour == 0 and end.minute == 0 and last == first + datetime.timedelta(days=1)
    if first == last or ends_at_midnight:
        return f"{_day(first)}, {clock(start)} to {clock(end)}"
    if last == first + datetime.timedelta(days=1) and end - start < datetime.timedelta(hours=24):
        return f"{_day(first)}, {clock(start)} to {clock(end)} the next day"
    if first.year != last.year:
        return f"{_day(first)} to {_day(last)}"
    if first.month != last.month:
        return f"{_day(first, year=False)} to {_day(last)}"
    return f"{_day(first, year=False, month=False)} to {_day(last)}"


def times(start, end):
    """'10am to 4pm': the clock times only, for a session under its day's heading."""
    return f"{clock(start)} to {clock(end)}"


def iso(moment):
    """For ``<time datetime>``: London time with its offset."""
    return local(moment).isoformat(timespec="minutes")
