"""Reports for a small team, under Reports in the admin menu.

* **Scheduled**: what goes live, or comes off the site, by itself, and when.
* **Pictures without a credit**: pictures whose artist is not named.
* **Missing Easy Read versions**: pages of a type that should have one.
* **Drafts not touched for 90 days**: forgotten work to finish or delete.
* **Links to missing pages**: links in text, blocks and menus to pages that were
  deleted or are not published.

Apps say which of their page types expect an Easy Read version with the
``register_easy_read_expectations`` hook, returning an ``EasyReadExpectation``::

    @hooks.register("register_easy_read_expectations")
    def gatherings_expect_easy_read():
        return EasyReadExpectation(
            model=GatheringPage,
            missing=lambda pages: pages.filter(flyer__isnull=False, easy_read_flyer__isnull=True),
            advice="Add an Easy Read flyer beside the flyer.",
        )
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from wagtail import blocks, hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.rich_text import extract_references_from_rich_text

from .dashboard import edit_url, page_type_name, pages_by_id, person
from .dates import long_datetime

EASY_READ_HOOK = "register_easy_read_expectations"
OLD_DRAFT_DAYS = 90


def can_see_page_reports(user):
    """Convenors (anyone who may publish pages) see the reports."""
    return PagePermissionPolicy().user_has_permission(user, "publish")


class ConvenorReportView(ReportView):
    """A report for convenors: a short introduction, then a table."""

    results_template_name = "publishing/reports/results.html"
    header_icon = "doc-empty"
    intro = ""
    no_results_message = "Nothing to show: all done."
    paginate_by = 50
    url_name = ""

    @property
    def index_url_name(self):
        return f"publishing_reports:{self.url_name}"

    @property
    def index_results_url_name(self):
        return f"publishing_reports:{self.url_name}_results"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_page_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["intro"] = self.intro
        context["no_results_message"] = self.no_results_message
        return context


def page_title_column(label="Page"):
    return TitleColumn("title", label=label, get_url=lambda row: row.url)


# Scheduled ---------------------------------------------------------------------------------


@dataclass
class Scheduled:
    title: str
    url: str
    event: str
    when: datetime.datetime
    by: str
    page_type: str

    @property
    def when_text(self):
        return long_datetime(self.when)


def scheduled_items():
    """Everything ``publish_scheduled`` will do, soonest first."""
    revisions = list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False)
        .select_related("user")
        .order_by("approved_go_live_at", "pk")
    )
    expiring = list(
        Page.objects.filter(live=True, expire_at__isnull=False)
        .select_related("content_type", "live_revision__user")
        .order_by("expire_at", "pk")
    )
    pages = pages_by_id(revision.object_id for revision in revisions)
    items = []
    for revision in revisions:
        page = pages.get(int(revision.object_id))
        if page is None:
            continue
        items.append(
            Scheduled(
                title=revision.object_str or page.title,
                url=edit_url(page.pk),
                event="Changes replace the live page" if page.live else "Goes live",
                when=revision.approved_go_live_at,
                by=person(revision.user),
                page_type=page_type_name(page),
            )
        )
    for page in expiring:
        items.append(
            Scheduled(
                title=page.title,
                url=edit_url(page.pk),
                event="Comes off the site",
                when=page.expire_at,
                by=person(page.live_revision.user if page.live_revision_id else None),
                page_type=page_type_name(page),
            )
        )
    return sorted(items, key=lambda item: item.when)


class ScheduledReportView(ConvenorReportView):
    page_title = "Scheduled"
    header_icon = "calendar-alt"
    url_name = "scheduled"
    intro = (
        "Pages that will go live, or come off the site, by themselves. A page that is already live "
        "stays as it is until its new version goes live. To stop something, open the page and "
        "cancel its schedule in the status panel."
    )
    no_results_message = "Nothing is scheduled."
    columns = [
        page_title_column(),
        Column("event", label="What happens"),
        Column("when_text", label="When"),
        Column("by", label="Scheduled by"),
        Column("page_type", label="Type"),
    ]
    list_export = ["title", "event", "when", "by", "page_type"]
    export_headings = {"title": "Page", "event": "What happens", "when": "When", "by": "Scheduled by"}

    def get_queryset(self):
        return scheduled_items()


# Pictures without a credit --------------------------------------------------------------------

THUMBNAIL = "max-120x80"


class ThumbnailColumn(Column):
    cell_template_name = "publishing/reports/thumbnail_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["rendition"] = instance.get_rendition(THUMBNAIL)
        return context


class PicturesWithoutCreditView(ConvenorReportView):
    page_title = "Pictures without a credit"
    header_icon = "image"
    url_name = "pictures_without_credit"
    intro = (
        "Every picture on the site names the artist who made it. These pictures have no credit yet: "
        "open each one and add who made it, for example 'Illustration by Sam Lee'."
    )
    no_results_message = "Every picture has a credit."
    columns = [
        ThumbnailColumn("thumbnail", label="Picture"),
        TitleColumn("title", label="Title", url_name="wagtailimages:edit"),
        DateColumn("created_at", label="Uploaded"),
    ]
    list_export = ["title", "created_at"]

    def get_queryset(self):
        return (
            get_image_model()
            .objects.filter(Q(credit__regex=r"^\s*$"))
            .prefetch_renditions(THUMBNAIL)
            .order_by("-created_at", "-pk")
        )


# Easy Read ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EasyReadExpectation:
    """Pages of ``model`` should have an Easy Read version.

    ``missing`` takes a queryset of the model's live pages and returns those
    without one (a queryset or a list). ``advice`` says what to do, in a
    sentence, and is shown beside each page in the report.
    """

    model: Any
    missing: Any
    advice: str = "Add an Easy Read version."


def easy_read_expectations():
    found = []
    for fn in hooks.get_hooks(EASY_READ_HOOK):
        expectation = fn()
        if expectation is None:
            continue
        if not isinstance(expectation, EasyReadExpectation):
            raise TypeError(
                f"{fn.__module__}.{fn.__name__} must return an EasyReadExpectation, not {expectation!r}"
            )
        found.append(expectation)
    return found


@dataclass
class MissingEasyRead:
    title: str
    url: str
    page_type: str
    advice: str


class MissingEasyReadView(ConvenorReportView):
    page_title = "Missing Easy Read versions"
    header_icon = "doc-full"
    url_name = "missing_easy_read"
    intro = (
        "Many of the people we write for read Easy Read. These live pages are of a kind that should "
        "have an Easy Read version, and do not have one yet."
    )
    no_results_message = "Every page that should have an Easy Read version has one."
    columns = [
        page_title_column(),
        Column("page_type", label="Type"),
        Column("advice", label="What to do"),
    ]
    list_export = ["title", "page_type", "advice"]

    def get_queryset(self):
        rows = []
        for expectation in easy_read_expectations():
            live = expectation.model.objects.live().order_by("path")
            for page in expectation.missing(live):
                rows.append(
                    MissingEasyRead(
                        title=page.title,
                        url=edit_url(page.pk),
                        page_type=expectation.model._meta.verbose_name.capitalize(),
                        advice=expectation.advice,
                    )
                )
        return rows


# Old drafts ----------------------------------------------------------------------------------


class OldDraftsView(ConvenorReportView):
    page_title = f"Drafts not touched for {OLD_DRAFT_DAYS} days"
    header_icon = "time"
    url_name = "old_drafts"
    intro = (
        f"Pages with changes nobody has saved for {OLD_DRAFT_DAYS} days or more. Finish and publish "
        "them, or delete the ones nobody needs. A live page keeps showing its published version."
    )
    no_results_message = "No forgotten drafts."
    columns = [
        TitleColumn("draft_title", label="Page", url_name="wagtailadmin_pages:edit"),
        Column("status_text", label="Status"),
        Column("type_text", label="Type"),
        DateColumn("latest_revision_created_at", label="Last saved"),
        Column("saved_by", label="By"),
    ]
    list_export = ["draft_title", "status_text", "type_text", "latest_revision_created_at", "saved_by"]
    export_headings = {"draft_title": "Page", "status_text": "Status", "type_text": "Type"}

    def get_queryset(self):
        cutoff = timezone.now() - datetime.timedelta(days=OLD_DRAFT_DAYS)
        return (
            Page.objects.filter(has_unpublished_changes=True, latest_revision_created_at__lt=cutoff)
            .select_related("content_type", "latest_revision__user")
            .order_by("latest_revision_created_at", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            page.status_text = "Live, with unpublished changes" if page.live else "Draft, never published"
            page.type_text = page_type_name(page)
            page.saved_by = person(page.latest_revision.user if page.latest_revision_id else None)
        return object_list


# Links to missing pages ------------------------------------------------------------------------


@dataclass
class BrokenLink:
    title: str
    url: str
    where: str
    target: str
    problem: str


def _text_fields(model):
    """Fields that hold links written by people: rich text and StreamFields."""
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, (RichTextField, StreamField)) and field.concrete
    ]


def _objects_to_scan():
    """Live pages (each concrete type once) and every other model with text fields."""
    for model in apps.get_models():
        fields = _text_fields(model)
        if not fields:
            continue
        if issubclass(model, Page):
            if model is Page:
                continue
            yield fields, model.objects.live().exact_type(model).order_by("path")
        elif not issubclass(model, Revision):
            yield fields, model._default_manager.order_by("pk")


def _page_ids_in_rich_text(html):
    for to_model, to_id, _model_path, _content_path in extract_references_from_rich_text(html or ""):
        if isinstance(to_model, type) and issubclass(to_model, Page) and str(to_id).isdigit():
            yield int(to_id)


def _page_ids_in_blocks(block, raw):
    """Page ids linked from a block's stored (raw) value, read without loading
    anything from the database."""
    if raw in (None, "", [], {}):
        return
    if isinstance(block, blocks.PageChooserBlock):
        if str(raw).isdigit():
            yield int(raw)
    elif isinstance(block, blocks.RichTextBlock):
        yield from _page_ids_in_rich_text(raw)
    elif isinstance(block, blocks.StructBlock):
        if isinstance(raw, dict):
            for name, child in block.child_blocks.items():
                yield from _page_ids_in_blocks(child, raw.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            value = item["value"] if isinstance(item, dict) and "type" in item and "value" in item else item
            yield from _page_ids_in_blocks(block.child_block, value)
    elif isinstance(block, blocks.StreamBlock):
        for item in raw:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from _page_ids_in_blocks(child, item.get("value"))


def _page_ids_in_field(obj, field):
    if isinstance(field, StreamField):
        yield from _page_ids_in_blocks(field.stream_block, list(field.value_from_object(obj).raw_data))
    else:
        yield from _page_ids_in_rich_text(field.value_from_object(obj))


def find_links_to_missing_pages(user=None):
    """Every link to a page that was deleted or is not published, from live pages
    and from settings and snippets. One query per model with text fields, plus
    one for the linked pages."""
    finder = AdminURLFinder(user)
    links = []
    for fields, queryset in _objects_to_scan():
        for obj in queryset:
            for field in fields:
                links.extend((obj, field, page_id) for page_id in _page_ids_in_field(obj, field))
    targets = {
        page.pk: page
        for page in Page.objects.filter(pk__in={to_id for _, _, to_id in links}).only("id", "title", "live")
    }
    broken = []
    for obj, field, to_id in links:
        target = targets.get(to_id)
        if target is not None and target.live:
            continue
        title = obj.title if isinstance(obj, Page) else str(obj)
        url = edit_url(obj.pk) if isinstance(obj, Page) else (finder.get_edit_url(obj) or "")
        broken.append(
            BrokenLink(
                title=title,
                url=url,
                where=f"{type(obj)._meta.verbose_name.capitalize()}: {field.verbose_name}",
                target=f"Page {to_id}" if target is None else f"'{target.title}'",
                problem="Deleted" if target is None else "Not published",
            )
        )
    return broken


class LinksToMissingPagesView(ConvenorReportView):
    page_title = "Links to missing pages"
    header_icon = "link"
    url_name = "links_to_missing_pages"
    intro = (
        "Links in live pages, menus and settings that lead to a page that was deleted or is not "
        "published. Visitors who follow them find nothing. Open the page and change or remove the link."
    )
    no_results_message = "Every link leads to a live page."
    columns = [
        TitleColumn("title", label="The link is on", get_url=lambda row: row.url),
        Column("where", label="Where"),
        Column("target", label="It leads to"),
        Column("problem", label="Problem"),
    ]
    list_export = ["title", "where", "target", "problem"]

    def get_queryset(self):
        return find_links_to_missing_pages(self.request.user)


# Registration ------------------------------------------------------------------------------------

REPORTS = [
    ScheduledReportView,
    PicturesWithoutCreditView,
    MissingEasyReadView,
    OldDraftsView,
    LinksToMissingPagesView,
]


def report_urls():
    urls = []
    for view_class in REPORTS:
        slug = view_class.url_name.replace("_", "-")
        urls += [
            path(f"{slug}/", view_class.as_view(), name=view_class.url_name),
            path(
                f"{slug}/results/",
                view_class.as_view(results_only=True),
                name=f"{view_class.url_name}_results",
            ),
        ]
    return urls


class ConvenorReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_page_reports(request.user)


def report_menu_item(view_class):
    """The Reports menu entry for one of ``REPORTS`` (made when the menu is built)."""
    return ConvenorReportMenuItem(
        view_class.page_title,
        reverse(f"publishing_reports:{view_class.url_name}"),
        name=f"publishing-{view_class.url_name.replace('_', '-')}",
        icon_name=view_class.header_icon,
        order=100 + REPORTS.index(view_class),
    )


__all__ = [
    "EasyReadExpectation",
    "can_see_page_reports",
    "find_links_to_missing_pages",
    "scheduled_items",
    "report_urls",
    "report_menu_item",
]
