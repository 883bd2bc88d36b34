"""The page cache (socialcarefuture/page_cache.py): anonymous readers get a
stored copy without the database, every change that shows on a page purges,
and a stored copy outlives a database outage."""

import gzip
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError, connection
from django.test import Client

from blog.models import BlogCategory
from socialcarefuture import page_cache, queries
from socialcarefuture.models import SiteSettings
from socialcarefuture.page_cache import PageFileCache
from tests.blog.factories import BlogCategoryFactory
from tests.factories import ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="About us", slug="about", introduction="Who we are.")


def title(response):
    return BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True)


@contextmanager
def database_down():
    """Every query fails as it does when PostgreSQL stops answering."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def test_a_second_anonymous_reader_gets_the_stored_page_without_the_database(
    client, about, django_assert_num_queries
):
    first = client.get("/about/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/about/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Stored whole: the headers the page left with come back with it.
    for header in ("Content-Security-Policy", "Cache-Control", "X-Frame-Options", "Content-Type"):
        assert second[header] == first[header], header
    assert "csrfmiddlewaretoken" not in second.content.decode()


def test_a_hit_is_sent_gzipped_as_stored_to_browsers_that_take_gzip(client, about, monkeypatch):
    first = client.get("/about/")
    # Compressed once, when stored: a hit never calls the compressor.
    monkeypatch.setattr("django.middleware.gzip.compress_string", lambda *args, **kwargs: 1 / 0)
    zipped = Client(headers={"Accept-Encoding": "gzip, deflate, br"}).get("/about/")
    assert zipped["X-Page-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(first.content)
    assert gzip.decompress(zipped.content) == first.content
    plain = Client(headers={"Accept-Encoding": "identity"}).get("/about/")
    assert plain["X-Page-Cache"] == "hit"
    assert not plain.has_header("Content-Encoding")
    assert plain.content == first.content


def test_the_query_string_is_normalised_but_matters(client, home_page):
    client.get("/search/?q=care&page=1")
    assert client.get("/search/?page=1&q=care")["X-Page-Cache"] == "hit"
    assert client.get("/search/?q=support")["X-Page-Cache"] == "miss"


def test_links_from_a_campaign_email_or_a_social_site_get_the_stored_page(client, about):
    stored = client.get("/about/")
    for query in ("utm_source=newsletter&utm_medium=email", "fbclid=IwAR0abc", "mc_cid=4f2a&mc_eid=91bc"):
        response = client.get(f"/about/?{query}")
        assert response["X-Page-Cache"] == "hit", query
        assert response.content == stored.content
    # What a page does read still counts, with or without the trackers.
    client.get("/search/?q=care&utm_source=newsletter")
    assert client.get("/search/?q=care")["X-Page-Cache"] == "hit"
    assert client.get("/search/?q=homes&utm_source=newsletter")["X-Page-Cache"] == "miss"
    assert client.get("/about/?utm=1")["X-Page-Cache"] == "miss"  # not a tracker we know


def test_convenors_and_forms_are_never_served_from_the_store(client, admin_client, about):
    client.get("/about/")
    logged_in = admin_client.get("/about/")
    assert "X-Page-Cache" not in logged_in
    assert "private" in logged_in["Cache-Control"]
    # A visitor with a message waiting is not served the stored page either.
    client.cookies["messages"] = "something"
    assert "X-Page-Cache" not in client.get("/about/")
    response = Client().post("/mailing-list/", {"email": "x"})
    assert "X-Page-Cache" not in response


def test_off_when_page_cache_seconds_is_zero(client, about, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/about/")
    assert "X-Page-Cache" not in client.get("/about/")


def test_publishing_purges_at_once(client, about, django_capture_on_commit_callbacks):
    assert title(client.get("/about/")) == "About us"
    about.title = "About the movement"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    fresh = client.get("/about/")
    assert fresh["X-Page-Cache"] == "miss"
    assert title(fresh) == "About the movement"


def test_unpublishing_purges(client, about, django_capture_on_commit_callbacks):
    client.get("/about/")
    with django_capture_on_commit_callbacks(execute=True):
        about.unpublish()
    assert client.get("/about/").status_code == 404


@pytest.mark.parametrize("change", ["snippet", "settings", "image"])
def test_snippets_settings_and_pictures_purge(
    client, about, home_page, change, django_capture_on_commit_callbacks
):
    category = BlogCategoryFactory(name="News")
    image = ImageFactory()
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        if change == "snippet":
            BlogCategory.objects.get(pk=category.pk).save()
        elif change == "settings":
            site_settings = SiteSettings.objects.get()
            site_settings.contact_email = "hello@example.org"
            site_settings.save()
        else:
            image.credit = "Drawn by Ana"
            image.save()
    assert client.get("/about/")["X-Page-Cache"] == "miss"


def test_a_draft_does_not_purge(client, about, django_capture_on_commit_callbacks):
    client.get("/about/")
    about.title = "Not yet"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision()
    assert client.get("/about/")["X-Page-Cache"] == "hit"


def test_a_stored_page_outlives_a_database_outage(about, home_page):
    client = Client(raise_request_exception=False)
    stored = client.get("/about/")
    # Make the stored copy old, as if the page had not been read for a while.
    generation = page_cache.generation()
    key = page_cache.cache_key(stored.wsgi_request, generation)
    entry = page_cache.page_cache().get(key)
    entry["stored_at"] -= 3600
    page_cache.page_cache().set(key, entry)
    page_cache.recent.put(generation, key, entry)  # and the worker's own copy
    # A worker that has not routed to the page lately needs the database to render it.
    queries.answered.clear()

    with database_down():
        stale = client.get("/about/")
        health = client.get("/healthz/")
        never_stored = client.get("/contact/")
    assert stale.status_code == 200
    assert stale["X-Page-Cache"] == "stale"
    assert stale["Warning"].startswith("110")
    assert stale.content == stored.content
    assert health.status_code == 503
    assert never_stored.status_code == 500
    assert b"Sorry, something went wrong" in never_stored.content


def test_the_file_store_keeps_pages_as_stored_without_compressing_them_again(settings, tmp_path):
    store = PageFileCache(str(tmp_path), {})
    entry = {
        "stored_at": 1.0,
        "headers": [("Content-Type", "text/html")],
        "content": None,
        "gzip": b"\x1f\x8b...",
    }
    store.set("page:1:example.org:/about/?", entry, timeout=60)
    assert store.get("page:1:example.org:/about/?") == entry
    assert store.touch("page:1:example.org:/about/?", timeout=120)
    assert store.get("page:1:example.org:/about/?") == entry
    # Written as plain pickles: the gzipped body is in the file as it is.
    (written,) = [path for path in tmp_path.iterdir() if path.suffix == ".djcache"]
    assert b"\x1f\x8b..." in written.read_bytes()
    # A file it cannot read (an older format, a torn write) is a miss, not an
    # error, and goes, so that add() can write a good one.
    written.write_bytes(written.read_bytes()[:12] + b"not a pickle")
    assert store.get("page:1:example.org:/about/?", "missing") == "missing"
    assert not written.exists()
    assert store.add("page:1:example.org:/about/?", entry, timeout=60)


@pytest.fixture
def file_store(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "socialcarefuture.page_cache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2},
        },
    }
    return page_cache.page_cache()


def test_an_unreadable_generation_file_is_replaced_and_pages_are_stored_again(file_store, client, about):
    page_cache.generation()
    path = Path(file_store._key_to_file(page_cache.GENERATION_KEY))
    path.write_bytes(b"written by an older version")
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert Client().get("/about/")["X-Page-Cache"] == "hit"


def test_a_full_file_store_never_culls_the_generation(file_store):
    kept = page_cache.generation()
    for number in range(60):
        file_store.set(f"page:{kept}:example.org:/junk/?n={number}", {"stored_at": 0}, timeout=60)
    assert len(list(Path(file_store._dir).iterdir())) <= 10
    assert page_cache.generation() == kept


def test_a_reader_who_does_not_take_gzip_gets_the_page_uncompressed(client, about):
    first = client.get("/about/")
    plain = Client(headers={"Accept-Encoding": ""}).get("/about/")
    assert plain["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain
    assert plain.content == first.content
    assert int(plain["Content-Length"]) == len(first.content)


def test_a_purge_by_another_worker_is_seen_at_once(file_store, client, about, monkeypatch):
    """Each worker remembers the generation until its file is replaced: a purge
    written by another process (another store object on the same folder) is
    seen on the very next request, even one straight after a purge."""
    monkeypatch.setattr(PageFileCache, "SETTLED_NS", 0)  # remember every read at once
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    other_worker = PageFileCache(file_store._dir, {})
    for _ in range(3):  # purges in quick succession, as one publish can make
        other_worker.set(page_cache.GENERATION_KEY, time.time_ns(), timeout=None)
        assert client.get("/about/")["X-Page-Cache"] == "miss"
        assert client.get("/about/")["X-Page-Cache"] == "hit"
    assert file_store.get(page_cache.GENERATION_KEY) == other_worker.get(page_cache.GENERATION_KEY)


def test_a_generation_file_is_remembered_only_once_it_has_settled(file_store):
    page_cache.generation()
    path = Path(file_store._key_to_file(page_cache.GENERATION_KEY))
    file_store.get(page_cache.GENERATION_KEY)
    assert "_generation_known" not in file_store.__dict__  # just written: read each time
    old = time.time_ns() - 2 * PageFileCache.SETTLED_NS
    os.utime(path, ns=(old, old))
    value = file_store.get(page_cache.GENERATION_KEY)
    assert file_store.__dict__["_generation_known"][1] == value
