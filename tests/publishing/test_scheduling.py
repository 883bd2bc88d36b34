"""Scheduling that cannot surprise anyone: a scheduled post goes live when
publish_scheduled runs after its time and not before; a time in the past or a
date the form cannot read is refused with a clear message; a go-live date on a
live page says what it does."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from blog.models import BlogPostPage
from socialcarefuture.publishing.forms import GO_LIVE_HELP
from tests.publishing.conftest import log_in
from tests.publishing.forms import blog_post_form

pytestmark = pytest.mark.django_db


def at(moment):
    """``moment`` as the editor's date field shows it (UK time)."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def tomorrow_at_nine():
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def report_text(client):
    """The rows of the Scheduled report."""
    page = BeautifulSoup(client.get("/admin/reports/scheduled/").content, "html.parser")
    return " ".join(row.get_text(" ", strip=True) for row in page.select("table.listing tbody tr"))


def run_publish_scheduled_at(monkeypatch, moment):
    """Wagtail's own command, run as if the clock said ``moment``."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
    call_command("publish_scheduled", verbosity=0)
    monkeypatch.undo()


def test_a_scheduled_post_goes_live_when_its_time_has_come_and_not_before(
    client, blog, convenor, monkeypatch
):
    go_live = tomorrow_at_nine()
    log_in(client, convenor)
    response = client.post(
        f"/admin/pages/add/blog/blogpostpage/{blog.pk}/",
        blog_post_form("Autumn gathering", action="publish", go_live_at=at(go_live)),
    )
    assert response.status_code == 302
    post = BlogPostPage.objects.get(title="Autumn gathering")
    assert not post.live
    assert post.scheduled_revision.approved_go_live_at == go_live

    run_publish_scheduled_at(monkeypatch, timezone.now())
    run_publish_scheduled_at(monkeypatch, go_live - datetime.timedelta(minutes=1))
    post.refresh_from_db()
    assert not post.live

    run_publish_scheduled_at(monkeypatch, go_live + datetime.timedelta(minutes=1))
    post.refresh_from_db()
    assert post.live
    assert "Autumn gathering" not in report_text(client)


def test_run_scheduler_publishes_what_is_due(blog, convenor):
    post = BlogPostPage(title="Due now", slug="due-now", live=False)
    blog.add_child(instance=post)
    revision = post.save_revision(user=convenor)
    revision.publish(user=convenor)  # no go-live date: published at once; then schedule a change
    post.title = "Due now, changed"
    revision = post.save_revision(user=convenor)
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()

    call_command("run_scheduler", "--once")

    post.refresh_from_db()
    assert post.title == "Due now, changed"


def test_a_go_live_time_in_the_past_is_refused_with_a_message_at_the_top(client, blog, convenor):
    log_in(client, convenor)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    response = client.post(
        f"/admin/pages/add/blog/blogpostpage/{blog.pk}/",
        blog_post_form("Too late", action="publish", go_live_at=at(yesterday)),
    )
    assert response.status_code == 200
    assert not BlogPostPage.objects.filter(title="Too late").exists()
    html = response.content.decode()
    assert "has already passed" in html
    assert "in the publishing schedule (the Status panel, then &#x27;Set schedule&#x27;)" in html


def test_a_date_the_form_cannot_read_is_refused_not_published(client, blog, convenor):
    log_in(client, convenor)
    response = client.post(
        f"/admin/pages/add/blog/blogpostpage/{blog.pk}/",
        blog_post_form("Wrong format", action="publish", go_live_at="next tuesday 10am"),
    )
    assert response.status_code == 200
    assert not BlogPostPage.objects.filter(title="Wrong format").exists()
    assert "Enter a date and time like 24/12/2026 09:00" in response.content.decode()


def test_scheduling_changes_to_a_live_page_says_it_stays_live(client, blog, convenor):
    log_in(client, convenor)
    client.post(
        f"/admin/pages/add/blog/blogpostpage/{blog.pk}/", blog_post_form("Already out", action="publish")
    )
    post = BlogPostPage.objects.get(title="Already out")
    assert post.live

    edit = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "This page is already live." in edit
    assert "A go-live date does not take it off the site." in edit

    go_live = tomorrow_at_nine()
    response = client.post(
        f"/admin/pages/{post.pk}/edit/",
        blog_post_form("Already out, updated", slug=post.slug, action="publish", go_live_at=at(go_live)),
        follow=True,
    )
    html = response.content.decode()
    assert "is still live as it was" in html
    post.refresh_from_db()
    assert post.live and post.title == "Already out"
    assert "Already out, updated" in report_text(client)


def test_the_go_live_field_explains_itself_and_its_picker_is_safe(client, blog, convenor):
    log_in(client, convenor)
    html = client.get(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/").content.decode()
    assert "Go live on" in html
    assert "only these changes wait" in GO_LIVE_HELP and GO_LIVE_HELP.split(".")[0] in html
    config = json.loads(re.search(r'initDateTimeChooser\("id_go_live_at", (\{.*?\})\);', html).group(1))
    # The picker keeps a mistyped date (instead of putting "now" in its place),
    # starts at 9am, and offers no days in the past.
    assert config["validateOnBlur"] is False
    assert config["defaultTime"] == "09:00"
    assert config["minDate"] == "0"
