"""Routing keeps the pages that answered anonymous readers' addresses in the
worker's memory, under the page cache's generation (``queries.answered``).

What must hold: the second reader of an address costs no routing queries; a
publish, a move or a purge shows at once; what one request works out on its
page never reaches the next; a convenor with a session, a preview and a
POST route as before; two sites never share an answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from socialcarefuture import page_cache, queries
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.factories import HomePageFactory, StandardPageFactory
from tests.gatherings.factories import BookingFactory, GatheringIndexPageFactory, GatheringPageFactory

pytestmark = pytest.mark.django_db

ROUTING = '"wagtailcore_page"."url_path" IN'


@pytest.fixture
def client(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    settings.FRAGMENT_CACHE_SECONDS = 300
    return client


@pytest.fixture
def our_story(home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    return StandardPageFactory(parent=about, title="Our story", slug="our-story")


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_second_reader_of_an_address_costs_no_routing(client, our_story):
    first, first_sql = get(client, "/about/our-story/")
    second, second_sql = get(client, "/about/our-story/")

    assert any(ROUTING in sql for sql in first_sql)
    # With the menus and fragments kept too, the second reader asks nothing at all.
    assert second_sql == []
    assert second.content == first.content
    # Without the kept page: the pages along the address, then the page itself.
    queries.answered.clear()
    _, afresh_sql = get(client, "/about/our-story/")
    assert len(afresh_sql) == 2 and ROUTING in afresh_sql[0]
    # The breadcrumbs come from the kept pages, linked as before.
    crumbs = second.content.decode().split('class="breadcrumbs__list"')[1].split("</ol>")[0]
    assert 'href="/"' in crumbs and "About us" in crumbs and 'aria-current="page">Our story' in crumbs


def test_the_home_page_is_kept_too(client, home_page):
    get(client, "/")
    table = home_page.specific_class._meta.db_table
    _, sql = get(client, "/")
    assert not any(f'FROM "{table}"' in query for query in sql)


def test_a_publish_shows_at_once(client, our_story):
    get(client, "/about/our-story/")
    our_story.title = "How we began"
    our_story.save_revision().publish()

    response, sql = get(client, "/about/our-story/")
    assert any(ROUTING in query for query in sql)
    assert "How we began" in response.content.decode()


def test_a_page_moved_or_unpublished_answers_at_its_new_address_at_once(client, home_page, our_story):
    get(client, "/about/our-story/")
    our_story.move(home_page, pos="last-child")
    old_address = client.get("/about/our-story/")  # Wagtail leaves a redirect behind
    assert old_address.status_code == 301 and old_address["Location"] == "/our-story/"
    assert client.get("/our-story/").status_code == 200

    our_story.refresh_from_db()
    our_story.unpublish()
    assert client.get("/our-story/").status_code == 404


def test_what_a_request_works_out_on_its_page_stays_with_it(client, home_page):
    """A gathering's places are counted on the page object as it renders. A
    booking added without a purge (as here) must still show on the next render:
    each request has its own copy of the kept page."""
    index = GatheringIndexPageFactory(parent=home_page)
    gathering = GatheringPageFactory(parent=index, capacity=10)
    first, _ = get(client, gathering.url)
    assert "10 of 10 places left" in first.content.decode()

    BookingFactory(gathering=gathering)
    second, sql = get(client, gathering.url)
    assert not any(ROUTING in query for query in sql)  # it was the kept page
    assert "9 of 10 places left" in second.content.decode()


def test_an_address_a_page_routes_itself_is_not_kept(client, home_page):
    blog = home_page.add_child(instance=BlogIndexPageFactory.build())
    BlogPostPageFactory(parent=blog)
    client.get("/blog/feed/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/blog/feed/").status_code == 200
    assert any(ROUTING in query["sql"] for query in captured.captured_queries)
    # The blog's own address is.
    get(client, "/blog/")
    _, sql = get(client, "/blog/")
    assert not any(ROUTING in query for query in sql)


def test_a_signed_in_convenor_routes_afresh(client, our_story, django_user_model):
    get(client, "/about/our-story/")
    user = django_user_model.objects.create_superuser("convenor", "convenor@example.org", "a long password")
    client.force_login(user)
    _, sql = get(client, "/about/our-story/")
    assert any(ROUTING in query for query in sql)


def test_nothing_is_kept_when_fragments_are_off(client, settings, our_story):
    settings.FRAGMENT_CACHE_SECONDS = 0
    get(client, "/about/our-story/")
    _, sql = get(client, "/about/our-story/")
    assert any(ROUTING in query for query in sql)


def test_a_kept_answer_goes_after_the_fragment_time(client, settings, our_story, monkeypatch):
    get(client, "/about/our-story/")
    stored_at = queries.time.monotonic()
    monkeypatch.setattr(queries.time, "monotonic", lambda: stored_at + settings.FRAGMENT_CACHE_SECONDS + 1)
    _, sql = get(client, "/about/our-story/")
    assert any(ROUTING in query for query in sql)


def test_a_purge_for_any_reason_starts_afresh(client, our_story):
    get(client, "/about/our-story/")
    page_cache.purge_all("a setting was saved")
    _, sql = get(client, "/about/our-story/")
    assert any(ROUTING in query for query in sql)


def test_two_sites_never_share_an_answer(client, settings, home_page, our_story):
    settings.ALLOWED_HOSTS = ["testserver", "north.example.org"]
    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="North", slug="north")
    Site.objects.create(hostname="north.example.org", port=80, root_page=other_home, site_name="North")
    about = StandardPageFactory(parent=other_home, title="About the north", slug="about")
    StandardPageFactory(parent=about, title="The north's story", slug="our-story")

    for _ in range(2):
        ours, _ = get(client, "/about/our-story/")
        theirs, _ = get(client, "/about/our-story/", headers={"host": "north.example.org"})
        assert "<h1" in ours.content.decode()
        assert "Our story" in ours.content.decode() and "The north&#x27;s story" not in ours.content.decode()
        assert "The north&#x27;s story" in theirs.content.decode()
