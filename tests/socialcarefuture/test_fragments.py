"""Kept fragments (socialcarefuture/fragments.py): the costly, shared parts of a
page are drawn once and kept under the page cache's generation, so a render
asks the database less, and every change that shows on a page still shows at
once."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPostAuthor, BlogPostRelatedPost
from pledge.models import Signature
from tests.blog.factories import (
    BASE_TIME,
    BlogAuthorFactory,
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPostPageFactory,
)
from tests.gatherings.factories import BookingFactory, GatheringIndexPageFactory, GatheringPageFactory
from tests.pledge.factories import PledgePageFactory, SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    # Every request renders, as after a purge; only the fragments are kept.
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def blog(home_page):
    blog = home_page.add_child(instance=BlogIndexPageFactory.build())
    news = BlogCategoryFactory(name="News", slug="news")
    posts = [
        BlogPostPageFactory(
            parent=blog,
            title=title,
            category=news,
            tags=["people power"],
            first_published_at=BASE_TIME + datetime.timedelta(days=number),
        )
        for number, title in enumerate(["Tea at Elm Court", "A choir in Hexham", "Allotments for all"])
    ]
    return blog, posts


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def titles(response, selector):
    soup = BeautifulSoup(response.content, "html.parser")
    return [heading.get_text(strip=True) for heading in soup.select(selector)]


def counts(response, name):
    return {option.value: option.count for option in response.context["listing"].filters[name].options}


def words(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_the_vision_pages_sections_are_kept_and_fresh_after_a_publish(
    client, blog, django_capture_on_commit_callbacks
):
    index, posts = blog
    first, response = queries(client, "/")
    assert titles(response, ".latest-posts .card__title") == [
        "Allotments for all",
        "A choir in Hexham",
        "Tea at Elm Court",
    ]
    second, again = queries(client, "/")
    assert second < first  # the latest posts are not asked for again
    assert again.content == response.content

    newest = BlogPostPageFactory(parent=index, title="Singing on the ward", first_published_at=BASE_TIME)
    newest.first_published_at = BASE_TIME + datetime.timedelta(days=30)
    publish(newest, django_capture_on_commit_callbacks)
    _, fresh = queries(client, "/")
    assert titles(fresh, ".latest-posts .card__title")[0] == "Singing on the ward"


def test_a_posts_related_posts_are_kept_but_a_preview_shows_the_draft(
    client, blog, django_capture_on_commit_callbacks
):
    _, (tea, choir, allotments) = blog
    url = tea.url
    first, response = queries(client, url)
    assert titles(response, ".related-posts .card__title") == ["Allotments for all", "A choir in Hexham"]
    second, _ = queries(client, url)
    assert second < first

    # A hand-picked related post in a draft: the preview shows it first, the
    # kept fragment of the live page is neither used nor replaced.
    tea.related_links.add(BlogPostRelatedPost(post=choir, sort_order=0))  # in memory, as a draft
    preview = tea.make_preview_request()
    preview.render()
    assert titles(preview, ".related-posts .card__title") == ["A choir in Hexham", "Allotments for all"]
    _, live = queries(client, url)
    assert titles(live, ".related-posts .card__title") == ["Allotments for all", "A choir in Hexham"]

    # Published, the hand-picked post comes first at once.
    publish(tea, django_capture_on_commit_callbacks)
    _, fresh = queries(client, url)
    assert titles(fresh, ".related-posts .card__title") == ["A choir in Hexham", "Allotments for all"]


def test_listing_counts_and_cards_are_kept_and_fresh_after_a_publish(
    client, blog, django_capture_on_commit_callbacks
):
    index, (tea, _, _) = blog
    first, response = queries(client, "/blog/")
    second, again = queries(client, "/blog/")
    assert second < first
    assert again.content == response.content

    assert counts(response, "category") == {"news": 3}

    tea.title = "Tea and cake at Elm Court"
    tea.category = BlogCategoryFactory(name="Stories", slug="stories")
    publish(tea, django_capture_on_commit_callbacks)
    _, fresh = queries(client, "/blog/")
    assert "Tea and cake at Elm Court" in titles(fresh, ".listing__cards .card__title")
    assert counts(fresh, "category") == {"news": 2, "stories": 1}


def test_kept_fragments_are_off_at_zero(client, blog, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.get("/")  # the menus and the site, kept whatever this says
    second, _ = queries(client, "/")
    third, _ = queries(client, "/")
    assert third == second


def test_a_confirmed_signature_shows_at_once_on_the_stored_vision_page(
    client, home_page, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    PledgePageFactory(parent=home_page)
    SignatureFactory.create_batch(2)
    assert "2 people have signed the pledge" in words(Client().get("/"))
    assert Client().get("/")["X-Page-Cache"] == "hit"

    waiting = SignatureFactory(status=Signature.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        assert waiting.confirm()
    page = Client().get("/")
    assert page["X-Page-Cache"] == "miss"
    assert "3 people have signed the pledge" in words(page)


def test_a_confirmed_or_cancelled_booking_purges_the_stored_pages(
    home_page, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    index = GatheringIndexPageFactory(parent=home_page)
    gathering = GatheringPageFactory(parent=index, capacity=10)
    url = index.url
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    booking = BookingFactory(gathering=gathering, status="pending", place="", confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert booking.confirm()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        assert booking.withdraw("link")
    assert Client().get(url)["X-Page-Cache"] == "miss"


def test_a_listing_page_of_kept_cards_asks_only_which_items_are_on_it(
    client, blog, settings, django_capture_on_commit_callbacks
):
    index, posts = blog
    stories = BlogCategoryFactory(name="Stories", slug="stories")
    BlogPostPageFactory(
        parent=index,
        title="Walking group",
        category=stories,
        first_published_at=BASE_TIME - datetime.timedelta(days=1),
    )
    # Some cards kept (from the filtered list), the rest not: the page mixes
    # both, in the listing's order, exactly as drawn afresh.
    client.get("/blog/?category=news")
    cold, mixed = queries(client, "/blog/")
    assert cold <= 12
    warm, kept = queries(client, "/blog/")
    assert warm < cold
    settings.FRAGMENT_CACHE_SECONDS = 0
    _, fresh = queries(client, "/blog/")
    expected = ["Allotments for all", "A choir in Hexham", "Tea at Elm Court", "Walking group"]
    for response in (mixed, kept, fresh):
        assert titles(response, ".listing__cards .card__title") == expected
    cards = BeautifulSoup(fresh.content, "html.parser").select(".listing__cards > li")
    assert [
        str(card) for card in BeautifulSoup(kept.content, "html.parser").select(".listing__cards > li")
    ] == [str(card) for card in cards]


def test_a_kept_post_asks_only_for_its_route_and_an_authors_change_shows_at_once(
    client, blog, django_capture_on_commit_callbacks
):
    _, (tea, _, _) = blog
    author = BlogAuthorFactory(name="Priya Nair", slug="priya-nair", bio="Runs the lunch club.")
    BlogPostAuthor.objects.create(page=tea, author=author, sort_order=0)
    first, response = queries(client, tea.url)
    second, again = queries(client, tea.url)
    assert second <= 2 < first  # finding the page; the article, its data for search engines and the rest kept
    assert again.content == response.content
    assert "Runs the lunch club." in words(again)
    data = json.loads(
        BeautifulSoup(again.content, "html.parser").find("script", type="application/ld+json").string
    )
    assert [person["name"] for person in data["author"]] == ["Priya Nair"]

    author.bio = "Runs the lunch club and the choir."
    with django_capture_on_commit_callbacks(execute=True):
        author.save()  # a snippet: the page cache and the fragments go
    assert "Runs the lunch club and the choir." in words(client.get(tea.url))


def test_the_kept_footer_form_says_which_page_it_is_on(client, blog):
    index, (tea, _, _) = blog
    for url in ["/blog/", tea.url, '/blog/"><b>not-a-page/']:
        response = Client(raise_request_exception=False).get(url)
        form = BeautifulSoup(response.content, "html.parser").select_one(".footer-signup form")
        assert form.select_one("input[name=source]")["value"] == url
        assert form.select_one("input[name=email]") is not None
    assert "<b>" not in Client(raise_request_exception=False).get('/blog/"><b>not-a-page/').content.decode()


def test_a_kept_listing_page_asks_only_for_its_route_and_a_new_post_shows_at_once(
    client, blog, django_capture_on_commit_callbacks, monkeypatch
):
    from blog.listing import BlogListing

    index, _ = blog
    monkeypatch.setattr(BlogListing, "per_page", 2)
    client.get("/blog/?page=2")
    warm, second_page = queries(client, "/blog/?page=2")
    # The site and the page along the address; the order of the posts and
    # their cards are kept for this state of the filters.
    assert warm <= 2
    assert titles(second_page, ".listing__cards .card__title") == ["Tea at Elm Court"]
    new = BlogPostPageFactory(
        parent=index, title="Gardening club", first_published_at=BASE_TIME + datetime.timedelta(days=9)
    )
    publish(new, django_capture_on_commit_callbacks)
    _, first_page = queries(client, "/blog/")
    assert titles(first_page, ".listing__cards .card__title") == ["Gardening club", "Allotments for all"]
    _, second_page = queries(client, "/blog/?page=2")
    assert titles(second_page, ".listing__cards .card__title") == ["A choir in Hexham", "Tea at Elm Court"]


def test_a_listing_too_long_to_keep_in_order_asks_for_each_page(client, blog, monkeypatch):
    from blog.listing import BlogListing

    monkeypatch.setattr(BlogListing, "KEEP_ORDER_UP_TO", 2)
    client.get("/blog/")
    warm, response = queries(client, "/blog/")
    # The route is kept (socialcarefuture/queries.py, "kept answers"); the count and
    # the page's posts are asked for: three posts are more than 2.
    assert warm == 2
    assert titles(response, ".listing__cards .card__title") == [
        "Allotments for all",
        "A choir in Hexham",
        "Tea at Elm Court",
    ]
