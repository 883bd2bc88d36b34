"""Reports for a small team: each lists what it should, only convenors see
them, and each takes the same number of queries for few or many rows."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from blog.models import BlogPostPage
from socialcarefuture.models import SiteSettings, StandardPage
from socialcarefuture.publishing.reports import EasyReadExpectation
from tests.blog.factories import BlogPostPageFactory
from tests.factories import DocumentFactory, ImageFactory, StandardPageFactory
from tests.publishing.conftest import log_in

pytestmark = pytest.mark.django_db

REPORTS = {
    "scheduled": "/admin/reports/scheduled/",
    "pictures": "/admin/reports/pictures-without-credit/",
    "easy_read": "/admin/reports/missing-easy-read/",
    "old_drafts": "/admin/reports/old-drafts/",
    "links": "/admin/reports/links-to-missing-pages/",
}


def rows(response):
    """The report's table as lists of cell texts."""
    page = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("table.listing tbody tr")
    ]


def titles(response):
    return [row[0] if row[0] else row[1] for row in rows(response)]


@pytest.fixture
def convenor_client(client, convenor):
    return log_in(client, convenor)


def test_only_convenors_see_the_reports(client, home_page, contributor, convenor):
    log_in(client, contributor)
    for url in REPORTS.values():
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    menu = client.get("/admin/").content.decode()
    assert "Pictures without a credit" not in menu
    assert "/admin/reports/aging-pages/" not in menu  # no Reports menu at all
    log_in(client, convenor)
    for url in REPORTS.values():
        assert client.get(url).status_code == 200
    menu = client.get("/admin/").content.decode()
    assert "Pictures without a credit" in menu and "/admin/reports/aging-pages/" in menu


def test_scheduled_lists_what_goes_live_and_what_comes_off_soonest_first(
    convenor_client, home_page, blog, convenor
):
    later = BlogPostPage(title="Later post", slug="later", live=False)
    blog.add_child(instance=later)
    revision = later.save_revision(user=convenor)
    revision.approved_go_live_at = timezone.make_aware(datetime.datetime(2031, 5, 6, 14, 30))
    revision.save()
    ending = StandardPageFactory(parent=home_page, title="Summer appeal")
    ending.expire_at = timezone.make_aware(datetime.datetime(2031, 1, 2, 9, 0))
    ending.save()

    found = rows(convenor_client.get(REPORTS["scheduled"]))
    assert [row[:3] for row in found] == [
        ["Summer appeal", "Comes off the site", "Thursday 2 January 2031, 9am"],
        ["Later post", "Goes live", "Tuesday 6 May 2031, 2:30pm"],
    ]
    assert found[1][3] == "Rowan Convenor"


def test_pictures_without_a_credit(convenor_client):
    ImageFactory(title="Uncredited drawing", credit="")
    ImageFactory(title="Blank credit", credit="   ")
    ImageFactory(title="Credited drawing", credit="Illustration by Sam Lee")
    found = rows(convenor_client.get(REPORTS["pictures"]))
    assert sorted(row[1] for row in found) == ["Blank credit", "Uncredited drawing"]


def test_missing_easy_read_versions_follow_each_apps_expectation(convenor_client, home_page, blog):
    easy = StandardPageFactory(parent=home_page, title="About us in Easy Read", is_easy_read=True)
    StandardPageFactory(parent=home_page, title="About us", easy_read_version=easy)
    StandardPageFactory(parent=home_page, title="Privacy notice")
    report, easy_report = DocumentFactory(), DocumentFactory()
    BlogPostPageFactory(
        parent=blog,
        title="Report with Easy Read",
        downloads=[("document", {"document": report, "easy_read": easy_report})],
    )
    BlogPostPageFactory(parent=blog, title="Report alone", downloads=[("document", {"document": report})])
    BlogPostPageFactory(parent=blog, title="Just a story")

    found = rows(convenor_client.get(REPORTS["easy_read"]))
    assert sorted((row[0], row[1]) for row in found) == [
        ("Privacy notice", "Standard page"),
        ("Report alone", "Blog post"),
    ]


def test_an_app_says_its_pages_expect_easy_read_in_a_few_lines(convenor_client, home_page, blog):
    BlogPostPageFactory(parent=blog, title="A plain post")

    def every_post():
        return EasyReadExpectation(model=BlogPostPage, missing=lambda posts: posts, advice="Add one.")

    with hooks.register_temporarily("register_easy_read_expectations", every_post):
        found = rows(convenor_client.get(REPORTS["easy_read"]))
    assert ["A plain post", "Blog post", "Add one."] in found


def test_drafts_not_touched_for_90_days(convenor_client, blog, convenor):
    def draft(title, days_ago):
        post = BlogPostPage(title=title, slug=title.lower().replace(" ", "-"), live=False)
        blog.add_child(instance=post)
        post.save_revision(user=convenor)
        moment = timezone.now() - datetime.timedelta(days=days_ago)
        Page.objects.filter(pk=post.pk).update(latest_revision_created_at=moment)

    draft("Forgotten idea", 120)
    draft("Fresh idea", 10)
    BlogPostPageFactory(parent=blog, title="Published long ago")
    found = rows(convenor_client.get(REPORTS["old_drafts"]))
    assert [(row[0], row[1], row[4]) for row in found] == [
        ("Forgotten idea", "Draft, never published", "Rowan Convenor")
    ]


def test_links_to_pages_that_were_deleted_or_are_not_published(convenor_client, home_page):
    gone = StandardPageFactory(parent=home_page, title="Old page")
    hidden = StandardPageFactory(parent=home_page, title="Hidden page", live=False)
    fine = StandardPageFactory(parent=home_page, title="Fine page")
    gone_id = gone.pk
    StandardPageFactory(
        parent=home_page,
        title="Page with links",
        body=[
            ("paragraph", RichText(f'<p>See <a linktype="page" id="{gone_id}">the old page</a>.</p>')),
            ("paragraph", RichText(f'<p>And <a linktype="page" id="{fine.pk}">a fine one</a>.</p>')),
        ],
    )
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.main_menu = [
        ("link", {"page": hidden, "label": "Hidden"}),
        ("link", {"page": fine, "label": "Fine"}),
    ]
    settings.save()
    gone.delete()

    found = rows(convenor_client.get(REPORTS["links"]))
    assert sorted(found) == sorted(
        [
            ["Page with links", "Standard page: body", f"Page {gone_id}", "Deleted"],
            [str(settings), "Site settings: main menu", "'Hidden page'", "Not published"],
        ]
    )


def test_a_report_downloads_as_csv(convenor_client):
    ImageFactory(title="Uncredited drawing", credit="")
    response = convenor_client.get(REPORTS["pictures"] + "?export=csv")
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[1][0] == "Uncredited drawing"


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_each_report_takes_the_same_queries_for_few_and_many_rows(
    convenor_client, home_page, blog, convenor, report
):
    def fill(count, start):
        for number in range(start, start + count):
            ImageFactory(title=f"Picture {number}", credit="")
            StandardPageFactory(parent=home_page, title=f"Page {number}", slug=f"page-{number}")
            post = BlogPostPage(title=f"Old {number}", slug=f"old-{number}", live=False)
            blog.add_child(instance=post)
            revision = post.save_revision(user=convenor)
            revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=number + 1)
            revision.save()
            Page.objects.filter(pk=post.pk).update(
                latest_revision_created_at=timezone.now() - datetime.timedelta(days=200)
            )
            missing = StandardPageFactory(parent=home_page, title=f"Doomed {number}", slug=f"doomed-{number}")
            StandardPageFactory(
                parent=home_page,
                title=f"Linking {number}",
                slug=f"linking-{number}",
                body=[("paragraph", RichText(f'<p><a linktype="page" id="{missing.pk}">x</a></p>'))],
            )
            missing.delete()

    def queries():
        convenor_client.get(REPORTS[report])  # renditions and caches made once
        with CaptureQueriesContext(connection) as captured:
            response = convenor_client.get(REPORTS[report])
        assert response.status_code == 200
        return len(captured), len(rows(response))

    fill(2, 0)
    few, few_rows = queries()
    fill(4, 2)
    many, many_rows = queries()
    assert many_rows > few_rows > 0
    assert few == many
    assert StandardPage.objects.count() > 0
