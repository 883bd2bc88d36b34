"""Booking pages: the booking form, and the pages behind the links in booking emails.

The booking form sits on each gathering's page, which shared caches keep for
anonymous readers, so it carries no CSRF token and posts here, to a view that
does not ask for one (``csrf_protected = False``). That is safe for the same
reason as the mailing list's footer form: booking is double opt-in. A forged
request can only ask for a confirmation email to an address; nothing is held,
and no place is taken, until the owner of that address follows the link. The
honeypot and per-address and per-IP rate limits stop floods.
"""

import logging
from email.utils import parseaddr

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property

from socialcarefuture.confirmations import views as shared
from socialcarefuture.confirmations.abuse import RateLimit

from .forms import BookingForm
from .models import CONSENT, Booking, BookingState, GatheringPage

logger = logging.getLogger(__name__)

BOOKINGS_PER_IP_MINUTE = RateLimit("gathering-booking-ip-minute", limit=5, period=60)
BOOKINGS_PER_IP_HOUR = RateLimit("gathering-booking-ip-hour", limit=30, period=60 * 60)
BOOKINGS_PER_ADDRESS_DAY = RateLimit("gathering-booking-address-day", limit=6, period=24 * 60 * 60)

#: Why a booking cannot be made, in words for the person booking.
CLOSED_MESSAGES = {
    BookingState.FULL: "Sorry, this gathering is full and has no waiting list.",
    BookingState.STARTED: "Sorry, booking has closed: this gathering has already started.",
    BookingState.CANCELLED: "Sorry, this gathering has been cancelled, so you cannot book a place.",
}


def gathering_crumbs(gathering, label=None):
    crumbs = []
    parent = gathering.get_parent()
    if parent is not None and parent.depth > 2:
        crumbs.append((parent.title, parent.url))
    crumbs.append((gathering.title, gathering.url if label else None))
    if label:
        crumbs.append((label, None))
    return crumbs


class BookingView(shared.SignUpView):
    """GET: the booking form on a page of its own (and again with any errors).
    POST: from that page or from the gathering's own page. See the module docstring
    for why there is no CSRF token."""

    form_class = BookingForm
    record_model = Booking
    consent = CONSENT
    template_name = "gatherings/booking_page.html"
    form_id_prefix = "booking-"
    csrf_protected = False
    ip_rate_limits = (BOOKINGS_PER_IP_MINUTE, BOOKINGS_PER_IP_HOUR)
    address_rate_limits = (BOOKINGS_PER_ADDRESS_DAY,)
    detail_fields = ("name", "access_needs")
    logger = logger
    log_label = "Gathering booking"

    @cached_property
    def gathering(self):
        return get_object_or_404(GatheringPage.objects.live().public(), pk=self.kwargs["gathering_id"])

    def dispatch(self, request, *args, **kwargs):
        if not self.gathering.has_built_in_booking:
            raise Http404("This gathering is not booked here.")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {**super().get_initial(), "source": self.gathering.url}

    def get_context_data(self, **kwargs):
        gathering = self.gathering
        state = gathering.booking_state()
        return {
            **super().get_context_data(**kwargs),
            "gathering": gathering,
            "booking_state": state,
            "closed_message": CLOSED_MESSAGES.get(state, ""),
            "crumbs": gathering_crumbs(gathering, "Book a place"),
        }

    def get_success_url(self):
        return self.gathering.url + "check-your-email/"

    def get_sign_up_kwargs(self, form):
        return {**super().get_sign_up_kwargs(form), "lookup": {"gathering": self.gathering}}

    def sign_up(self, form):
        state = self.gathering.booking_state()
        if state in CLOSED_MESSAGES:
            raise shared.SignUpRefused(CLOSED_MESSAGES[state])
        return super().sign_up(form)


class BookingLinkMixin:
    model = Booking
    start_again_text = "Go to the gathering to book again"

    @property
    def start_again_url(self):
        return "/gatherings/"

    def get_context_data(self, **kwargs):
        record = self.record
        gathering = record.gathering
        return {
            **super().get_context_data(**kwargs),
            "gathering": gathering,
            "booking": record,
            "position": record.waiting_position(),
            "manage_path": reverse("gatherings:booking", args=[record.make_token("manage")]),
            "from_address": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
            "crumbs": gathering_crumbs(gathering, self.crumb),
        }


class ConfirmBookingView(BookingLinkMixin, shared.ConfirmRecordView):
    """The link in the first email: a page with a 'Confirm my booking' button."""

    template_name = "gatherings/booking_confirm.html"
    crumb = "Confirm your booking"

    def get_success_url(self):
        return reverse("gatherings:booking", args=[self.record.make_token("manage")])


class ManageBookingView(BookingLinkMixin, shared.WithdrawRecordView):
    """'Your booking': whether you have a place or are waiting, and a button to cancel."""

    template_name = "gatherings/booking_manage.html"
    crumb = "Your booking"
    logger = logger
    log_label = "Gathering booking cancelled"

    def get_success_url(self):
        return reverse("gatherings:booking", args=[self.token]) + "?cancelled=1"
