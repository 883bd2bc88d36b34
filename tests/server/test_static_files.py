"""Static files are answered first, by WhiteNoise, before anything that costs:
no database, no session, no page cache, no second compression."""

import pytest
from django.conf import settings as django_settings

FONT = "/static/fonts/atkinson-hyperlegible-next-400.woff2"
CSS = "/static/css/site.css"


def test_whitenoise_comes_straight_after_the_security_middleware():
    assert django_settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


@pytest.fixture
def static_client(settings, client):
    """WhiteNoise as in production, but reading the files from static/ (the
    tests run with DEBUG off and no collectstatic)."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    return client


def test_a_static_file_asks_the_database_nothing_and_sets_no_cookie(static_client):
    # No django_db mark: any query here would fail the test ("Database access
    # not allowed").
    response = static_client.get(CSS, HTTP_ACCEPT_ENCODING="gzip")
    assert b"".join(response.streaming_content)
    assert response.status_code == 200
    assert not response.cookies
    assert "X-Page-Cache" not in response


def test_a_font_is_sent_as_it_is_not_gzipped_on_every_request(static_client):
    """woff2 is compressed already; WhiteNoise leaves it alone, and so must
    Django's GZipMiddleware (it did, once, when it sat outside WhiteNoise)."""
    response = static_client.get(FONT, HTTP_ACCEPT_ENCODING="gzip")
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert body[:4] == b"wOF2"
