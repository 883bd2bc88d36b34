"""The mailing list in the Wagtail admin, and its band on the vision page.

Convenors with "Can view subscriber" see the list (search, filters, counts,
each person's consent history); those who also have "Can download the list of
subscribers" get the CSV/XLSX downloads, which hold confirmed subscribers only.
"""

import django_filters
from django import forms
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column, DateColumn

from socialcarefuture.confirmations.admin_viewsets import (
    ConfirmableRecordFilterSet,
    ConfirmableRecordViewSet,
    StatusColumn,
)

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
        "Downloads (in the ⋯ menu above) hold confirmed subscribers only, with what each wants to "
        "hear about. Keep downloaded files safe and delete them when you have finished."
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


class SubscriberSummaryItem(SummaryItem):
    order = 400
    template_name = "mailing_list/admin/summary_item.html"

    def is_shown(self):
        return self.request.user.has_perm("mailing_list.view_subscriber")

    def get_context_data(self, parent_context):
        return {
            "count": Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).count(),
            "url": reverse("subscribers:index"),
        }


@hooks.register("construct_homepage_summary_items")
def add_subscriber_summary(request, items):
    items.append(SubscriberSummaryItem(request))


@hooks.register("home_page_sections")
def mailing_list_home_section(page, request):
    """The mailing-list band on the vision page, near the end."""
    from socialcarefuture.sections import HomeSection

    return HomeSection(
        order=90,
        template="mailing_list/home_cta.html",
        context={
            "heading": "Be part of the change",
            "text": (
                "Join our mailing list to hear about gatherings, new ideas and ways to help "
                "make care and support a springboard to a good life. About one email a month."
            ),
            "button": "Join the mailing list",
            "url": reverse("mailing_list:signup"),
        },
    )
