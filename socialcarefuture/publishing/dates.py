"""Dates the way the site writes them: "Tuesday 4 February 2020, 10am"."""

from django.utils import timezone


def time_of_day(moment):
    """10am, 4:30pm, 12pm (noon)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{suffix}"


def long_date(value):
    """Tuesday 4 February 2020 (a date, or a datetime in UK time)."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return f"{value:%A} {value.day} {value:%B %Y}"


def long_datetime(moment):
    """Tuesday 4 February 2020, 10am (in UK time)."""
    if moment is None:
        return ""
    moment = timezone.localtime(moment)
    return f"{long_date(moment)}, {time_of_day(moment)}"
