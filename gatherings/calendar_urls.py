"""/gatherings/calendar.ics and /gatherings/<slug>/calendar.ics (the public
contract's addresses). Wagtail's page URLs cannot hold a dot, so these two are
plain Django views in front of the page tree."""

from django.urls import path

from . import calendar_views

urlpatterns = [
    path("calendar.ics", calendar_views.all_upcoming, name="gatherings_calendar"),
    path("<slug:slug>/calendar.ics", calendar_views.one_gathering, name="gathering_calendar"),
]
