"""Gatherings in the Wagtail admin, on the vision page and in the demo content.

* "Gatherings > All gatherings": every gathering with its date and, for those
  booked here, how many are booked, waiting and how many places are left.
* "Gatherings > Bookings": the shared personal-records admin (search, filters
  by gathering, status and place, counts, consent and emails on each record,
  downloads with access needs for those allowed). A booking's page has two
  actions for convenors who may manage bookings: cancel it, or move the person
  up from the waiting list.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.pages import PageListingViewSet

from socialcarefuture.confirmations.admin_viewsets import (
    ConfirmableRecordFilterSet,
    ConfirmableRecordIndexView,
    ConfirmableRecordInspectView,
    ConfirmableRecordViewSet,
    StatusColumn,
)
from socialcarefuture.confirmations.models import WithdrawalMethod
from socialcarefuture.publishing.dashboard import ListPanel, Row
from socialcarefuture.queries import first_live_page
from socialcarefuture.sections import HomeSection

from .models import Booking, BookingType, GatheringIndexPage, GatheringPage, GatheringStatus

MANAGE_PERMISSION = "gatherings.manage_bookings"


# Bookings -------------------------------------------------------------------------------------


class BookingFilterSet(ConfirmableRecordFilterSet):
    gathering = django_filters.ModelChoiceFilter(
        label="Gathering",
        queryset=GatheringPage.objects.order_by("-starts_at"),
        empty_label="All gatherings",
    )
    place = django_filters.ChoiceFilter(
        label="Place",
        choices=[choice for choice in Booking.Place.choices if choice[0]],
        empty_label="Any",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Booking
        fields = []


class BookingIndexView(ConfirmableRecordIndexView):
    results_template_name = "gatherings/admin/booking_index_results.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("gathering")

    @cached_property
    def chosen_gathering(self):
        value = self.request.GET.get("gathering", "")
        if not value.isdigit():
            return None
        return GatheringPage.objects.filter(pk=value).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chosen_gathering"] = self.chosen_gathering
        return context


class BookingInspectView(ConfirmableRecordInspectView):
    template_name = "gatherings/admin/booking_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booking = self.object
        if self.request.user.has_perm(MANAGE_PERMISSION):
            if booking.status != Booking.Status.WITHDRAWN:
                context["cancel_url"] = reverse("gathering_bookings:cancel", args=[booking.pk])
            if booking.is_waiting:
                context["move_up_url"] = reverse("gathering_bookings:move_up", args=[booking.pk])
        context["booking"] = booking
        context["places"] = booking.gathering.places
        return context


class BookingActionView(View):
    """A convenor's action on one booking: POST only, CSRF-checked by Django, and
    only for those with "Can cancel bookings and move people up"."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MANAGE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        booking = get_object_or_404(Booking.objects.select_related("gathering"), pk=pk)
        self.act(request, booking)
        return redirect(reverse("gathering_bookings:inspect", args=[booking.pk]))


class CancelBookingView(BookingActionView):
    def act(self, request, booking):
        if booking.withdraw(WithdrawalMethod.CONVENOR):
            messages.success(
                request,
                f"The booking for {booking.name or booking.email} is cancelled and they have been emailed. "
                "If they had a place, the first person waiting has been given it.",
            )
        else:
            messages.warning(request, "This booking was already cancelled.")


class MoveUpView(BookingActionView):
    def act(self, request, booking):
        with transaction.atomic():
            gathering = GatheringPage.lock(booking.gathering_id)
            gathering = GatheringPage.objects.get(pk=gathering.pk)
            booking = Booking.objects.select_for_update().get(pk=booking.pk)
            if not booking.is_waiting:
                messages.warning(request, "This person is not on the waiting list, so nothing changed.")
                return
            booking.gathering = gathering
            booking.move_up()
        messages.success(
            request,
            f"{booking.name or booking.email} now has a place and has been emailed. This may take the "
            "gathering over its number of places.",
        )


def place_label(value):
    return dict(Booking.Place.choices).get(value, value)


class BookingViewSet(ConfirmableRecordViewSet):
    model = Booking
    icon = "group"
    menu_label = "Bookings"
    index_view_class = BookingIndexView
    inspect_view_class = BookingInspectView
    filterset_class = BookingFilterSet
    search_fields = ["email", "name", "gathering__title"]
    list_per_page = 50
    list_display = [
        "name",
        "email",
        Column("gathering", label="Gathering", accessor="gathering.title"),
        StatusColumn(),
        Column("place", label="Place", accessor="get_place_display"),
        DateColumn("signed_up_at", label="Booked"),
    ]
    export_permission = "gatherings.export_bookings"
    status_counts_heading = "All bookings"
    export_help_text = (
        "Downloads hold confirmed bookings only, with the access needs people "
        "shared. Filter by a gathering first for one gathering's list. Keep downloaded files safe and "
        "delete them after the gathering."
    )
    list_export = [
        "name",
        "email",
        "gathering.title",
        "gathering.when",
        "place",
        "access_needs",
        "signed_up_at",
        "confirmed_at",
        "moved_up_at",
    ]
    export_headings = {
        "name": "Name",
        "email": "Email address",
        "gathering.title": "Gathering",
        "gathering.when": "When",
        "place": "Place",
        "access_needs": "Access needs",
        "signed_up_at": "Booked",
        "confirmed_at": "Confirmed",
        "moved_up_at": "Moved up from the waiting list",
    }
    export_filename = "gathering-bookings"
    custom_field_preprocess = {"place": {"csv": place_label, "xlsx": place_label}}
    inspect_view_fields = [
        "name",
        "email",
        "gathering",
        "status",
        "place",
        "waiting_position",
        "access_needs",
        "signed_up_at",
        "confirmed_at",
        "queued_at",
        "moved_up_at",
        "reminder_sent_at",
        "told_cancelled_at",
        "withdrawn_at",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("cancel/<int:pk>/", CancelBookingView.as_view(), name="cancel"),
            path("move-up/<int:pk>/", MoveUpView.as_view(), name="move_up"),
        ]


# Gatherings, with their numbers ----------------------------------------------------------------


class BookingsLinkColumn(Column):
    cell_template_name = "gatherings/admin/bookings_link_cell.html"

    def get_value(self, instance):
        if not instance.has_built_in_booking:
            return None
        return reverse("gathering_bookings:index") + f"?gathering={instance.pk}"


class GatheringAdminIndexView(PageIndexView):
    default_ordering = "-starts_at"

    def get_base_queryset(self):
        return super().get_base_queryset().with_counts()


class GatheringListingViewSet(PageListingViewSet):
    model = GatheringPage
    icon = "date"
    menu_label = "All gatherings"
    index_view_class = GatheringAdminIndexView
    columns = [
        PageTitleColumn("title", label="Gathering", sort_key="title", classname="title"),
        DateColumn("starts_at", label="Starts", sort_key="starts_at"),
        Column("format", label="Format", accessor="format_label"),
        Column("held_count", label="Booked", sort_key="held_count"),
        Column("waiting_count", label="Waiting", sort_key="waiting_count"),
        Column("places_left", label="Places left", accessor="places_left_display"),
        BookingsLinkColumn("bookings", label="Bookings"),
        PageStatusColumn("status", label="Status", sort_key="live"),
    ]


class GatheringsGroup(ViewSetGroup):
    menu_label = "Gatherings"
    menu_icon = "date"
    menu_order = 240
    items = (
        GatheringListingViewSet("gathering_pages"),
        BookingViewSet("gathering_bookings"),
    )


@hooks.register("register_admin_viewset")
def register_gatherings_admin():
    return GatheringsGroup()


# Joining the admin: the groups' permissions and the dashboard ---------------------------------


@hooks.register("register_role_permissions")
def gatherings_role_permissions():
    from socialcarefuture.publishing.roles import RolePermissions

    return RolePermissions(
        # Bookings hold personal data (and access needs): convenors only.
        convenors=("gatherings.view_booking", "gatherings.export_bookings", MANAGE_PERMISSION),
        sections=["gatherings.GatheringIndexPage"],
    )


def places_left_label(left):
    if not left:
        return "Full"
    return "1 place left" if left == 1 else f"{left} places left"


@hooks.register("register_easy_read_expectations")
def gatherings_expect_easy_read():
    from socialcarefuture.publishing.reports import EasyReadExpectation

    return EasyReadExpectation(
        model=GatheringPage,
        missing=lambda pages: pages.filter(flyer__isnull=False, easy_read_flyer__isnull=True),
        advice="Add an Easy Read flyer beside the flyer.",
    )


class NextGatheringsPanel(ListPanel):
    """The next gatherings booked here: places left, and who is waiting."""

    name = "next_gatherings"
    heading = "Next gatherings"
    description = "Gatherings people book on this site, soonest first."
    empty_text = "No gatherings booked on this site are coming up."
    order = 260
    limit = 5
    permission = "gatherings.view_booking"
    more_label = "See all gatherings"

    def get_more_url(self, request):
        return reverse("gathering_pages:index")

    def get_rows(self, request):
        gatherings = (
            GatheringPage.objects.upcoming()
            .filter(booking_type=BookingType.BUILT_IN)
            .exclude(status=GatheringStatus.CANCELLED)
            .with_counts()
            .defer_streamfields()
            .order_by("starts_at", "pk")[: self.limit + 1]
        )
        bookings = reverse("gathering_bookings:index")
        rows = []
        for gathering in gatherings:
            places = gathering.places
            waiting = f", {places['waiting']} waiting" if places["waiting"] else ""
            rows.append(
                Row(
                    title=gathering.title,
                    url=f"{bookings}?gathering={gathering.pk}",
                    meta=[
                        gathering.when,
                        f"{places['held']} booked of {places['capacity']}{waiting}.",
                    ],
                    status=places_left_label(places["left"]),
                )
            )
        return rows


@hooks.register("construct_homepage_panels")
def add_next_gatherings_panel(request, panels):
    panels.append(NextGatheringsPanel())


# The vision page: the next three gatherings -------------------------------------------------------


@hooks.register("home_page_sections")
def next_gatherings_section(home_page, request):
    index_page = first_live_page(GatheringIndexPage, within=home_page)
    if index_page is None:
        return None
    gatherings = list(
        index_page.get_gatherings()
        .upcoming()
        .exclude(status="cancelled")
        .order_by("starts_at", "pk")
        .for_listing()[:3]
    )
    if not gatherings:
        return None
    return HomeSection(
        order=30,
        template="gatherings/includes/home_next_gatherings.html",
        context={"gatherings": gatherings, "index_page": index_page},
    )


# Demo content ----------------------------------------------------------------------------------------


@hooks.register("load_demo_content")
def load_gatherings_demo_content(home_page, stdout):
    from .demo import load

    load(home_page, stdout)
