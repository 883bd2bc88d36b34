"""A Redis outage makes pages slower, never error pages (socialcarefuture/cache.py).

A real redis-server is stopped, or paused so that it stops answering, while
the site runs on it as its cache (the settings ``REDIS_URL`` gives several
app servers)."""

import time

import pytest
import redis
from django.test import Client

from socialcarefuture import cache as forgiving
from socialcarefuture.cache import ForgivingRedisCache
from socialcarefuture.mailing_list.models import Subscriber
from tests.factories import StandardPageFactory
from tests.redis_server import RedisServer

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

WARNING = "Redis cache unavailable"


class Clock:
    """The forgiving cache's clock, moved on by the test (no waiting out pauses)."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now

    def after_the_pause(self):
        self.now += ForgivingRedisCache.pause + 1


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(forgiving, "time", clock)
    return clock


@pytest.fixture
def redis_server(settings, clock):
    """The site's caches on a real redis-server, as the settings make them when
    REDIS_URL is set."""
    server = RedisServer()
    server.start()
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    settings.CACHES = {
        alias: {"BACKEND": "socialcarefuture.cache.ForgivingRedisCache", "LOCATION": server.url, **extra}
        for alias, extra in {
            "default": {"KEY_PREFIX": "scf", "TIMEOUT": 300, "OPTIONS": options},
            "pages": {"KEY_PREFIX": "scf-pages", "OPTIONS": options},
        }.items()
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield server
    server.stop()
    forgiving._paused_until.clear()
    forgiving._failed.clear()


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="About us", slug="about")


def test_pages_and_sign_ups_carry_on_while_redis_is_stopped(redis_server, clock, about, caplog):
    client = Client()
    assert client.get("/about/")["X-Page-Cache"] == "miss"
    assert client.get("/about/")["X-Page-Cache"] == "hit"
    assert redis.Redis.from_url(redis_server.url).dbsize() > 0  # it was the cache

    redis_server.stop()
    for path in ("/about/", "/", "/search/?q=about", "/about/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "About us" in client.get("/about/").content.decode()
    # Logged once for the pause, not once for each look-up.
    assert sum(WARNING in record.getMessage() for record in caplog.records) == 1

    response = client.post(
        "/mailing-list/", {"email": "kit.morgan@example.org", "name": "Kit", "consent": "on", "source": "/"}
    )
    assert response.status_code == 303
    assert Subscriber.objects.filter(email__iexact="kit.morgan@example.org").count() == 1

    # Back again: pages are stored and served from it once more.
    redis_server.start()
    client.get("/about/")  # still in the pause: not tried
    assert redis.Redis.from_url(redis_server.url).dbsize() == 0
    clock.after_the_pause()
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"


def test_a_page_published_while_redis_stopped_answering_is_fresh_when_it_answers_again(
    redis_server, clock, about, caplog, django_capture_on_commit_callbacks
):
    """Redis keeps its data but stops answering (paused, as in a network
    partition): a publish in between cannot purge it, so a process that saw
    it fail purges everything it kept when it reaches it again."""
    client = Client()
    client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "hit"

    redis.Redis.from_url(redis_server.url).execute_command("CLIENT", "PAUSE", "2500", "ALL")
    paused_at = time.monotonic()
    assert client.get("/about/").status_code == 200  # waits out one timeout, then the database
    about.title = "About the movement"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()  # its purge cannot reach Redis
    assert "About the movement" in client.get("/about/").content.decode()
    assert any(WARNING in record.getMessage() for record in caplog.records)

    time.sleep(max(0.0, 2.7 - (time.monotonic() - paused_at)))  # Redis answers again, its old copy kept
    clock.after_the_pause()
    response = client.get("/about/")
    assert "About the movement" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert any("reachable again" in record.getMessage() for record in caplog.records)
    assert client.get("/about/")["X-Page-Cache"] == "hit"
