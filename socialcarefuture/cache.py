"""The Redis cache, made so that a Redis outage cannot take the site down.

With several app servers, Redis holds the stored pages, the kept menus and
fragments, the site and Wagtail's own look-ups (README "Running in
production"). Everything kept there can be worked out again from the
database, so when Redis stops answering the right thing is to work it out:
slower pages, not error pages.

``ForgivingRedisCache`` is Django's ``RedisCache`` with that rule. When Redis
refuses a connection or times out, a read is a miss and a write is skipped,
and for the next ``pause`` seconds (5) this process does not try Redis at
all: without that, every look-up in a page (a listing makes twenty) would wait
for its own timeout. One warning is logged for each pause. After it, the next
look-up tries Redis again, so the cache comes back by itself.

A purge made during the outage could not reach Redis, so what Redis kept may
be out of date when it comes back (a page published, a section made private
meanwhile). So each process that saw Redis fail, when it first reaches it
again, runs what ``on_recovery`` registered (the page cache purges
everything) before it reads anything.

Nothing that must not be lost lives in this cache: sign-ups, bookings and
signatures are in PostgreSQL; the rate limits have their own store, which
lets requests through (logged) if it fails (``confirmations/abuse.py``).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE = (RedisConnectionError, RedisTimeoutError)

# When each Redis server (by its address) may be tried again, for this process.
_paused_until = {}
# The servers this process saw fail and has not reached since.
_failed = set()
_lock = threading.Lock()
_on_recovery = []


def on_recovery(callback):
    """Call ``callback()`` whenever this process reaches Redis again after an outage."""
    _on_recovery.append(callback)


class ForgivingRedisCache(RedisCache):
    #: Seconds without trying Redis after it failed.
    pause = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._address = server if isinstance(server, str) else ",".join(server)

    def _try(self, on_outage, operation, *args, **kwargs):
        if self._paused():
            return on_outage
        if self._address in _failed:
            self._recover()  # before reading anything it kept
            if self._paused():  # not back after all
                return on_outage
        try:
            return operation(*args, **kwargs)
        except OUTAGE as error:
            with _lock:
                already = self._paused()
                _paused_until[self._address] = time.monotonic() + self.pause
                _failed.add(self._address)
            if not already:
                logger.warning(
                    "Redis cache unavailable (%s): pages are worked out from the database; trying again in %ss",
                    error,
                    self.pause,
                )
            return on_outage

    def _paused(self):
        return time.monotonic() < _paused_until.get(self._address, 0.0)

    def _recover(self):
        with _lock:
            if self._address not in _failed:
                return
            _failed.discard(self._address)
        for callback in _on_recovery:
            try:
                callback()
            except Exception:  # noqa: BLE001 - the request that noticed must still be answered
                logger.exception("A recovery step failed")
        if self._address not in _failed:
            logger.warning("Redis cache reachable again: what it kept from before is purged")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._try(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._try({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._try(False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._try(None, super().delete_many, keys, version)

    def clear(self):
        return self._try(None, super().clear)
