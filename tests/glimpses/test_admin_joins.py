"""Glimpses joined to the shared admin: the groups' permissions, a confirmed
suggestion waiting in the "Convenor approval" workflow, and the "Suggestions
waiting" dashboard panel."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from glimpses.models import GlimpsePage, GlimpseSuggestion
from glimpses.wagtail_hooks import SuggestionsWaitingPanel
from socialcarefuture.publishing.roles import CONTRIBUTORS, CONVENORS, WORKFLOW_NAME
from tests.glimpses.factories import GlimpsePageFactory
from tests.glimpses.helpers import link_in, post_suggestion
from tests.publishing.conftest import contributor, convenor, log_in, make_person  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

THEMES = {"add_glimpsetheme", "change_glimpsetheme", "delete_glimpsetheme", "view_glimpsetheme"}
SUGGESTIONS = {"view_glimpsesuggestion", "export_glimpsesuggestion"}


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_convenors_run_themes_and_suggestions_and_contributors_only_view_themes():
    assert THEMES | SUGGESTIONS <= codenames(CONVENORS)
    contributors = codenames(CONTRIBUTORS)
    assert "view_glimpsetheme" in contributors
    assert not (THEMES - {"view_glimpsetheme"}) & contributors
    assert not SUGGESTIONS & contributors


def panels(html):
    page = BeautifulSoup(html, "html.parser")
    return {
        section.select_one("h2").get_text(" ", strip=True): section.get_text(" ", strip=True)
        for section in page.select("section.w-panel")
    }


def test_a_confirmed_suggestion_waits_for_the_convenors_on_their_dashboard(
    client,
    glimpses,
    themes,
    convenor,  # noqa: F811
    contributor,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    post_suggestion(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mail.outbox[0], "confirm"))
    page = GlimpsePage.objects.get()
    assert not page.live
    assert page.current_workflow_state.workflow.name == WORKFLOW_NAME
    # The convenors (everyone who may publish) are emailed, as before.
    assert any(message.to == [convenor.email] for message in mail.outbox)

    log_in(client, convenor)
    shown = panels(client.get("/admin/").content.decode())
    assert "Late-night gigs with a gig buddy" in shown["Awaiting your review"]
    assert "Suggested by Priya Shah in Bristol" in shown["Suggestions waiting"]

    log_in(client, contributor)
    shown = panels(client.get("/admin/").content.decode())
    assert "Awaiting your review" not in shown and "Suggestions waiting" not in shown
    assert client.get(reverse("glimpse_suggestions:index")).status_code == 403


def suggested_draft(glimpses, number):
    suggestion = GlimpseSuggestion.objects.create(
        email=f"person{number}@example.org",
        name=f"Person {number}",
        title=f"Suggested glimpse {number}",
        place="Leeds",
        region="north-west",
        story="A story.",
        status=GlimpseSuggestion.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    return GlimpsePageFactory(parent=glimpses, title=suggestion.title, live=False, suggestion=suggestion)


def render(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return SuggestionsWaitingPanel().render_html({"request": request})


def test_suggestions_waiting_lists_drafts_in_fixed_queries(glimpses, convenor, contributor):  # noqa: F811
    suggested_draft(glimpses, 1)
    published = suggested_draft(glimpses, 2)
    GlimpsePage.objects.filter(pk=published.pk).update(live=True)
    GlimpsePageFactory(parent=glimpses, title="Written by a convenor", live=False)

    render(convenor)  # the person's permissions are loaded once, then kept
    with CaptureQueriesContext(connection) as small:
        html = render(convenor)
    assert "Suggested glimpse 1" in html and "Suggested by Person 1 in Leeds" in html
    assert "Suggested glimpse 2" not in html and "Written by a convenor" not in html

    for number in range(3, 10):
        suggested_draft(glimpses, number)
    with CaptureQueriesContext(connection) as large:
        html = render(convenor)
    # The oldest five (1, 3, 4, 5, 6: number 2 is live), and a link to the rest.
    assert "Suggested glimpse 6" in html and "Suggested glimpse 7" not in html
    assert "See all suggestions" in html
    assert len(large) == len(small) > 0
    assert render(contributor) == ""
