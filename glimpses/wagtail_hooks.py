"""Glimpses in the Wagtail admin (themes, and suggestions in the shared
personal-records admin), on the vision page (the featured glimpses) and in the
demo content."""

import django_filters
from django import forms
from django.db.models import Count, Q
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from socialcarefuture.confirmations.admin_viewsets import (
    ConfirmableRecordFilterSet,
    ConfirmableRecordViewSet,
    StatusColumn,
)
from socialcarefuture.regions import Region
from socialcarefuture.sections import HomeSection

from .models import GlimpseIndexPage, GlimpseSuggestion, GlimpseTheme

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
        "Downloads (in the ⋯ menu above) hold confirmed suggestions only, with the person's details. "
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


# The vision page: featured glimpses ------------------------------------------------------------


@hooks.register("home_page_sections")
def featured_glimpses_section(home_page, request):
    index_page = GlimpseIndexPage.objects.live().public().descendant_of(home_page).first()
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
