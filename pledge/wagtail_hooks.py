"""The pledge in the Wagtail admin (signatures, comment moderation, a count on
the dashboard), on the vision page (the count and a call to sign) and in the
demo content.

Convenors with "Can view signature" see every signature (search, filters,
counts by status, each person's consent history and emails); those who also
have "Can download the list of signatures" get the CSV/XLSX downloads
(confirmed signatures only); "Can approve or reject public comments on the
pledge" adds the bulk actions that moderate comments.
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn

from socialcarefuture.confirmations.admin_viewsets import (
    ConfirmableRecordFilterSet,
    ConfirmableRecordIndexView,
    ConfirmableRecordViewSet,
    StatusColumn,
)
from socialcarefuture.publishing.dashboard import Figure, FiguresPanel
from socialcarefuture.queries import first_live_page
from socialcarefuture.sections import HomeSection

from .models import CommentStatus, OrganisationType, PledgePage, Signature
from .moderation import ApproveCommentsBulkAction, RejectCommentsBulkAction

# Admin: signatures ---------------------------------------------------------------------------


class SignatureFilterSet(ConfirmableRecordFilterSet):
    organisation_type = django_filters.ChoiceFilter(
        label="Type of organisation", choices=OrganisationType.choices, empty_label="All types"
    )
    listed = django_filters.BooleanFilter(
        label="On the public list",
        widget=forms.RadioSelect(choices=[("", "Either"), ("true", "Yes"), ("false", "No")]),
    )
    comment_status = django_filters.ChoiceFilter(
        label="Comment",
        choices=CommentStatus.choices,
        empty_label="Any",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Signature
        fields = []


def yes_no(value):
    return "Yes" if value else "No"


class SignatureIndexView(ConfirmableRecordIndexView):
    """The listing, with a checkbox on each row for the moderation bulk actions."""

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="signature"), *super().columns]

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The bulk-action checkbox of each row is described by its title (for screen readers).
        kwargs.setdefault("get_title_id", lambda instance: f"signature_{quote(instance.pk)}_title")
        return super()._get_title_column(field_name, column_class, **kwargs)


class SignatureViewSet(ConfirmableRecordViewSet):
    model = Signature
    index_view_class = SignatureIndexView
    index_template_name = "pledge/admin/index.html"
    icon = "success"
    menu_label = "Pledge signatures"
    menu_order = 260
    add_to_admin_menu = True
    filterset_class = SignatureFilterSet
    search_fields = ["name", "email", "organisation", "role", "comment"]
    list_per_page = 50
    list_display = [
        "email",
        "name",
        "organisation",
        Column("organisation_type", label="Type", accessor="get_organisation_type_display"),
        StatusColumn(),
        BooleanColumn("listed", label="Listed"),
        Column("comment_status", label="Comment", accessor="get_comment_status_display"),
        DateColumn("confirmed_at", label="Signed"),
    ]
    export_permission = "pledge.export_signatures"
    status_counts_heading = "Signatures"
    export_help_text = (
        "Downloads hold confirmed signatures only. Keep downloaded files safe "
        "and delete them when you have finished. To approve or reject comments, tick the rows and "
        "use the buttons that appear at the bottom of the screen."
    )
    list_export = [
        "email",
        "name",
        "role",
        "organisation",
        "get_organisation_type_display",
        "listed",
        "comment",
        "get_comment_status_display",
        "signed_up_at",
        "confirmed_at",
    ]
    export_headings = {
        "email": "Email address",
        "name": "Name",
        "role": "Job title or role",
        "organisation": "Organisation",
        "get_organisation_type_display": "Type of organisation",
        "listed": "On the public list",
        "comment": "Comment",
        "get_comment_status_display": "Comment status",
        "signed_up_at": "Signed",
        "confirmed_at": "Confirmed",
    }
    export_filename = "pledge-signatures"
    custom_field_preprocess = {"listed": {"csv": yes_no, "xlsx": yes_no}}
    inspect_view_fields = [
        "email",
        "name",
        "role",
        "organisation",
        "organisation_type",
        "status",
        "listed",
        "comment",
        "comment_status",
        "comment_moderated_at",
        "comment_moderated_by",
        "pending_changes_display",
        "pending_since",
        "signed_up_at",
        "confirmed_at",
        "withdrawn_at",
        "confirmation_sent_at",
    ]


@hooks.register("register_admin_viewset")
def register_signature_viewset():
    return SignatureViewSet("signatures")


# Wagtail's bulk actions are registered as the classes themselves.
hooks.register("register_bulk_action", ApproveCommentsBulkAction)
hooks.register("register_bulk_action", RejectCommentsBulkAction)


@hooks.register("register_role_permissions")
def pledge_role_permissions():
    from socialcarefuture.publishing.roles import RolePermissions

    return RolePermissions(
        # Signatures hold personal data: convenors only.
        convenors=("pledge.view_signature", "pledge.export_signatures", "pledge.moderate_comments"),
    )


class PledgePanel(FiguresPanel):
    """On the dashboard: how many have signed, and comments waiting."""

    name = "pledge"
    heading = "Pledge signatures"
    order = 320
    permission = "pledge.view_signature"

    def get_figures(self, request):
        index = reverse("signatures:index")
        counts = Signature.objects.counted().aggregate(
            signed=Count("pk"),
            # Comments on confirmed signatures: the others may never be confirmed.
            waiting=Count("pk", filter=Q(comment_status=CommentStatus.WAITING)),
        )
        return [
            Figure(
                counts["signed"],
                "signed the pledge" if counts["signed"] != 1 else "has signed the pledge",
                index,
            ),
            Figure(
                counts["waiting"],
                "comment waiting for a convenor"
                if counts["waiting"] == 1
                else "comments waiting for a convenor",
                f"{index}?status=confirmed&comment_status={CommentStatus.WAITING}",
            ),
        ]


@hooks.register("construct_homepage_panels")
def add_pledge_panel(request, panels):
    panels.append(PledgePanel())


# The vision page: the count and a call to sign -------------------------------------------------


@hooks.register("home_page_sections")
def pledge_home_section(home_page, request):
    pledge = first_live_page(PledgePage, within=home_page)
    if pledge is None:
        return None
    return HomeSection(order=40, template="pledge/includes/home_pledge.html", context={"pledge": pledge})


# Demo content -----------------------------------------------------------------------------------


@hooks.register("load_demo_content")
def load_pledge_demo_content(home_page, stdout):
    from .demo import load

    load(home_page, stdout)
