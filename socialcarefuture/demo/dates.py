"""Dates in demo content, fixed or counted from the day the demo is loaded.

    2020-02-04                 a day
    2020-02-04 10:00           a day and a time (the site's time zone);
                               also "2020-02-04 at 10:00"
    today, tomorrow, yesterday
    in 21 days, in 3 weeks, in 2 months
    10 days ago, 1 week ago, 6 months ago
    ...any of them followed by "at 10:00" (or "at 18:30")

So a gathering can always be "in 21 days at 10:00", and a post "3 days ago".
"""

import calendar
import datetime
import re

from django.utils import timezone

_TIME = r"(?:\s+at\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
_ABSOLUTE = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:\s+at\s+|[ t])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?)?$"
)
_NAMED = re.compile(rf"^(?P<name>today|tomorrow|yesterday){_TIME}$")
_FUTURE = re.compile(rf"^in\s+(?P<count>\d+)\s+(?P<unit>day|week|month)s?{_TIME}$")
_PAST = re.compile(rf"^(?P<count>\d+)\s+(?P<unit>day|week|month)s?\s+ago{_TIME}$")


class DateError(ValueError):
    pass


def _add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _shift(today, count, unit):
    if unit == "month":
        return _add_months(today, count)
    return today + datetime.timedelta(days=count * (7 if unit == "week" else 1))


def parse(value, today):
    """``(date, time or None)`` from a YAML value (a date, a datetime or words)."""
    if isinstance(value, datetime.datetime):
        return value.date(), value.time()
    if isinstance(value, datetime.date):
        return value, None
    if not isinstance(value, str):
        raise DateError(f"expected a date, got {value!r}")
    text = " ".join(value.strip().lower().split())
    if match := _ABSOLUTE.match(text):
        try:
            day = datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError as error:
            raise DateError(f"{value!r} is not a real day ({error})") from None
    elif match := _NAMED.match(text):
        day = today + datetime.timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[match["name"]])
    elif match := _FUTURE.match(text):
        day = _shift(today, int(match["count"]), match["unit"])
    elif match := _PAST.match(text):
        day = _shift(today, -int(match["count"]), match["unit"])
    else:
        raise DateError(
            f"cannot read the date {value!r}: write 2020-02-04, 2020-02-04 10:00, today, "
            "'in 21 days at 10:00' or '3 weeks ago' (see socialcarefuture/demo/dates.py)"
        )
    if match["hour"] is None:
        return day, None
    try:
        return day, datetime.time(int(match["hour"]), int(match["minute"]))
    except ValueError as error:
        raise DateError(f"{value!r} has an impossible time ({error})") from None


def to_date(value, today):
    return parse(value, today)[0]


def to_datetime(value, today):
    """An aware datetime in the site's time zone (midnight when no time is given)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return value
    day, time = parse(value, today)
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(0, 0)))
