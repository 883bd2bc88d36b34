"""Publishing for convenors in the Wagtail admin: the dashboard, the reports,
the guide, the admin's look, and warnings about scheduling."""

from django.contrib import messages
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import (
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Revision

from . import reports
from .dashboard import (
    DraftsPanel,
    QuickLinksPanel,
    ReviewPanel,
    ScheduledPanel,
    SentBackPanel,
    WaitingForApprovalPanel,
)
from .dates import long_datetime
from .views import GuideView

# The dashboard ----------------------------------------------------------------------------------

# Wagtail's own panels that ours replace, in plainer words and in a fixed number
# of queries: "Your pages in a workflow" becomes "Sent back to you" and
# "Waiting for a convenor", "Your most recent edits" becomes "Your drafts", and
# "Awaiting your review" lists pages to open and review in the editor.
REPLACED_PANELS = (UserObjectsInWorkflowModerationPanel, RecentEditsPanel, WorkflowObjectsToModeratePanel)


@hooks.register("construct_homepage_panels")
def convenor_dashboard(request, panels):
    panels[:] = [panel for panel in panels if not isinstance(panel, REPLACED_PANELS)]
    panels.extend(
        [
            QuickLinksPanel(),
            ReviewPanel(),
            SentBackPanel(),
            WaitingForApprovalPanel(),
            DraftsPanel(),
            ScheduledPanel(),
        ]
    )


@hooks.register("construct_homepage_summary_items", order=1000)
def no_bare_counts(request, items):
    # Four counts (pages, pictures, documents) gave a convenor nothing to act
    # on; the panels say what needs doing instead.
    items.clear()


# The guide -----------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_guide_and_report_urls():
    return [
        path("guide/", GuideView.as_view(), name="publishing_guide"),
        path("reports/", include((reports.report_urls(), "publishing_reports"))),
    ]


@hooks.register("register_help_menu_item")
def register_guide_menu_item():
    return MenuItem("Guide for convenors", reverse("publishing_guide"), icon_name="help", order=10)


# Reports -----------------------------------------------------------------------------------------


def _register_report_menu_item(view_class):
    def menu_item():
        return reports.report_menu_item(view_class)

    menu_item.__name__ = f"register_{view_class.url_name}_report_menu_item"
    hooks.register("register_reports_menu_item", menu_item)


for _view_class in reports.REPORTS:
    _register_report_menu_item(_view_class)


@hooks.register("construct_reports_menu")
def reports_menu_for_convenors_only(request, menu_items):
    # Contributors have none of the to-do lists above, and Wagtail's own reports
    # (workflows, site history, aging pages, page types) only puzzled them: with
    # the menu empty, "Reports" leaves the sidebar.
    if not reports.can_see_page_reports(request.user):
        menu_items.clear()


# The admin's look ----------------------------------------------------------------------------------


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# Scheduling: say plainly what a go-live date on a live page does --------------------------------


def warn_about_schedule(request, page):
    if not page.live:
        return
    revision = (
        Revision.page_revisions.filter(object_id=str(page.pk), approved_go_live_at__isnull=False)
        .order_by("approved_go_live_at")
        .first()
    )
    if revision is None:
        return
    messages.warning(
        request,
        f"'{page.title}' is still live as it was. Your changes go live by themselves on "
        f"{long_datetime(revision.approved_go_live_at)}. To take the page off the site before then, "
        "unpublish it.",
    )


@hooks.register("after_publish_page")
def warn_when_scheduling_changes_to_a_live_page(request, page):
    warn_about_schedule(request, page)
