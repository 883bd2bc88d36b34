"""Rate limits for public forms (the honeypot is in forms.py).

A fixed-window counter per key, shared by every worker and every app server:

* with ``REDIS_URL`` set, in Redis: one ``SET NX EX`` and one ``INCR`` in a
  MULTI block, so the count is exact and the key always expires;
* otherwise in the database (``RateLimitCounter``), with one statement per hit
  that both PostgreSQL and SQLite 3.35+ run atomically::

      INSERT ... VALUES (key, 1, expires) ON CONFLICT (key) DO UPDATE
      SET hits = hits + 1 RETURNING hits

  so a one-server site needs nothing new. Windows that have ended are deleted
  now and then by the hit that opens a new window.

``settings.RATELIMIT_STORE`` ("redis" or "database") picks the store; it
follows ``REDIS_URL`` unless set. Keys are hashed with the secret key: no
address or IP is kept in the clear. ``settings.RATELIMIT_ENABLE``
(environment ``RATELIMIT_ENABLE=0``) turns every limit off, for tests and load
tests. If Redis cannot be reached the limit lets the request through and logs
an error: a sign-up is never lost because the counter is down.

Usage in a view::

    SIGNUPS_PER_IP = RateLimit("signup-ip", limit=5, period=60)
    if limited := first_exceeded([(SIGNUPS_PER_IP, client_ip(request))]):
        return too_many_requests(request, limited)
"""

import hashlib
import ipaddress
import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.shortcuts import render

logger = logging.getLogger(__name__)

#: When a hit opens a new window, this is the chance that it also deletes the
#: windows that have ended (one indexed DELETE; the table stays small).
CLEAN_UP_CHANCE = 0.02


# Where the counts live ------------------------------------------------------------------


class DatabaseCounter:
    """Counts in the ``confirmations_ratelimitcounter`` table."""

    def hit(self, key, expires_at):
        from .models import RateLimitCounter

        quote = connection.ops.quote_name
        table = quote(RateLimitCounter._meta.db_table)
        sql = (
            f"INSERT INTO {table} ({quote('key')}, {quote('hits')}, {quote('expires_at')}) "
            f"VALUES (%s, 1, %s) "
            f"ON CONFLICT ({quote('key')}) DO UPDATE SET {quote('hits')} = {table}.{quote('hits')} + 1 "
            f"RETURNING {quote('hits')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, int(expires_at)])
            count = cursor.fetchone()[0]
        if count == 1 and random.random() < CLEAN_UP_CHANCE:
            self.clean_up()
        return count

    def peek(self, key):
        from .models import RateLimitCounter

        return RateLimitCounter.objects.filter(key=key).values_list("hits", flat=True).first() or 0

    def clean_up(self, now=None):
        """Delete the counts of windows that have ended. Returns how many."""
        from .models import RateLimitCounter

        deleted, _ = RateLimitCounter.objects.filter(expires_at__lte=int(now or time.time())).delete()
        return deleted

    def clear(self):
        from .models import RateLimitCounter

        RateLimitCounter.objects.all().delete()


class RedisCounter:
    """Counts in Redis (``settings.REDIS_URL``), one connection pool per process."""

    prefix = "scf:ratelimit:"

    def __init__(self):
        self._client = None
        self._lock = threading.Lock()

    @property
    def client(self):
        if self._client is None:
            import redis

            with self._lock:
                if self._client is None:
                    self._client = redis.Redis.from_url(
                        settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
                    )
        return self._client

    def hit(self, key, expires_at):
        ttl = max(1, int(expires_at - time.time()) + 1)
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self.prefix + key, 0, ex=ttl, nx=True)
        pipe.incr(self.prefix + key)
        return pipe.execute()[1]

    def peek(self, key):
        return int(self.client.get(self.prefix + key) or 0)

    def clean_up(self, now=None):
        return 0  # Redis expires keys itself

    def clear(self):
        for key in self.client.scan_iter(match=self.prefix + "*"):
            self.client.delete(key)


_stores = {}


def counter_store():
    """The store ``settings.RATELIMIT_STORE`` names (one object per process)."""
    name = getattr(settings, "RATELIMIT_STORE", "database")
    if name not in _stores:
        stores = {"database": DatabaseCounter, "redis": RedisCounter}
        if name not in stores:
            raise ValueError(f"RATELIMIT_STORE must be 'database' or 'redis', not {name!r}")
        _stores[name] = stores[name]()
    return _stores[name]


# Limits -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits per key in each ``period`` seconds (a fixed window)."""

    name: str
    limit: int
    period: int  # seconds

    def _key(self, key, now):
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
        return f"{self.name}:{int(now // self.period)}:{digest}"

    def _window_end(self, now):
        return (int(now // self.period) + 1) * self.period

    def hit(self, key):
        """Count one request for ``key``. True when that goes over the limit."""
        if not settings.RATELIMIT_ENABLE:
            return False
        now = time.time()
        try:
            count = counter_store().hit(self._key(key, now), self._window_end(now))
        except Exception as error:
            if not _is_store_outage(error):
                raise
            logger.error("Rate limit %s not counted: the counter store failed (%s)", self.name, error)
            return False
        return count > self.limit

    def count(self, key):
        """How many hits ``key`` has in this window, without counting one."""
        if not settings.RATELIMIT_ENABLE:
            return 0
        try:
            return counter_store().peek(self._key(key, time.time()))
        except Exception as error:
            if not _is_store_outage(error):
                raise
            logger.error("Rate limit %s not read: the counter store failed (%s)", self.name, error)
            return 0

    def is_exceeded(self, key):
        """True when ``key`` has already used up this window (counts nothing)."""
        return self.count(key) >= self.limit

    def seconds_left(self):
        return int(self.period - time.time() % self.period) + 1


#: The ceiling for submissions that failed validation, per network address,
#: shared by every public form: far above what a person making mistakes
#: reaches, low enough to stop a script probing a form.
INVALID_POSTS_PER_IP_MINUTE = RateLimit("invalid-posts-ip-minute", limit=30, period=60)
INVALID_POSTS_PER_IP_HOUR = RateLimit("invalid-posts-ip-hour", limit=300, period=60 * 60)


def _is_store_outage(error):
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is a runtime requirement
        return False
    return isinstance(error, redis.RedisError)


def first_exceeded(checks):
    """Count a hit on every ``(limit, key)`` pair; the first limit exceeded, or None."""
    exceeded = None
    for limit, key in checks:
        if limit.hit(key) and exceeded is None:
            exceeded = limit
    return exceeded


def client_address(request):
    """The client's own IP address, or None if it is not one.

    Behind ``RATELIMIT_TRUSTED_PROXIES`` proxies (load balancer, CDN) the address
    is taken from X-Forwarded-For, counting that many entries from the right:
    entries further left can be forged by the client.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "RATELIMIT_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def client_ip(request):
    """What a limit counts by: the client's address (see ``client_address``);
    an IPv6 address stands for its /64 network (one household or phone)."""
    ip = client_address(request)
    if ip is None:
        return request.META.get("REMOTE_ADDR") or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# What people see --------------------------------------------------------------------------


def wait_in_words(seconds):
    """'1 minute', '5 minutes', 'about 3 hours': how long until a window ends."""
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return f"{minutes} minute{'' if minutes == 1 else 's'}"
    hours = max(1, round(minutes / 60))
    return f"about {hours} hour{'' if hours == 1 else 's'}"


def limit_message(limit=None):
    """The plain-English message a person sees beside a form they may not send yet."""
    wait = wait_in_words(limit.seconds_left() if limit else 60)
    return (
        f"This form has been sent a lot of times in a short while, so we have paused it. "
        f"Please wait {wait}, then send it again. We have kept what you typed."
    )


def too_many_requests(request, limit=None, template="confirmations/too_many_requests.html", context=None):
    """A friendly 429 page that says when to try again (for a request with no form to show)."""
    retry_after = limit.seconds_left() if limit else 60
    response = render(
        request,
        template,
        {
            "retry_minutes": max(1, round(retry_after / 60)),
            "retry_wait": wait_in_words(retry_after),
            "crumbs": [("Please wait", None)],
            **(context or {}),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
