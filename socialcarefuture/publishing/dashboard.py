"""The dashboard: what needs a convenor (or a contributor) today.

Every panel is a ``DashboardPanel``. An app adds its own through Wagtail's
``construct_homepage_panels`` hook, usually in a few lines with one of the two
ready-made kinds:

* ``FiguresPanel``: a few big numbers, each with a label and a link
  (``get_figures(request)`` returns ``Figure`` objects), such as the pledge
  count;
* ``ListPanel``: a short list of things to act on, each with a link and a line
  or two about it (``get_rows(request)`` returns ``Row`` objects), such as the
  next gatherings with places left.

Example::

    class PledgePanel(FiguresPanel):
        name = "pledge"
        heading = "The pledge"
        order = 310
        permission = "pledge.view_signature"

        def get_figures(self, request):
            confirmed = Signature.objects.filter(status=Signature.Status.CONFIRMED).count()
            return [Figure(confirmed, "signatures", reverse("signatures:index"))]

    @hooks.register("construct_homepage_panels")
    def add_pledge_panel(request, panels):
        panels.append(PledgePanel())

Each panel must take a fixed number of queries, however much there is to show.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState

from .dates import long_date, long_datetime

# The parts --------------------------------------------------------------------------------


@dataclass
class Figure:
    """One number on a ``FiguresPanel``: "12 joined this week"."""

    value: int
    label: str
    url: str = ""
    # A short extra line under the label, such as "3 still to confirm".
    note: str = ""


@dataclass
class Row:
    """One thing to act on in a ``ListPanel``."""

    title: str
    url: str
    # Short lines under the title, such as the date and who did what.
    meta: list = field(default_factory=list)
    # A short status word shown as a tag, such as "Draft" or "Live".
    status: str = ""
    # A longer note, such as what a convenor asked to change.
    note: str = ""
    note_label: str = ""


class DashboardPanel(Component):
    """A panel on the dashboard.

    Set ``name`` (unique), ``heading``, ``order`` (smaller comes first; the
    quick links are 10, things to review 100 to 250, figures 300 and up), and
    optionally ``description`` (one sentence under the heading) and
    ``permission`` (an ``"app_label.codename"``, or a function of the request,
    that a person needs to see the panel). Then give it content through
    ``get_panel_context(request)``, or use ``FiguresPanel`` or ``ListPanel``.
    """

    template_name = "publishing/dashboard/panel.html"
    name = ""
    heading = ""
    description = ""
    order = 500
    permission = None
    # What to say when there is nothing to show (None hides the panel instead).
    empty_text = "Nothing here at the moment."

    def is_shown(self, request):
        if self.permission is None:
            return True
        if callable(self.permission):
            return self.permission(request)
        return request.user.has_perm(self.permission)

    def get_panel_context(self, request):
        return {}

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = {
            "panel": self,
            "request": request,
            "heading": self.heading,
            "description": self.description,
            "empty_text": self.empty_text,
        }
        context.update(self.get_panel_context(request))
        return context

    def render_html(self, parent_context=None):
        request = (parent_context or {}).get("request")
        if request is None or not self.is_shown(request):
            return ""
        context = self.get_context_data(parent_context)
        if context.get("is_empty") and self.empty_text is None:
            return ""
        return render_to_string(self.template_name, context)


class FiguresPanel(DashboardPanel):
    """A few numbers, each with a label and a link."""

    def get_figures(self, request):
        return []

    def get_panel_context(self, request):
        figures = self.get_figures(request)
        return {"figures": figures, "is_empty": not figures}


class ListPanel(DashboardPanel):
    """A short list of things to act on; ``more_url`` links to all of them."""

    limit = 5
    more_label = "See all"

    def get_rows(self, request):
        return []

    def get_more_url(self, request):
        return ""

    def get_panel_context(self, request):
        rows = list(self.get_rows(request))
        return {
            "rows": rows[: self.limit],
            "is_empty": not rows,
            "more_url": self.get_more_url(request),
            "more_label": self.more_label,
            "hidden_count": max(0, len(rows) - self.limit),
        }


# Helpers ----------------------------------------------------------------------------------


def edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def page_type_name(page):
    model = page.content_type.model_class() if page.content_type_id else None
    return (model._meta.verbose_name if model else "page").capitalize()


def in_active_workflow():
    """``Exists(...)`` for pages with a workflow in progress or sent back."""
    page_type = ContentType.objects.get_for_model(Page)
    return Exists(
        WorkflowState.objects.active().filter(
            base_content_type=page_type, object_id=Cast(OuterRef("pk"), output_field=CharField())
        )
    )


def pages_by_id(ids):
    ids = {int(pk) for pk in ids}
    if not ids:
        return {}
    return {
        page.pk: page
        for page in Page.objects.filter(pk__in=ids)
        .select_related("content_type")
        .only("id", "title", "draft_title", "live", "has_unpublished_changes", "content_type")
    }


def person(user):
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


# The site's own panels ----------------------------------------------------------------------


class QuickLinksPanel(DashboardPanel):
    """Buttons for the things convenors do most: write in each section, edit the
    vision page, read the guide."""

    name = "quick_links"
    heading = "Start something"
    order = 10
    template_name = "publishing/dashboard/quick_links.html"

    def get_panel_context(self, request):
        from .roles import section_models

        links = []
        sections = [
            page
            for model in section_models()
            for page in model.objects.all().order_by("path").select_related("content_type")
        ]
        for section in sections:
            permissions = section.permissions_for_user(request.user)
            if not permissions.can_add_subpage():
                continue
            child_models = section.specific_class.creatable_subpage_models()
            for child in child_models:
                if child.can_create_at(section):
                    name = child._meta.verbose_name
                    links.append(
                        {
                            "label": f"Write a new {name}",
                            "url": reverse(
                                "wagtailadmin_pages:add",
                                args=[child._meta.app_label, child._meta.model_name, section.pk],
                            ),
                            "icon": "plus",
                            "primary": True,
                        }
                    )
        home = Page.objects.filter(depth=2).order_by("path").first()
        if home is not None and home.permissions_for_user(request.user).can_edit():
            links.append({"label": "Edit the vision page", "url": edit_url(home.pk), "icon": "edit"})
        links.append({"label": "Guide for convenors", "url": reverse("publishing_guide"), "icon": "help"})
        return {"links": links}


class ReviewPanel(ListPanel):
    """Pages waiting for this convenor's approval, oldest first."""

    name = "awaiting_review"
    heading = "Awaiting your review"
    description = (
        "Open each page, read it in the preview, then choose 'Approve and Publish' or 'Request changes' "
        "from the menu at the bottom of the editor."
    )
    order = 90
    empty_text = None
    limit = 10

    def get_rows(self, request):
        from wagtail.models import TaskState

        task_states = list(
            TaskState.objects.reviewable_by(request.user)
            .select_related("revision__user", "workflow_state__requested_by")
            .order_by("started_at", "pk")
        )
        pages = pages_by_id(
            task_state.revision.object_id
            for task_state in task_states
            if task_state.revision.base_content_type_id == ContentType.objects.get_for_model(Page).pk
        )
        rows = []
        for task_state in task_states:
            page = pages.get(int(task_state.revision.object_id))
            if page is None:
                continue
            rows.append(
                Row(
                    title=task_state.revision.object_str or page.draft_title,
                    url=edit_url(page.pk),
                    meta=[
                        f"{page_type_name(page)}. Sent by {person(task_state.workflow_state.requested_by)} "
                        f"on {long_date(task_state.started_at)}."
                    ],
                    status="Changes to a live page" if page.live else "New",
                )
            )
        return rows


class SentBackPanel(ListPanel):
    """What a convenor sent back to this person, with their note."""

    name = "sent_back"
    heading = "Sent back to you"
    description = "A convenor asked for changes. Make them, then send the page for approval again."
    order = 100
    empty_text = None  # shown only when something came back
    limit = 10

    def get_rows(self, request):
        states = list(
            WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=request.user)
            .select_related("current_task_state", "current_task_state__finished_by")
            .order_by("-current_task_state__finished_at")
        )
        pages = pages_by_id(state.object_id for state in states)
        rows = []
        for state in states:
            page = pages.get(int(state.object_id))
            task_state = state.current_task_state
            if page is None or task_state is None:
                continue
            rows.append(
                Row(
                    title=page.draft_title or page.title,
                    url=edit_url(page.pk),
                    meta=[
                        f"{page_type_name(page)}. Sent back by {person(task_state.finished_by)} on "
                        f"{long_date(task_state.finished_at)}."
                    ],
                    status="Needs changes",
                    note=task_state.comment,
                    note_label="Their note",
                )
            )
        return rows


class WaitingForApprovalPanel(ListPanel):
    """What this person sent for approval and is still waiting on."""

    name = "waiting_for_approval"
    heading = "Waiting for a convenor"
    description = "You sent these for approval. A convenor will publish them or send them back with a note."
    order = 230
    empty_text = None
    limit = 10

    def get_rows(self, request):
        states = list(
            WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, requested_by=request.user)
            .select_related("current_task_state")
            .order_by("-created_at")
        )
        pages = pages_by_id(state.object_id for state in states)
        rows = []
        for state in states:
            page = pages.get(int(state.object_id))
            if page is None:
                continue
            rows.append(
                Row(
                    title=page.draft_title or page.title,
                    url=edit_url(page.pk),
                    meta=[f"{page_type_name(page)}. Sent on {long_date(state.created_at)}."],
                    status="Waiting",
                )
            )
        return rows


class DraftsPanel(ListPanel):
    """Pages this person started or changed and has not published or sent."""

    name = "your_drafts"
    heading = "Your drafts"
    description = "Pages you have saved but not yet published or sent for approval."
    empty_text = "You have no drafts. Everything you saved is published or waiting for approval."
    order = 240
    limit = 6

    def get_rows(self, request):
        user = request.user
        pages = (
            Page.objects.filter(Q(owner=user) | Q(latest_revision__user=user), has_unpublished_changes=True)
            .exclude(in_active_workflow())
            .select_related("content_type")
            .only(
                "id",
                "title",
                "draft_title",
                "live",
                "has_unpublished_changes",
                "latest_revision_created_at",
                "content_type",
            )
            .order_by("-latest_revision_created_at", "-pk")[: self.limit + 1]
        )
        return [
            Row(
                title=page.draft_title or page.title,
                url=edit_url(page.pk),
                meta=[f"{page_type_name(page)}. Last saved {long_date(page.latest_revision_created_at)}."],
                status="Live, with changes" if page.live else "Draft",
            )
            for page in pages
        ]


class ScheduledPanel(ListPanel):
    """What goes live next, by itself."""

    name = "scheduled"
    heading = "Scheduled to go live"
    description = "These go live by themselves at the time shown."
    empty_text = "Nothing is scheduled."
    order = 250
    more_label = "See everything scheduled"

    def is_shown(self, request):
        from .reports import can_see_page_reports

        return can_see_page_reports(request.user)

    def get_more_url(self, request):
        return reverse("publishing_reports:scheduled")

    def get_rows(self, request):
        revisions = list(
            Revision.page_revisions.filter(approved_go_live_at__isnull=False)
            .select_related("user")
            .order_by("approved_go_live_at", "pk")[: self.limit + 1]
        )
        pages = pages_by_id(revision.object_id for revision in revisions)
        rows = []
        for revision in revisions:
            page = pages.get(int(revision.object_id))
            if page is None:
                continue
            rows.append(
                Row(
                    title=revision.object_str or page.title,
                    url=edit_url(page.pk),
                    meta=[
                        f"Goes live {long_datetime(revision.approved_go_live_at)}.",
                        f"Scheduled by {person(revision.user)}."
                        + (" The page as it is now stays live until then." if page.live else ""),
                    ],
                    status="Changes to a live page" if page.live else page_type_name(page),
                )
            )
        return rows


def start_of_week(now):
    """Monday, 00:00 UK time, of this week."""
    today = timezone.localtime(now).date()
    monday = today - datetime.timedelta(days=today.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))


def start_of_month(now):
    """The 1st of this month, 00:00 UK time."""
    first = timezone.localtime(now).date().replace(day=1)
    return timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
