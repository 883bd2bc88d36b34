"""Every public page type renders in at most 12 queries, and in no more when it
lists more (a second, anonymous request with the page cache and the kept
fragments off: what a reader pays after any change purges them).

Each test builds a small site, counts every page of its area, grows the content
(to 200 blog posts, 40 gatherings, 40 glimpses, 300 signatures), counts again,
and asserts both: the budget and equal counts at both sizes. On failure the
message lists every page's count, so one run shows them all.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction

from blog.models import BlogPostAuthor, BlogPostPage, BlogPostRelatedPost, BlogPostTag
from gatherings.models import GatheringPage, GatheringSession
from glimpses.models import GlimpsePage
from pledge.models import Signature
from socialcarefuture import page_cache
from tests.blog.factories import (
    BASE_TIME,
    BlogAuthorFactory,
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPostPageFactory,
)
from tests.factories import ImageFactory, StandardPageFactory
from tests.gatherings.factories import GatheringIndexPageFactory, GatheringPageFactory, in_days
from tests.glimpses.factories import GlimpseIndexPageFactory, GlimpsePageFactory, GlimpseThemeFactory
from tests.pledge.factories import PledgePageFactory, SignatureFactory, signature_rows

pytestmark = pytest.mark.django_db

BUDGET = 12


def queries_for(client, url):
    """Queries made by the second request for ``url`` (the first fills the caches
    a running site keeps: the site, the menus, the index pages)."""
    first = client.get(url)
    assert first.status_code == 200, f"{url} answered {first.status_code}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def count_all(client, urls):
    return {url: queries_for(client, url) for url in urls}


def assert_within_budget_at_both_sizes(small, large):
    report = "\n".join(f"{small[url]:3d} {large[url]:3d}  {url}" for url in small)
    over = [url for url in small if max(small[url], large[url]) > BUDGET]
    assert not over, f"over {BUDGET} queries (small, large):\n{report}"
    assert small == large, f"query counts grow with the content (small, large):\n{report}"


def bulk_pages(parent, model, rows):
    """Live pages of ``model`` under ``parent``, one ``INSERT`` per table for them
    all (``add_child`` takes about a second a page on a busy machine). They skip
    the search index and revisions, which no count here depends on."""
    parent.refresh_from_db()
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    base_names = {field.name for field in Page._meta.concrete_fields}
    bases, pages = [], []
    for number, values in enumerate(rows, start=1):
        values = {"live": True, "first_published_at": now, "last_published_at": now, **values}
        base = {name: value for name, value in values.items() if name in base_names}
        bases.append(
            Page(
                **base,
                draft_title=values["title"],
                path=Page._get_path(parent.path, parent.depth + 1, step + number),
                depth=parent.depth + 1,
                url_path=f"{parent.url_path}{values['slug']}/",
                content_type=content_type,
                locale_id=parent.locale_id,
            )
        )
        pages.append(values)
    Page.objects.bulk_create(bases)
    made = []
    for base, values in zip(bases, pages, strict=True):
        page = model(**values)
        page.page_ptr_id = page.pk = base.pk
        page.path, page.depth, page.url_path = base.path, base.depth, base.url_path
        made.append(page)
    model._base_manager._insert(made, fields=model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(made))
    return made


@pytest.fixture
def pictures():
    return [ImageFactory(title=f"Picture {number}") for number in range(3)]


@pytest.fixture
def client(client, settings):
    # Every part drawn afresh: the kept fragments (socialcarefuture/fragments.py)
    # go at a purge too, and the pages here are made in bulk, without one.
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    return client


# The blog and the vision page -----------------------------------------------------------------


def add_posts(blog, count, *, start, categories, authors, pictures):
    """``count`` posts, each with a picture, a category, one or two authors and topics."""
    posts = bulk_pages(
        blog,
        BlogPostPage,
        [
            {
                "title": f"Riverside story {number}",
                "slug": f"story-{number}",
                "introduction": "What happened when people led their own support.",
                "first_published_at": BASE_TIME + datetime.timedelta(days=number),
                "category": categories[number % len(categories)],
                "listing_image": pictures[number % len(pictures)] if number % 2 else None,
                "hero_image": pictures[(number + 1) % len(pictures)],
            }
            for number in range(start, start + count)
        ],
    )
    BlogPostAuthor.objects.bulk_create(
        BlogPostAuthor(page=post, author=author, sort_order=order)
        for number, post in enumerate(posts, start=start)
        for order, author in enumerate(authors[: 1 + number % 2])
    )
    topics = [
        Tag.objects.get_or_create(name=name, slug=slugify(name))[0] for name in ("people power", "homes")
    ]
    BlogPostTag.objects.bulk_create(
        BlogPostTag(content_object=post, tag=topics[number % 2]) for number, post in enumerate(posts)
    )
    return posts


def count_kept(client, settings, urls):
    """``count_all`` with the kept fragments on, made afresh first (bulk-made
    pages send no purge)."""
    settings.FRAGMENT_CACHE_SECONDS = 300
    page_cache.purge_all("new content made in bulk")
    try:
        return count_all(client, urls)
    finally:
        settings.FRAGMENT_CACHE_SECONDS = 0


def test_the_blog_and_the_vision_page_keep_to_the_budget_at_5_and_200_posts(
    home_page, client, settings, pictures
):
    blog = home_page.add_child(instance=BlogIndexPageFactory.build())
    categories = [
        BlogCategoryFactory(name="News", slug="news"),
        BlogCategoryFactory(name="Blog", slug="blog"),
    ]
    authors = [
        BlogAuthorFactory(name="Jo Whitfield", slug="jo-whitfield", photo=pictures[0]),
        BlogAuthorFactory(name="Sam Okafor", slug="sam-okafor"),
    ]
    # Five posts as editors make them (indexed for search), the rest in bulk.
    posts = [
        BlogPostPageFactory(
            parent=blog,
            title=f"Riverside story {number}",
            first_published_at=BASE_TIME + datetime.timedelta(days=number),
            category=categories[number % 2],
            hero_image=pictures[number % 3],
            authors=authors[: 1 + number % 2],
            tags=["people power"],
        )
        for number in range(5)
    ]
    first = posts[0]
    BlogPostRelatedPost.objects.create(page=first, post=posts[1], sort_order=0)
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    StandardPageFactory(parent=about, title="Our story", slug="our-story")

    urls = [
        "/",
        "/about/",
        "/about/our-story/",
        "/blog/",
        "/blog/?category=news",
        "/blog/?tag=people-power",
        "/blog/?author=jo-whitfield",
        "/blog/?year=2024",
        "/blog/?q=riverside&category=news",
        "/blog/?page=2",
        first.url,
        "/blog/feed/",
        "/search/?q=riverside",
        "/mailing-list/",
    ]
    small = count_all(client, urls)
    small_kept = count_kept(client, settings, urls)

    add_posts(blog, 195, start=5, categories=categories, authors=authors, pictures=pictures)
    assert blog.get_children().count() == 200
    large = count_all(client, urls)
    large_kept = count_kept(client, settings, urls)

    assert_within_budget_at_both_sizes(small, large)
    # With the fragments kept (as between two publishes) no page takes more,
    # and the listing, which fetches only the cards it has not kept, takes
    # the same at both sizes.
    assert small_kept == large_kept, (small_kept, large_kept)
    assert all(small_kept[url] <= small[url] for url in urls), (small_kept, small)


# Gatherings ------------------------------------------------------------------------------------


def add_gatherings(index, count, *, start, pictures):
    made = bulk_pages(
        index,
        GatheringPage,
        [
            {
                **GATHERING,
                "title": f"A gathering in town {number}",
                "slug": f"gathering-in-town-{number}",
                "starts_at": in_days(days(number), 10),
                "ends_at": in_days(days(number), 16),
                "region": "north-west" if number % 2 else "london",
                "hero_image": pictures[number % len(pictures)],
            }
            for number in range(start, start + count)
        ],
    )
    GatheringSession.objects.bulk_create(
        GatheringSession(
            page=page,
            title=title,
            starts_at=in_days(days(number), a),
            ends_at=in_days(days(number), b),
            sort_order=order,
        )
        for number, page in enumerate(made, start=start)
        if number % 2
        for order, (title, a, b) in enumerate([("Morning", 10, 12), ("Afternoon", 13, 16)])
    )
    return made


def days(number):
    return 10 + number if number % 3 else -30 - number  # upcoming and past


# What GatheringPageFactory gives a gathering.
GATHERING = {
    "introduction": "A day to meet, talk and plan together.",
    "audience": "Everyone is welcome.",
    "format": "in-person",
    "venue_name": "Friends Meeting House",
    "street_address": "6 Mount Street",
    "town": "Manchester",
    "postcode": "M2 5NS",
    "step_free": True,
    "booking_type": "built-in",
    "capacity": 10,
    "has_waiting_list": True,
}


def test_gatherings_keep_to_the_budget_at_3_and_40(home_page, client, pictures):
    index = home_page.add_child(instance=GatheringIndexPageFactory.build())
    gatherings = [
        GatheringPageFactory(
            parent=index,
            title=f"A gathering in town {number}",
            region="north-west" if number % 2 else "london",
            hero_image=pictures[number],
        )
        for number in range(3)
    ]
    urls = ["/", "/gatherings/", "/gatherings/?region=london", gatherings[1].url, "/search/?q=gathering"]
    small = count_all(client, urls)

    add_gatherings(index, 37, start=3, pictures=pictures)
    large = count_all(client, urls)

    assert_within_budget_at_both_sizes(small, large)


# Glimpses --------------------------------------------------------------------------------------


def add_glimpses(index, count, *, start, themes, pictures):
    made = bulk_pages(
        index,
        GlimpsePage,
        [
            {
                "title": f"A glimpse of a good life {number}",
                "slug": f"glimpse-of-a-good-life-{number}",
                "summary": "People lead their own support.",
                "region": "north-west" if number % 2 else "london",
                "place": "Kendal",
                "image": pictures[number % len(pictures)],
                "first_published_at": BASE_TIME + datetime.timedelta(days=number),
            }
            for number in range(start, start + count)
        ],
    )
    through = GlimpsePage.themes.through
    through.objects.bulk_create(
        through(glimpsepage_id=page.pk, glimpsetheme_id=theme.pk)
        for number, page in enumerate(made, start=start)
        for theme in themes[: 1 + number % len(themes)]
    )
    return made


def test_glimpses_keep_to_the_budget_at_5_and_40(home_page, client, pictures):
    index = home_page.add_child(instance=GlimpseIndexPageFactory.build())
    themes = [
        GlimpseThemeFactory(name="Homes", slug="homes"),
        GlimpseThemeFactory(name="Work", slug="work"),
    ]
    glimpses = [
        GlimpsePageFactory(
            parent=index,
            title=f"A glimpse of a good life {number}",
            region="london" if number % 2 else "north-west",
            image=pictures[number % 3],
            themes=themes[: 1 + number % 2],
        )
        for number in range(5)
    ]
    urls = [
        "/",
        "/glimpses/",
        "/glimpses/?theme=homes",
        "/glimpses/?theme=work&region=london",
        glimpses[1].url,
        "/glimpses/share/",
    ]
    small = count_all(client, urls)

    add_glimpses(index, 35, start=5, themes=themes, pictures=pictures)
    large = count_all(client, urls)

    assert_within_budget_at_both_sizes(small, large)


# The pledge ------------------------------------------------------------------------------------


def test_the_pledge_keeps_to_the_budget_at_5_and_300_signatures(home_page, client):
    pledge = home_page.add_child(instance=PledgePageFactory.build())
    SignatureFactory.create_batch(5)
    urls = ["/", pledge.url, f"{pledge.url}signatories/", f"{pledge.url}signatories/?q=organisation"]
    small = count_all(client, urls)

    Signature.objects.bulk_create(signature_rows(295))
    large = count_all(client, urls)

    assert_within_budget_at_both_sizes(small, large)


# What the savings rest on ----------------------------------------------------------------------


def test_a_page_made_private_is_private_at_once(home_page, client):
    """The list of private sections is kept between requests: making a page
    private must take effect on the very next request, and so must undoing it."""
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    page = StandardPageFactory(parent=about, title="Our story", slug="our-story")
    assert client.get(page.url).status_code == 200

    restriction = PageViewRestriction.objects.create(page=about, restriction_type="login")
    response = client.get(page.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    # .public() (the search, listings) leaves the section out as well.
    assert b"Our story" not in client.get("/search/?q=story").content

    restriction.delete()
    assert client.get(page.url).status_code == 200
    assert b"Our story" in client.get("/search/?q=story").content


def test_addresses_still_route_as_wagtail_routes_them(home_page, client):
    blog = home_page.add_child(instance=BlogIndexPageFactory.build())
    post = BlogPostPageFactory(parent=blog, title="Feed news", slug="post-about-feeds")
    draft = BlogPostPageFactory(parent=blog, slug="not-yet", live=False)

    assert client.get("/blog/").status_code == 200
    assert client.get(post.url).status_code == 200
    # The blog's own route wins over a child's address.
    assert client.get("/blog/feed/").headers["Content-Type"].startswith("application/rss+xml")
    assert client.get(f"/blog/{draft.slug}/").status_code == 404
    assert client.get("/blog/no-such-post/").status_code == 404
    assert client.get(f"{post.url}extra/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404

    # A page moved or renamed answers at its new address at once.
    post.slug = "renamed"
    post.save_revision().publish()
    assert client.get("/blog/renamed/").status_code == 200
    assert client.get("/blog/post-about-feeds/").status_code == 404


def test_breadcrumbs_come_from_the_pages_routing_found(home_page, client):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    StandardPageFactory(parent=about, title="Our story", slug="our-story")
    html = client.get("/about/our-story/").content.decode()
    crumbs = html.split('class="breadcrumbs__list"')[1].split("</ol>")[0]
    assert 'href="/"' in crumbs and "About us" in crumbs and 'aria-current="page">Our story' in crumbs


def test_index_pages_are_found_afresh_after_a_change(home_page, client):
    """The vision page's sections find the blog once per generation; a blog
    unpublished disappears from the vision page at once."""
    blog = home_page.add_child(instance=BlogIndexPageFactory.build())
    BlogPostPageFactory(parent=blog, title="The newest story", first_published_at=timezone.now())
    assert b"The newest story" in client.get("/").content
    blog.unpublish()
    assert b"The newest story" not in client.get("/").content
