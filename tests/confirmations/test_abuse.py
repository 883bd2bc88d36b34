"""The rate limiter: counts shared by every process (the database, or Redis when
REDIS_URL is set), and the client address it counts by."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from socialcarefuture.confirmations import abuse
from socialcarefuture.confirmations.abuse import (
    DatabaseCounter,
    RateLimit,
    RedisCounter,
    client_ip,
    first_exceeded,
    limit_message,
    wait_in_words,
)
from socialcarefuture.confirmations.models import RateLimitCounter
from tests.redis_server import redis_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_STORE = "database"


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_020.0]
    monkeypatch.setattr("socialcarefuture.confirmations.abuse.time.time", lambda: now[0])
    return now


def test_counts_per_key_up_to_the_limit(limits_on):
    limit = RateLimit("test", limit=3, period=60)
    assert [limit.hit("a") for _ in range(5)] == [False, False, False, True, True]
    assert limit.hit("b") is False  # another key has its own count
    assert limit.count("a") == 5 and limit.is_exceeded("a") and not limit.is_exceeded("b")
    assert limit.count("a") == 5  # looking counts nothing


def test_the_count_lives_in_one_database_row_per_window_with_the_key_hashed(limits_on, clock):
    RateLimit("test", limit=3, period=60).hit("sam@example.org")
    RateLimit("test", limit=3, period=60).hit("sam@example.org")
    [row] = RateLimitCounter.objects.all()
    assert row.hits == 2
    assert "sam@example.org" not in row.key and row.key.startswith("test:")
    assert row.expires_at == 1_000_020 - 1_000_020 % 60 + 60  # the end of this window


def test_a_new_window_starts_afresh(limits_on, clock):
    limit = RateLimit("test", limit=1, period=60)
    assert limit.hit("a") is False
    assert limit.hit("a") is True
    clock[0] += 60
    assert limit.hit("a") is False


def test_ended_windows_are_cleaned_up(limits_on, clock, monkeypatch):
    limit = RateLimit("test", limit=5, period=60)
    limit.hit("a")
    limit.hit("b")
    clock[0] += 60
    # The hit that opens a window sometimes clears the ended ones; here, always.
    monkeypatch.setattr(abuse, "CLEAN_UP_CHANCE", 1.0)
    limit.hit("a")
    assert RateLimitCounter.objects.count() == 1
    assert RateLimitCounter.objects.get().hits == 1


def test_off_when_ratelimit_enable_is_off(settings):
    settings.RATELIMIT_ENABLE = False
    limit = RateLimit("test", limit=1, period=60)
    assert not any(limit.hit("a") for _ in range(10))
    assert not RateLimitCounter.objects.exists()


def test_first_exceeded_counts_every_limit(limits_on):
    short, long = RateLimit("short", 1, 60), RateLimit("long", 3, 3600)
    assert first_exceeded([(short, "ip"), (long, "ip")]) is None
    assert first_exceeded([(short, "ip"), (long, "ip")]) is short
    assert first_exceeded([(short, "ip"), (long, "ip")]) is short
    assert first_exceeded([(long, "ip")]) is long  # the long window counted every hit


def test_the_wait_is_said_in_plain_words():
    assert wait_in_words(5) == "1 minute"
    assert wait_in_words(14 * 60) == "14 minutes"
    assert wait_in_words(3 * 3600 - 100) == "about 3 hours"
    message = limit_message(RateLimit("test", 1, 60))
    assert message.startswith("This form has been sent a lot of times in a short while")
    assert "We have kept what you typed." in message


def test_client_ip(settings):
    factory = RequestFactory()
    assert client_ip(factory.get("/", REMOTE_ADDR="192.0.2.7")) == "192.0.2.7"
    # An IPv6 address stands for its /64 (one household or phone).
    assert client_ip(factory.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::/64"
    # X-Forwarded-For is ignored unless proxies are trusted.
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    assert client_ip(request) == "10.0.0.1"
    settings.RATELIMIT_TRUSTED_PROXIES = 1
    assert client_ip(request) == "198.51.100.9"  # the client as our proxy saw it, not what it claimed
    settings.RATELIMIT_TRUSTED_PROXIES = 2
    assert client_ip(request) == "6.6.6.6"
    assert client_ip(factory.get("/", REMOTE_ADDR="")) == "unknown"


def test_the_store_follows_the_setting(settings):
    settings.RATELIMIT_STORE = "database"
    assert isinstance(abuse.counter_store(), DatabaseCounter)
    settings.RATELIMIT_STORE = "redis"
    assert isinstance(abuse.counter_store(), RedisCounter)
    settings.RATELIMIT_STORE = "memory"
    with pytest.raises(ValueError, match="RATELIMIT_STORE"):
        abuse.counter_store()


# Exact under concurrency -------------------------------------------------------------------

HITS = 40


def hammer(limit, parallel=8):
    """``HITS`` hits on one key from several threads (each with its own database
    connection) at once; how many were let through."""
    barrier = threading.Barrier(parallel)

    def hit(n):
        if n < parallel:
            barrier.wait()
        try:
            return limit.hit("one-client")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(parallel) as pool:
        return list(pool.map(hit, range(HITS))).count(False)


@pytest.mark.postgres
def test_database_counts_are_exact_when_many_hit_at_once(committed_db, limits_on):
    assert hammer(RateLimit("race", limit=7, period=3600)) == 7
    assert RateLimitCounter.objects.get().hits == HITS


def test_the_database_statement_is_one_atomic_upsert(limits_on, django_assert_num_queries):
    limit = RateLimit("test", limit=3, period=60)
    with django_assert_num_queries(1) as captured:
        limit.hit("a")
    sql = captured.captured_queries[0]["sql"].upper()
    assert "ON CONFLICT" in sql and "RETURNING" in sql
    assert connection.vendor in ("postgresql", "sqlite")


@pytest.mark.redis
def test_redis_counts_are_exact_and_expire(settings, limits_on):
    import redis

    with redis_server() as url:
        settings.REDIS_URL = url
        settings.RATELIMIT_STORE = "redis"
        abuse._stores.pop("redis", None)
        try:
            assert hammer(RateLimit("race", limit=7, period=3600)) == 7
            client = redis.Redis.from_url(url)
            [key] = client.keys("scf:ratelimit:*")
            assert int(client.get(key)) == HITS
            assert 0 < client.ttl(key) <= 3601  # every key expires
            assert b"one-client" not in key
            assert not RateLimitCounter.objects.exists()  # nothing in the database
        finally:
            abuse._stores.pop("redis", None)


@pytest.mark.redis
def test_when_redis_is_down_the_form_still_works(settings, limits_on, caplog):
    with redis_server() as url:
        pass  # started and stopped: nothing listens there now
    settings.REDIS_URL = url
    settings.RATELIMIT_STORE = "redis"
    abuse._stores.pop("redis", None)
    try:
        assert RateLimit("test", limit=0, period=60).hit("a") is False
        assert "not counted" in caplog.text
    finally:
        abuse._stores.pop("redis", None)
