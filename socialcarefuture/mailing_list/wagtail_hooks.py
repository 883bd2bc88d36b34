"""The mailing list in the Wagtail admin, and its band on the vision page.

Convenors with "Can view subscriber" see the list (search, filters, counts,
each person's consent history); those who also have "Can download the list of
subscribers" get the CSV/XLSX downloads, which hold confirmed subscribers only.
"""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn

from socialcarefuture.confirmations.admin_viewsets import (
    ConfirmableRecordFilterSet,
    ConfirmableRecordViewSet,
    StatusColumn,
)
from socialcarefuture.publishing.dashboard import Figure, FiguresPanel, start_of_month, start_of_week

from .models import INTEREST_FIELDS, Interest, Subscriber


class SubscriberFilterSet(ConfirmableRecordFilterSet):
    interest = django_filters.ChoiceFilter(
        label="Wants to hear about",
        choices=Interest.choices,
        empty_label="Anything",
        widget=forms.RadioSelect,
        method="filter_interest",
    )

    class Meta:
        model = Subscriber
        fields = []

    def filter_interest(self, queryset, name, value):
        return queryset.filter(**{INTEREST_FIELDS[Interest(value)]: True})


def yes_no(value):
    return "Yes" if value else "No"


class SubscriberViewSet(ConfirmableRecordViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Mailing list"
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "name"]
    list_per_page = 50
    list_display = [
        "email",
        "name",
        StatusColumn(),
        Column("interests", label="Interests", accessor="interests_display"),
        DateColumn("signed_up_at", label="Signed up"),
        DateColumn("confirmed_at", label="Confirmed"),
    ]
    export_permission = "mailing_list.export_subscribers"
    status_counts_heading = "On the list"
    export_help_text = (
        "Downloads hold confirmed subscribers only, with what each wants to hear about. "
        "Keep downloaded files safe and delete them when you have finished."
    )
    list_export = [
        "email",
        "name",
        "interests_display",
        *INTEREST_FIELDS.values(),
        "signed_up_at",
        "confirmed_at",
    ]
    export_headings = {
        "email": "Email address",
        "name": "Name",
        "interests_display": "Interests",
        **{field: interest.label for interest, field in INTEREST_FIELDS.items()},
        "signed_up_at": "Signed up",
        "confirmed_at": "Confirmed",
    }
    export_filename = "confirmed-subscribers"
    # The interest columns read "Yes" or "No" in downloads.
    custom_field_preprocess = {field: {"csv": yes_no, "xlsx": yes_no} for field in INTEREST_FIELDS.values()}
    inspect_view_fields = [
        "email",
        "name",
        "status",
        "interests_display",
        "signed_up_at",
        "confirmed_at",
        "withdrawn_at",
        "confirmation_sent_at",
    ]


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    # Named "subscribers", not "mailing_list": that is the public pages' URL namespace.
    return SubscriberViewSet("subscribers")


class MailingListPanel(FiguresPanel):
    """On the dashboard: who joined lately, and how many have not confirmed yet."""

    name = "mailing_list"
    heading = "Mailing list"
    order = 300
    permission = "mailing_list.view_subscriber"

    def get_figures(self, request):
        now = timezone.now()
        week, month = start_of_week(now), start_of_month(now)
        pending = Q(status=Subscriber.Status.PENDING)
        counts = Subscriber.objects.aggregate(
            week=Count("pk", filter=Q(signed_up_at__gte=week)),
            week_pending=Count("pk", filter=Q(signed_up_at__gte=week) & pending),
            month=Count("pk", filter=Q(signed_up_at__gte=month)),
            month_pending=Count("pk", filter=Q(signed_up_at__gte=month) & pending),
            subscribed=Count("pk", filter=Q(status=Subscriber.Status.CONFIRMED)),
        )
        index = reverse("subscribers:index")
        return [
            Figure(
                counts["week"],
                "signed up this week",
                index,
                note=f"{counts['week_pending']} not confirmed yet",
            ),
            Figure(
                counts["month"],
                f"signed up in {timezone.localtime(now):%B}",
                index,
                note=f"{counts['month_pending']} not confirmed yet",
            ),
            Figure(counts["subscribed"], "on the list now", f"{index}?status={Subscriber.Status.CONFIRMED}"),
        ]


@hooks.register("construct_homepage_panels")
def add_mailing_list_panel(request, panels):
    panels.append(MailingListPanel())


@hooks.register("register_role_permissions")
def mailing_list_role_permissions():
    """Convenors see and download the list; contributors never see it."""
    from socialcarefuture.publishing.roles import RolePermissions

    return RolePermissions(convenors=["mailing_list.view_subscriber", "mailing_list.export_subscribers"])
