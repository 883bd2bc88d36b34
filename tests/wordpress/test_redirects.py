"""Every old address answers with a permanent redirect to the right place, through
the site's real middleware and page serving (the test client runs both)."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from blog.models import BlogPostPage
from socialcarefuture.models import StandardPage
from tests.factories import StandardPageFactory
from wordpress.models import ImportedItem

from . import movement
from .wxr import ItemFactory, PageFactory


@pytest.fixture
def imported(blog, uploads, export, run_import):
    return run_import(movement.write(export, uploads), uploads=uploads)


def target(kind, wordpress_id):
    record = ImportedItem.objects.get(kind=kind, wordpress_id=str(wordpress_id))
    if kind == "post":
        return BlogPostPage.objects.get(pk=record.object_id).url
    if kind == "page":
        return StandardPage.objects.get(pk=record.object_id).url
    if kind == "image":
        return get_image_model().objects.get(pk=record.object_id).file.url
    return get_document_model().objects.get(pk=record.object_id).url


OLD_ADDRESSES = [
    # Posts, by every address WordPress answered.
    ("/2019/05/03/a-new-story-for-care/", ("post", 100)),
    ("/2019/05/a-new-story-for-care/", ("post", 100)),
    ("/a-new-story-for-care/", ("post", 100)),
    ("/?p=100", ("post", 100)),
    ("/2019/05/03/a-new-story-for-care/?utm_source=newsletter", ("post", 100)),
    ("/2019/11/28/gathering-in-birmingham", ("post", 101)),
    # Pages.
    ("/?page_id=201", ("page", 201)),
    ("/?p=201", ("page", 201)),
    ("/?page_id=200", ("page", 200)),
    # Lists of posts: the blog, filtered.
    ("/category/news/", "/blog/?category=news"),
    ("/category/reports/easy-read-reports/", "/blog/?category=easy-read-reports"),
    ("/category/uncategorized/", "/blog/"),
    ("/tag/people-power/", "/blog/?tag=people-power"),
    ("/author/jo-sample/", "/blog/?author=jo-sample"),
    ("/author/sam/", "/blog/?author=sam-example"),
    ("/feed/", "/blog/feed/"),
    # Files.
    ("/wp-content/uploads/2019/05/report.pdf", ("document", 52)),
    ("/wp-content/uploads/2019/05/report-easy-read.pdf", ("document", 53)),
    ("/?attachment_id=52", ("document", 52)),
    ("/wp-content/uploads/2019/05/picture.png", ("image", 50)),
    ("/wp-content/uploads/2019/05/picture-300x200.png", ("image", 50)),
]


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES)
def test_each_old_address_answers_301_to_the_right_place(imported, client, old, new):
    expected = target(*new) if isinstance(new, tuple) else new
    response = client.get(old)
    assert response.status_code == 301, response.status_code
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "old",
    ["/2019/05/03/a-new-story-for-care/", "/category/news/", "/tag/people-power/", "/author/jo-sample/"],
)
def test_where_they_lead_is_a_working_page(imported, client, old):
    response = client.get(old, follow=True)
    assert response.redirect_chain[0][1] == 301
    assert response.status_code == 200


def test_the_old_feed_leads_to_the_blogs_feed(imported, client):
    response = client.get("/feed/", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")


def test_old_addresses_of_drafts_are_not_redirected(imported, client):
    for old in ("/?p=102", "/?p=103", "/private-notes/", "/members-only/", "/?page_id=204", "/half-written/"):
        response = client.get(old)
        assert response.status_code in {200, 404}, old  # "/?p=" on its own is the vision page
        assert "Location" not in response


def test_a_query_string_that_is_not_an_old_address_shows_the_page(imported, client):
    assert client.get("/?p=99999").status_code == 200
    assert client.get("/?p=abc").status_code == 200
    assert client.get("/?utm_source=x").status_code == 200


def test_an_old_page_at_the_same_address_on_the_new_site_needs_no_redirect(imported, client):
    assert not Redirect.objects.filter(
        old_path__in=["/about-us", "/about-us/our-history", "/contact"]
    ).exists()
    assert client.get("/about-us/our-history/").status_code == 200


def test_no_redirect_hides_a_page_of_the_new_site(blog, export, run_import, client, home_page):
    StandardPageFactory(parent=home_page, title="Contact us", slug="contact")
    post = ItemFactory(id=1, slug="blog", title="Blog")  # WordPress also answered /blog/ for it
    page = PageFactory(id=2, slug="contact", title="Old contact page")
    result = run_import(export([post, page]))
    assert not Redirect.objects.filter(old_path__in=["/blog", "/contact"]).exists()
    assert client.get("/blog/").status_code == 200
    assert client.get("/contact/").context["page"].title == "Contact us"
    imported_page = StandardPage.objects.get(title="Old contact page")
    assert imported_page.slug == "contact-2"
    assert client.get("/?page_id=2")["Location"] == "/contact-2/"
    assert any("is a page of the new site now" in reason for reason in result.reasons(wordpress_id=2))


def test_a_redirect_a_convenor_made_is_left_as_it_is(blog, export, run_import, client):
    Redirect.add_redirect("/2019/05/03/hello/", "https://example.org/elsewhere/")
    result = run_import(export([ItemFactory(id=1, slug="hello", date="2019-05-03 10:00:00")]))
    assert client.get("/2019/05/03/hello/")["Location"] == "https://example.org/elsewhere/"
    assert client.get("/?p=1")["Location"] == "/blog/hello/"
    assert any("already redirects somewhere else" in reason for reason in result.reasons(wordpress_id=1))


def test_redirects_are_permanent_and_for_this_site(imported):
    redirects = Redirect.objects.all()
    assert redirects.count() > 20
    assert all(redirect.is_permanent for redirect in redirects)
    assert {redirect.site.root_page_id for redirect in redirects} == {imported_site_root()}


def imported_site_root():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page_id


def test_old_addresses_with_unusual_characters_redirect(blog, export, run_import, client):
    post = ItemFactory(
        id=1, slug="%e2%80%9ccare%e2%80%9d-caf%c3%a9", title="“Care” café", date="2020-02-04 10:00:00"
    )
    run_import(export([post]))
    page = BlogPostPage.objects.get()
    assert page.slug == "care-café"
    response = client.get("/2020/02/04/%e2%80%9ccare%e2%80%9d-caf%c3%a9/")
    assert response.status_code == 301
    assert response["Location"] == page.url
