"""The rate limiter on Django's cache, and the client address it counts by."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from socialcarefuture.confirmations.abuse import RateLimit, client_ip, first_exceeded


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def test_counts_per_key_up_to_the_limit(limits_on):
    limit = RateLimit("test", limit=3, period=60)
    assert [limit.hit("a") for _ in range(5)] == [False, False, False, True, True]
    assert limit.hit("b") is False  # another key has its own count


def test_keys_are_hashed_in_the_cache(limits_on):
    RateLimit("test", limit=3, period=60).hit("sam@example.org")
    keys = list(cache._cache.keys())
    assert keys and not any("sam@example.org" in key for key in keys)


def test_a_new_window_starts_afresh(limits_on, monkeypatch):
    limit = RateLimit("test", limit=1, period=60)
    now = [1_000_020.0]
    monkeypatch.setattr("socialcarefuture.confirmations.abuse.time.time", lambda: now[0])
    assert limit.hit("a") is False
    assert limit.hit("a") is True
    now[0] += 60
    assert limit.hit("a") is False


def test_off_when_ratelimit_enable_is_off(settings):
    settings.RATELIMIT_ENABLE = False
    limit = RateLimit("test", limit=1, period=60)
    assert not any(limit.hit("a") for _ in range(10))


def test_first_exceeded_counts_every_limit(limits_on):
    short, long = RateLimit("short", 1, 60), RateLimit("long", 3, 3600)
    assert first_exceeded([(short, "ip"), (long, "ip")]) is None
    assert first_exceeded([(short, "ip"), (long, "ip")]) is short
    assert first_exceeded([(short, "ip"), (long, "ip")]) is short
    assert first_exceeded([(long, "ip")]) is long  # the long window counted every hit


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
