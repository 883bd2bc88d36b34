"""The mailing list in the Wagtail admin, and its band on the vision page.

Convenors with "Can view subscriber" see the list (search, filters, counts,
each person's consent history); those who also have "Can download the list of
subscribers" get the CSV/XLSX downloads, which hold confirmed subscribers only.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView

from socialcarefuture.confirmations.admin_viewsets import ReadOnlyModelViewSet

from .models import INTEREST_FIELDS, Interest, Subscriber, SubscriberStatus

EXPORT_PERMISSION = "mailing_list.export_subscribers"


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=SubscriberStatus.choices, empty_label="All", widget=forms.RadioSelect
    )
    interest = django_filters.ChoiceFilter(
        label="Wants to hear about",
        choices=Interest.choices,
        empty_label="Anything",
        widget=forms.RadioSelect,
        method="filter_interest",
    )

    class Meta:
        model = Subscriber
        fields = ["status"]

    def filter_interest(self, queryset, name, value):
        return queryset.filter(**{INTEREST_FIELDS[Interest(value)]: True})


def spreadsheet_safe(value):
    """Stop a spreadsheet from running what someone typed as a formula."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def yes_no(value):
    return "Yes" if value else "No"


class SubscriberIndexView(IndexView):
    def user_can_export(self):
        return self.request.user.has_perm(EXPORT_PERMISSION)

    @cached_property
    def show_export_buttons(self):
        return bool(self.list_export) and self.user_can_export()

    def get(self, request, *args, **kwargs):
        if self.is_export and not self.user_can_export():
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            # Downloads are for sending news: never anyone who has not confirmed or has left.
            queryset = queryset.filter(status=SubscriberStatus.CONFIRMED)
        return queryset

    def get_filename(self):
        return "confirmed-subscribers"

    custom_field_preprocess = {
        "email": {"csv": spreadsheet_safe},
        "name": {"csv": spreadsheet_safe},
        **{field: {"csv": yes_no, "xlsx": yes_no} for field in INTEREST_FIELDS.values()},
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by())
        context["status_counts"] = [
            (label, counts.get(value, 0)) for value, label in SubscriberStatus.choices
        ]
        context["can_export"] = self.user_can_export()
        return context

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("confirmations.handle_data_requests"):
            url = reverse("confirmations_personal_data") + f"?model=mailing_list.subscriber&pk={instance.pk}"
            buttons.append(MenuItem("Download or erase their data", url=url, icon_name="user", priority=40))
        return buttons


class SubscriberInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consents"] = self.object.consents.select_related("consent_text")
        context["emails"] = self.object.emails.all()[:20]
        if self.request.user.has_perm("confirmations.handle_data_requests"):
            context["personal_data_url"] = (
                reverse("confirmations_personal_data") + f"?model=mailing_list.subscriber&pk={self.object.pk}"
            )
        return context


class SubscriberViewSet(ReadOnlyModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Mailing list"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    index_results_template_name = "mailing_list/admin/index_results.html"
    inspect_template_name = "mailing_list/admin/inspect.html"
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "name"]
    list_per_page = 50
    list_display = [
        "email",
        "name",
        Column("status", label="Status", accessor="get_status_display"),
        Column("interests", label="Interests", accessor="interests_display"),
        DateColumn("signed_up_at", label="Signed up"),
        DateColumn("confirmed_at", label="Confirmed"),
    ]
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
            "count": Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED).count(),
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
