"""Booking addresses (under /bookings/). The gatherings themselves are pages:
/gatherings/, /gatherings/<slug>/, their calendar.ics and check-your-email/ routes."""

from django.urls import path

from . import views

app_name = "gatherings"

urlpatterns = [
    path("<int:gathering_id>/", views.BookingView.as_view(), name="book"),
    path("confirm/<str:token>/", views.ConfirmBookingView.as_view(), name="confirm"),
    path("your-booking/<str:token>/", views.ManageBookingView.as_view(), name="booking"),
]
