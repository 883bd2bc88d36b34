"""Rate limits for public forms, on Django's cache (the honeypot is in forms.py).

A fixed-window counter per key: ``cache.add`` starts the window's counter (a
no-op if it exists) and ``cache.incr`` counts atomically, so it is exact on
Redis and on the local-memory cache alike. Keys are hashed: no address or IP
is kept in the cache in the clear. ``settings.RATELIMIT_ENABLE`` (environment
``RATELIMIT_ENABLE=0``) turns every limit off, for tests and load tests.

Usage in a view::

    SIGNUPS_PER_IP = RateLimit("signup-ip", limit=5, period=60)
    if limited := first_exceeded([(SIGNUPS_PER_IP, client_ip(request))]):
        return too_many_requests(request, limited)
"""

import hashlib
import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    period: int  # seconds

    def _cache_key(self, key, now):
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:32]
        return f"ratelimit:{self.name}:{int(now // self.period)}:{digest}"

    def hit(self, key):
        """Count one request for ``key``. True when that goes over the limit."""
        if not settings.RATELIMIT_ENABLE:
            return False
        cache_key = self._cache_key(key, time.time())
        cache.add(cache_key, 0, timeout=self.period + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window expired between add and incr
            cache.add(cache_key, 1, timeout=self.period + 1)
            count = 1
        return count > self.limit

    def seconds_left(self):
        return int(self.period - time.time() % self.period) + 1


def first_exceeded(checks):
    """Count a hit on every ``(limit, key)`` pair; the first limit exceeded, or None."""
    exceeded = None
    for limit, key in checks:
        if limit.hit(key) and exceeded is None:
            exceeded = limit
    return exceeded


def client_ip(request):
    """The client's address; an IPv6 address stands for its /64 network.

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
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def too_many_requests(request, limit=None, template="confirmations/too_many_requests.html", context=None):
    """A friendly 429 page that says when to try again."""
    retry_after = limit.seconds_left() if limit else 60
    response = render(
        request,
        template,
        {
            "retry_minutes": max(1, round(retry_after / 60)),
            "crumbs": [("Please wait", None)],
            **(context or {}),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
