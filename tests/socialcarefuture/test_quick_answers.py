"""Quick answers (socialcarefuture/quick_answers.py): the WSGI application that
gunicorn runs sends static files and fresh stored pages itself, exactly as
Django would have sent them, and hands everything else to Django.

Each test drives the real WSGI application (Django's own handler behind
``QuickAnswers``, with the production static files and settings that matter
here) and compares it with Django's handler alone. ``django`` below records
which requests reached Django's handler."""

import gzip
import io
import logging
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from socialcarefuture import page_cache
from socialcarefuture.quick_answers import QuickAnswers
from tests.factories import StandardPageFactory
from tests.security.gunicorn import shared_static_root

pytestmark = pytest.mark.django_db

#: Headers that differ from one answer to the next whatever serves it.
PER_ANSWER = {"x-page-cache"}


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    return shared_static_root(tmp_path_factory)


@pytest.fixture
def production_like(settings, static_root):
    """The production settings that decide these answers: collected static
    files with WhiteNoise's manifest, the page cache on, HTTPS behind a proxy."""
    settings.DEBUG = False
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_MAX_AGE = 3600
    settings.PAGE_CACHE_SECONDS = 300
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


class Recorded:
    """A WSGI application's answer: status, headers (names lower-cased), body."""

    def __init__(self, application, path, *, method="GET", https=True, **headers):
        path, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        if https:
            environ["HTTP_X_FORWARDED_PROTO"] = "https"
        environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})

        def start_response(status, header_list, exc_info=None):
            self.status = int(status.split()[0])
            self.headers = {name.lower(): value for name, value in header_list}

        answer = application(environ, start_response)
        try:
            self.body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()

    def comparable(self):
        return self.status, {k: v for k, v in self.headers.items() if k not in PER_ANSWER}, self.body


@pytest.fixture
def django(production_like):
    """Django's WSGI handler (middleware loaded from these settings), with a
    record of the paths that reached it. As in Django's test client, a request
    does not close the test's database connection (its transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    handler = WSGIHandler()
    reached = []

    def application(environ, start_response):
        reached.append(environ["PATH_INFO"])
        return handler(environ, start_response)

    application.reached = reached
    application.handler = handler
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def quick(django):
    return QuickAnswers(django)


def static_path():
    from django.templatetags.static import static

    return static("css/site.css")


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_a_static_file_is_sent_as_django_sends_it_without_reaching_django(quick, django, method, encoding):
    path = static_path()
    assert ".css" in path and path != "/static/css/site.css", "the manifest's hashed name"
    ours = Recorded(quick, path, method=method, accept_encoding=encoding)
    assert django.reached == []
    theirs = Recorded(django.handler, path, method=method, accept_encoding=encoding)
    assert ours.comparable() == theirs.comparable()
    assert ours.status == 200
    assert ours.headers["x-content-type-options"] == "nosniff"
    assert ours.headers["strict-transport-security"].startswith("max-age=31536000")
    assert ("content-encoding" in ours.headers) == (encoding == "gzip")
    assert "immutable" in ours.headers["cache-control"]


def test_a_stored_page_is_sent_as_django_sends_it_without_the_database(
    quick, django, home_page, django_assert_num_queries
):
    StandardPageFactory(parent=home_page, title="About us", slug="about")
    first = Recorded(quick, "/about/", accept_encoding="gzip")
    assert first.status == 200 and first.headers["x-page-cache"] == "miss"
    assert django.reached == ["/about/"]
    with django_assert_num_queries(0):
        hit = Recorded(quick, "/about/", accept_encoding="gzip")
    assert django.reached == ["/about/"], "the stored page was sent without Django"
    assert hit.headers["x-page-cache"] == "hit"
    theirs = Recorded(django.handler, "/about/", accept_encoding="gzip")
    assert theirs.headers["x-page-cache"] == "hit"
    assert hit.comparable() == theirs.comparable()
    # What a reader sees: the page, gzipped, with every header it left with.
    assert b"About us" in gzip.decompress(hit.body)
    for name in ("content-security-policy", "strict-transport-security", "x-content-type-options", "vary"):
        assert hit.headers[name] == first.headers[name], name
    # A reader who does not take gzip gets it plain.
    plain = Recorded(quick, "/about/", accept_encoding="identity")
    assert "content-encoding" not in plain.headers and b"About us" in plain.body
    assert int(plain.headers["content-length"]) == len(plain.body)


def test_a_publish_means_the_next_reader_gets_the_new_page(quick, django, home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    Recorded(quick, "/about/")
    assert Recorded(quick, "/about/").headers["x-page-cache"] == "hit"
    about.title = "Who we are"
    about.save_revision().publish()
    fresh = Recorded(quick, "/about/", accept_encoding="identity")
    assert fresh.headers["x-page-cache"] == "miss"
    assert b"Who we are" in fresh.body
    assert django.reached == ["/about/", "/about/"]


@pytest.mark.parametrize(
    ("label", "request_kwargs"),
    [
        ("a signed-in convenor", {"cookie": "sessionid=abc123"}),
        ("a notice waiting", {"cookie": "messages=abc"}),
        ("a form sent", {"method": "POST"}),
        ("the admin", {"path": "/admin/login/"}),
    ],
)
def test_readers_who_must_not_get_a_stored_page_reach_django(quick, django, home_page, label, request_kwargs):
    path = request_kwargs.pop("path", "/")
    Recorded(quick, "/")  # stores the vision page
    before = len(django.reached)
    answer = Recorded(quick, path, **request_kwargs)
    assert django.reached[before:] == [path], label
    assert answer.headers.get("x-page-cache") != "hit", label
    assert answer.status < 500


@pytest.fixture
def https_only(production_like):
    production_like.SECURE_SSL_REDIRECT = True


def test_plain_http_is_sent_to_https_by_django_even_for_static_files(https_only, quick, django, home_page):
    for path in (static_path(), "/"):
        answer = Recorded(quick, path, https=False)
        assert answer.status == 301 and answer.headers["location"] == f"https://testserver{path}"
    assert django.reached == [static_path(), "/"]


def test_a_host_we_do_not_serve_gets_djangos_400(quick, django, home_page, caplog):
    Recorded(quick, "/")
    with caplog.at_level(logging.WARNING, logger="socialcarefuture.quick_answers"):
        answer = Recorded(quick, "/", host="attacker.example")
    assert answer.status == 400
    assert django.reached == ["/", "/"]
    ours = [record for record in caplog.records if record.name.startswith("socialcarefuture")]
    assert not ours, "a refused host is ordinary, not a failure of ours"


def test_a_broken_page_store_leaves_the_pages_to_django(quick, django, production_like, home_page, caplog):
    Recorded(quick, "/")
    # The store's Redis stops answering (a closed port).
    production_like.CACHES = {
        **production_like.CACHES,
        page_cache.CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    with caplog.at_level(logging.WARNING):
        answer = Recorded(quick, "/", accept_encoding="identity")
    assert answer.status == 200 and b"<h1" in answer.body
    assert django.reached == ["/", "/"]
    assert any("Page cache unavailable" in record.getMessage() for record in caplog.records)


def test_the_wsgi_module_serves_through_quick_answers():
    from socialcarefuture import wsgi

    assert isinstance(wsgi.application, QuickAnswers)
    assert wsgi.application.django is wsgi.django_application
