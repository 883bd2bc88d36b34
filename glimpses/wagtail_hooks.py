"""Glimpses in the Wagtail admin (themes, and suggestions in the shared
personal-records admin), on the vision page (the featured glimpses) and in the
demo content."""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from socialcarefuture.confirmations.admin_viewsets import (
    ConfirmableRecordFilterSet,
    ConfirmableRecordViewSet,
    StatusColumn,
)
from socialcarefuture.publishing.dashboard import ListPanel, Row, edit_url
from socialcarefuture.publishing.dates import long_date
from socialcarefuture.queries import first_live_page
from socialcarefuture.regions import Region
from socialcarefuture.sections import HomeSection

from .models import GlimpseIndexPage, GlimpsePage, GlimpseSuggestion, GlimpseTheme

FEATURED_ON_HOME = 3


# Admin: themes and suggestions ------------------------------------------------------------


class GlimpseThemeViewSet(SnippetViewSet):
    model = GlimpseTheme
    icon = "tag"
    menu_label = "Themes"
    list_display = [
        "name",
        "description",
        Column("icon", label="Icon", accessor="get_icon_display"),
        Column("live_glimpse_count", label="Live glimpses", sort_key="live_glimpse_count"),
    ]
    search_fields = ["name", "description"]
    search_backend_name = None  # plain database search: no index to keep up to date
    ordering = ["name"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return GlimpseTheme.objects.annotate(
            live_glimpse_count=Count("glimpses", filter=Q(glimpses__live=True), distinct=True)
        )


class GlimpseSuggestionFilterSet(ConfirmableRecordFilterSet):
    region = django_filters.ChoiceFilter(
        label="Region", choices=Region.choices, empty_label="Anywhere", widget=forms.RadioSelect
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme", field_name="themes", queryset=GlimpseTheme.objects.all(), empty_label="Any theme"
    )

    class Meta:
        model = GlimpseSuggestion
        fields = []


class GlimpseSuggestionViewSet(ConfirmableRecordViewSet):
    """The people behind suggestions, in the shared personal-records admin."""

    model = GlimpseSuggestion
    name = "glimpse_suggestions"
    icon = "user"
    menu_label = "Suggestions"
    filterset_class = GlimpseSuggestionFilterSet
    search_fields = ["email", "name", "title", "place"]
    list_per_page = 50
    list_display = [
        "title",
        "name",
        "email",
        StatusColumn(),
        Column("region", label="Region", accessor="get_region_display"),
        DateColumn("signed_up_at", label="Sent"),
        DateColumn("confirmed_at", label="Confirmed"),
    ]
    export_permission = "glimpses.export_glimpsesuggestion"
    status_counts_heading = "Suggestions"
    export_help_text = (
        "Downloads hold confirmed suggestions only, with the person's details. "
        "Keep downloaded files safe and delete them when you have finished."
    )
    list_export = [
        "title",
        "name",
        "email",
        "connection",
        "place",
        "region",
        "theme_names",
        "story",
        "website",
        "signed_up_at",
        "confirmed_at",
        "told_published_at",
    ]
    export_headings = {
        "title": "Title",
        "name": "Name",
        "email": "Email address",
        "connection": "Their connection to it",
        "place": "Place",
        "region": "Region",
        "theme_names": "Themes",
        "story": "Story",
        "website": "Link",
        "signed_up_at": "Sent",
        "confirmed_at": "Confirmed",
        "told_published_at": "Told it was published",
    }
    export_filename = "glimpse-suggestions"
    inspect_view_fields = [
        "title",
        "name",
        "email",
        "connection",
        "place",
        "region",
        "theme_names",
        "story",
        "website",
        "status",
        "draft_status",
        "signed_up_at",
        "confirmed_at",
        "told_published_at",
        "withdrawn_at",
    ]


class GlimpsesGroup(SnippetViewSetGroup):
    items = (GlimpseThemeViewSet, GlimpseSuggestionViewSet)
    menu_icon = "view"
    menu_label = "Glimpses"
    menu_name = "glimpses"
    menu_order = 260


register_snippet(GlimpsesGroup)


# Joining the admin: the groups' permissions and the dashboard ---------------------------------


@hooks.register("register_role_permissions")
def glimpses_role_permissions():
    from socialcarefuture.publishing.roles import RolePermissions, model_permissions

    return RolePermissions(
        convenors=(
            *model_permissions("glimpses.GlimpseTheme"),
            # The people behind suggestions: convenors only.
            "glimpses.view_glimpsesuggestion",
            "glimpses.export_glimpsesuggestion",
        ),
        contributors=model_permissions("glimpses.GlimpseTheme", actions=["view"]),
        sections=["glimpses.GlimpseIndexPage"],
    )


class SuggestionsWaitingPanel(ListPanel):
    """Confirmed suggestions whose glimpse is still a draft, oldest first."""

    name = "glimpse_suggestions_waiting"
    heading = "Suggestions waiting"
    description = (
        "Glimpses suggested by the public. Open each one, tidy it up, then publish it or request changes "
        "(which turns it down: the person is told)."
    )
    empty_text = None
    order = 120
    limit = 5
    permission = "glimpses.view_glimpsesuggestion"
    more_label = "See all suggestions"

    def get_more_url(self, request):
        return reverse("glimpse_suggestions:index") + "?status=confirmed"

    def get_rows(self, request):
        pages = (
            GlimpsePage.objects.filter(
                live=False,
                suggestion__status=GlimpseSuggestion.Status.CONFIRMED,
                suggestion__told_published_at__isnull=True,
            )
            .select_related("suggestion")
            .only(
                "id",
                "title",
                "draft_title",
                "suggestion__name",
                "suggestion__place",
                "suggestion__confirmed_at",
            )
            .order_by("suggestion__confirmed_at", "pk")[: self.limit + 1]
        )
        rows = []
        for page in pages:
            suggestion = page.suggestion
            sender = suggestion.name or "Someone"
            where = f" in {suggestion.place}" if suggestion.place else ""
            rows.append(
                Row(
                    title=page.draft_title or page.title,
                    url=edit_url(page.pk),
                    meta=[f"Suggested by {sender}{where} on {long_date(suggestion.confirmed_at)}."],
                    status="Suggestion",
                )
            )
        return rows


@hooks.register("construct_homepage_panels")
def add_suggestions_waiting_panel(request, panels):
    panels.append(SuggestionsWaitingPanel())


# The vision page: featured glimpses ------------------------------------------------------------


@hooks.register("home_page_sections")
def featured_glimpses_section(home_page, request):
    index_page = first_live_page(GlimpseIndexPage, within=home_page)
    if index_page is None:
        return None
    glimpses = list(
        index_page.get_glimpses().filter(featured=True).newest_first().for_listing()[:FEATURED_ON_HOME]
    )
    if not glimpses:
        return None
    return HomeSection(
        order=30,
        template="glimpses/includes/home_featured.html",
        context={"glimpses": glimpses, "index_page": index_page},
    )


# Demo content -----------------------------------------------------------------------------------


@hooks.register("load_demo_content")
def load_glimpses_demo_content(home_page, stdout):
    from .demo import load

    load(home_page, stdout)
