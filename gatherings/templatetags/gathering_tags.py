"""Plain-English times for gathering templates (see gatherings/dates.py)."""

from django import template

from gatherings import dates

register = template.Library()


@register.simple_tag
def when(start, end):
    """{% when page.starts_at page.ends_at %} → 'Tuesday 4 February 2020, 10am to 4pm'."""
    return dates.span(start, end)


@register.filter
def clock(moment):
    return dates.clock(moment)


@register.filter
def london_day(moment):
    return dates.day(moment)


@register.filter
def iso_time(moment):
    return dates.iso(moment)


@register.simple_tag
def session_times(start, end):
    return dates.times(start, end)
