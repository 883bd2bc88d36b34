"""The dashboard: what needs a convenor or a contributor, in a fixed number of
queries however much there is."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify
from wagtail import hooks

from blog.models import BlogPostPage
from socialcarefuture.mailing_list.models import CONSENT, Subscriber
from socialcarefuture.publishing.dashboard import Figure, FiguresPanel, start_of_month, start_of_week
from tests.publishing.conftest import log_in

pytestmark = pytest.mark.django_db


def panels(html):
    """{panel heading: panel text} for the dashboard's panels."""
    page = BeautifulSoup(html, "html.parser")
    return {
        section.select_one("h2").get_text(" ", strip=True): section.get_text(" ", strip=True)
        for section in page.select("section.w-panel")
    }


def quick_links(html):
    page = BeautifulSoup(html, "html.parser")
    return {link.get_text(" ", strip=True): link["href"] for link in page.select(".scf-quick-links a")}


def draft(blog, title, user, live=False):
    post = BlogPostPage(title=title, slug=slugify(title), live=live, owner=user)
    blog.add_child(instance=post)
    post.save_revision(user=user)
    return post


def test_a_convenor_starts_from_buttons_for_what_they_do_most(client, home_page, blog, convenor):
    log_in(client, convenor)
    html = client.get("/admin/").content.decode()
    links = quick_links(html)
    assert links == {
        "Write a new blog post": f"/admin/pages/add/blog/blogpostpage/{blog.pk}/",
        "Edit the vision page": f"/admin/pages/{home_page.pk}/edit/",
        "Guide for convenors": "/admin/guide/",
    }
    # No bare counts of pages, pictures and documents.
    assert "w-summary" not in html or "Pages</a>" not in html


def test_a_contributor_sees_their_own_work_and_nothing_personal(
    client, home_page, blog, contributor, convenor
):
    Subscriber.sign_up(email="ada@people.example", details={}, consent=CONSENT)
    draft(blog, "My half-written post", contributor)
    draft(blog, "Someone else's draft", convenor)
    log_in(client, contributor)
    html = client.get("/admin/").content.decode()
    assert set(quick_links(html)) == {"Write a new blog post", "Guide for convenors"}
    found = panels(html)
    assert "My half-written post" in found["Your drafts"]
    assert "Someone else's draft" not in html
    assert "Mailing list" not in found and "Scheduled to go live" not in found
    assert "ada@people.example" not in html


def test_your_drafts_leaves_out_what_is_waiting_for_approval(client, blog, convenor):
    waiting = draft(blog, "Waiting one", convenor)
    waiting.get_workflow().start(waiting, convenor)
    draft(blog, "Drafty one", convenor)
    log_in(client, convenor)
    found = panels(client.get("/admin/").content.decode())
    assert "Drafty one" in found["Your drafts"]
    assert "Waiting one" not in found["Your drafts"]
    assert "Waiting one" in found["Waiting for a convenor"]


def test_scheduled_to_go_live_lists_the_next_pages_with_their_time(client, blog, convenor):
    post = draft(blog, "Spring gathering", convenor)
    revision = post.latest_revision
    revision.approved_go_live_at = timezone.make_aware(datetime.datetime(2031, 3, 4, 10, 0))
    revision.save()
    log_in(client, convenor)
    found = panels(client.get("/admin/").content.decode())
    assert "Spring gathering" in found["Scheduled to go live"]
    assert "Goes live Tuesday 4 March 2031, 10am." in found["Scheduled to go live"]


def test_the_mailing_list_panel_counts_this_week_and_month_and_who_has_not_confirmed(client, convenor):
    def sign_up(email, when, confirm=False):
        record = Subscriber.sign_up(email=email, details={}, consent=CONSENT).record
        Subscriber.objects.filter(pk=record.pk).update(signed_up_at=when)
        if confirm:
            record.confirm()

    now = timezone.now()
    sign_up("new1@people.example", now, confirm=True)
    sign_up("new2@people.example", now)
    sign_up("old@people.example", now - datetime.timedelta(days=40), confirm=True)
    log_in(client, convenor)
    text = panels(client.get("/admin/").content.decode())["Mailing list"]
    assert "2 signed up this week 1 not confirmed yet" in text
    assert f"2 signed up in {timezone.localtime(now):%B} 1 not confirmed yet" in text
    assert "2 on the list now" in text


def test_weeks_start_on_monday_and_months_on_the_first_uk_time():
    wednesday = timezone.make_aware(datetime.datetime(2026, 7, 1, 0, 30))  # 1 July 2026, 12:30am BST
    assert timezone.localtime(start_of_week(wednesday)).isoformat() == "2026-06-29T00:00:00+01:00"
    assert timezone.localtime(start_of_month(wednesday)).isoformat() == "2026-07-01T00:00:00+01:00"


def test_an_app_adds_a_panel_in_a_few_lines(client, convenor, contributor):
    class PledgePanel(FiguresPanel):
        name = "pledge"
        heading = "The pledge"
        order = 310
        permission = "mailing_list.view_subscriber"

        def get_figures(self, request):
            return [Figure(128, "signatures", "/admin/signatures/")]

    def add_pledge_panel(request, panel_list):
        panel_list.append(PledgePanel())

    with hooks.register_temporarily("construct_homepage_panels", add_pledge_panel):
        log_in(client, convenor)
        assert "128 signatures" in panels(client.get("/admin/").content.decode())["The pledge"]
        log_in(client, contributor)
        assert "The pledge" not in panels(client.get("/admin/").content.decode())


def test_the_dashboard_takes_the_same_queries_for_few_and_many_things(client, blog, convenor, contributor):
    def fill(count, start):
        for number in range(start, start + count):
            draft(blog, f"Draft {number}", convenor)
            waiting = draft(blog, f"Sent {number}", contributor)
            waiting.get_workflow().start(waiting, contributor)
            scheduled = draft(blog, f"Later {number}", convenor)
            revision = scheduled.latest_revision
            revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=number + 1)
            revision.save()

    log_in(client, convenor)

    def queries():
        client.get("/admin/")  # warm caches (content types, site root)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        return len(captured)

    fill(2, 0)
    few = queries()
    fill(6, 2)
    many = queries()
    assert few == many
