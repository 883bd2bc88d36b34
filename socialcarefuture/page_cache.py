"""The page cache: anonymous readers get a stored copy of a page, without the
database being asked anything.

What is stored: a GET or HEAD response that ``SecurityHeadersMiddleware`` has
already judged public (``Cache-Control: public``: anonymous, no cookie set, no
CSRF token, no preview), with status 200, whole (status, headers and body),
and its body gzipped once, so a hit for a browser that takes gzip (all of
them) is sent as stored, not compressed again on every request. (Django's
GZip adds random bytes against BREACH, which guesses secrets from compressed
sizes; a stored page holds no secret, so one fixed compression is safe.) The key is the host, the path and the query string with its
parameters sorted, plus the cache's *generation*. Parameters that mailing
lists and social sites add to links (``utm_*``, ``fbclid``, ``mc_cid``...)
are left out of the key: nothing on the site reads them, and a campaign email
sent to the whole list would otherwise make every reader of its link a miss.

Who is never served from it: anyone whose request carries a session cookie
(a convenor, logged in) or a messages cookie (a notice waiting to be shown),
any request to the admin, and any method but GET and HEAD.

Purging: any change that can show on a public page (a page published,
unpublished, moved or deleted; a snippet, setting, picture or document saved
or deleted; a confirmed signature or booking, which change counts on pages)
bumps the generation, so every stored page is stale at once. That is the
simplest rule that is always right; a small site publishes a few times a day,
and the first reader after a purge pays one render per page. The same purge
asks ``wagtail.contrib.frontend_cache`` to purge the CDN when one is set up,
and makes the cached menus and footer (``chrome.py``) stale.

Stale if the database is down: entries are kept for a day, and marked fresh for
``PAGE_CACHE_SECONDS``. Past that, the page is rendered again; if rendering
fails because the database does not answer, the last copy is served instead
(with a ``Warning`` header), so readers keep reading. ``/healthz/`` still says
503. A page never stored gets the friendly 500 page.

The store is the ``pages`` cache: Redis when ``REDIS_URL`` is set (shared by
every app server, so a purge on one reaches all), otherwise files on local
disk (shared by every worker process on the one server).
"""

import gzip
import logging
import os
import pickle
import random
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
#: How long a stored page may be served stale when the database is down.
STALE_SECONDS = 24 * 60 * 60
#: Headers never stored with a page (they are per-response).
DROPPED_HEADERS = {"set-cookie", "date", "vary-cookie"}


class PageFileCache(FileBasedCache):
    """Django's file cache without its zlib step, for the ``pages`` cache on one
    server: a stored page is gzipped already and the generation is a number,
    so compressing them again only cost time on every read (a zlib
    decompression of the whole entry on every hit, measured with cProfile: a
    sixth of a hit's time).

    A file it cannot read (an older format, a torn write) is deleted and
    counts as missing: left in place, ``add()`` would still see it, and a
    generation kept in such a file made every request a miss. When the store
    is full, Django's file cache deletes a random quarter of its files; this
    one never deletes the generation's (that would make every page stale)."""

    def get(self, key, default=None, version=None):
        if key == GENERATION_KEY and version is None:
            return self._generation(default)
        return self._read(self._key_to_file(key, version), key, default)

    def _generation(self, default):
        """The generation, asked on every request: read again only when its file
        is a new one, otherwise known from the last read (a ``stat`` instead of
        an open, a read and an unpickling: it halved a stored page's answer,
        in-process). Every write replaces the file (a new inode, a new time).
        A file's inode can be used again by a later file, and file times move
        in ticks of a few milliseconds, so a file is only remembered once it is
        ``SETTLED_NS`` old: a later file with the same inode then has a later time."""
        path = self.__dict__.get("_generation_path")
        if path is None:
            path = self._generation_path = self._key_to_file(GENERATION_KEY)
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return default
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        known = self.__dict__.get("_generation_known")
        if known is not None and known[0] == signature:
            return known[1]
        value = self._read(path, GENERATION_KEY, _MISSING)
        if value is _MISSING:
            return default
        if time.time_ns() - stat.st_mtime_ns > self.SETTLED_NS:
            self._generation_known = (signature, value)
        return value

    SETTLED_NS = 100_000_000  # 0.1 s

    def _read(self, path, key, default):
        try:
            with open(path, "rb") as file:
                if not self._is_expired(file):
                    return pickle.loads(file.read())  # noqa: S301 - our own cache files
        except FileNotFoundError:
            pass
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            logger.warning("Unreadable page-cache file for %s: deleted, treated as missing", key)
            self._delete(path)
        return default

    def _cull(self):
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        keep = self._key_to_file(GENERATION_KEY)
        files = [name for name in files if name != keep]
        for name in random.sample(files, len(files) // max(self._cull_frequency, 1)):
            self._delete(name)

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, _MISSING, version)
        if value is _MISSING:
            return False
        self.set(key, value, timeout, version)
        return True


_MISSING = object()


def page_cache():
    return caches[CACHE_ALIAS]


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def generation():
    """The current generation (a number that changes on every purge).

    If the store does not answer (Redis down), a generation of its own for
    this one call: nothing kept under any generation is trusted, so every
    page, menu and fragment is made afresh until the store is back, and the
    site stays up."""
    try:
        value = page_cache().get(GENERATION_KEY)
        if value is None:
            value = time.time_ns()
            # add(): if another process set one first, use theirs.
            if not page_cache().add(GENERATION_KEY, value, timeout=None):
                value = page_cache().get(GENERATION_KEY, value)
    except Exception:  # noqa: BLE001 - a broken cache must never take the site down
        logger.warning("Page cache unavailable: everything is made afresh", exc_info=True)
        return f"unavailable-{time.time_ns()}"
    return value


def generation_for(request):
    """The current generation, read once per request (the page cache, the menus
    and the kept fragments all ask)."""
    if request is None:
        return generation()
    value = getattr(request, "_page_cache_generation", None)
    if value is None:
        value = request._page_cache_generation = generation()
    return value


def bump_generation():
    page_cache().set(GENERATION_KEY, time.time_ns(), timeout=None)


def purge_all(reason=""):
    """Make every stored page stale now, here and on every other app server."""
    bump_generation()
    logger.debug("Page cache purged%s", f" ({reason})" if reason else "")
    purge_frontend_cache()


def purge_frontend_cache():
    """Ask the CDN to forget every live page too, when one is configured."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch  # only when a CDN is configured

    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().public().specific())
    batch.purge()


#: Parameters that trackers add to links and nothing here reads (plus any ``utm_*``).
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl"})


def _counts(name):
    return not (name.startswith("utm_") or name in TRACKING_PARAMETERS)


def cache_key(request, gen):
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    query = urlencode(sorted(pair for pair in pairs if _counts(pair[0])))
    return f"page:{gen}:{request.get_host()}:{request.path}?{query}"


def may_read(request):
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(settings.ADMIN_PATH_PREFIXES) or request.path.startswith(settings.STATIC_URL):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def may_store(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return "public" in cache_control and "private" not in cache_control


def freeze(response):
    """A response as stored: its body gzipped (alone: the few readers who do not
    take gzip get it uncompressed from that), its headers, the time."""
    headers = [(name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS]
    content = response.content
    compressed = None
    if len(content) >= 200 and not response.has_header("Content-Encoding"):
        compressed = gzip.compress(content, compresslevel=6, mtime=0)
    return {
        "stored_at": time.time(),
        "headers": headers,
        "content": None if compressed is not None else content,
        "gzip": compressed,
    }


def thawed(entry, state, request):
    """A stored page's headers (a dict) and body as they are sent for ``request``:
    gzipped for a reader who takes gzip (``GZipMiddleware`` then leaves it be),
    plain for one who does not."""
    compressed = entry.get("gzip")
    headers = dict(entry["headers"])
    if compressed is not None and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        body = compressed
        headers["Content-Encoding"] = "gzip"
    else:
        body = entry["content"] if entry.get("content") is not None else gzip.decompress(compressed)
    headers["Content-Length"] = str(len(body))
    if compressed is not None:
        vary = headers.get("Vary", "")
        if "accept-encoding" not in vary.lower():
            headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
    headers["X-Page-Cache"] = state
    return headers, body


def thaw(entry, state, request):
    headers, body = thawed(entry, state, request)
    return HttpResponse(body, headers=headers)


def database_is_down():
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return True
    return False


class RecentPages:
    """The pages this worker served lately, as stored, so a hit need not read
    the store again (one file or one Redis read less). Only entries of the
    current generation: a purge empties it on the next request. Each entry is
    still judged fresh or stale by the time it was stored, as in the store.

    (Routing keeps the pages that answered addresses in one of these too:
    ``queries.answered``.)"""

    def __init__(self, size=256):
        self.size = size
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.generation = None
        self.entries = OrderedDict()

    def get(self, gen, key):
        with self.lock:
            if gen != self.generation:
                self.generation, self.entries = gen, OrderedDict()
                return None
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, gen, key, entry):
        with self.lock:
            if gen != self.generation:
                self.generation, self.entries = gen, OrderedDict()
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


recent = RecentPages()


def find(request):
    """The generation, the key and the stored entry (or None) for a request
    that ``may_read``. Raises what the store raises (and ``DisallowedHost``)."""
    current = generation_for(request)
    key = cache_key(request, current)
    entry = recent.get(current, key)
    if entry is None:
        entry = page_cache().get(key)
        if entry is not None:
            recent.put(current, key, entry)
    return current, key, entry


def is_fresh(entry):
    return entry is not None and time.time() - entry["stored_at"] < settings.PAGE_CACHE_SECONDS


def fresh_copy(request):
    """The stored page for ``request`` as (headers, body), if there is a fresh
    one; otherwise None (and for anything this middleware would not serve from
    the store). For ``quick_answers``, which answers before Django's middleware."""
    if not may_read(request):
        return None
    entry = find(request)[2]
    return thawed(entry, "hit", request) if is_fresh(entry) else None


class PageCacheMiddleware:
    """See the module docstring. Sits inside GZip and WhiteNoise, outside the
    CSP and ``SecurityHeadersMiddleware``, so stored pages carry their final
    headers and are compressed per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_read(request):
            return self.get_response(request)
        try:
            current, key, entry = find(request)
        except DisallowedHost:
            return self.get_response(request)  # Django refuses it (400)
        except Exception:  # noqa: BLE001 - a broken cache must never take the site down
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if is_fresh(entry):
            return thaw(entry, "hit", request)
        response = self.get_response(request)
        if (
            response.status_code >= 500
            and entry is not None
            and (getattr(request, "_database_failed", False) or database_is_down())
        ):
            stale = thaw(entry, "stale", request)
            stale["Warning"] = '110 - "Response is stale"'
            logger.warning("Served a stale copy of %s: the database is not answering", request.path)
            return stale
        if may_store(response):
            try:
                frozen = freeze(response)
                page_cache().set(key, frozen, timeout=STALE_SECONDS)
                recent.put(current, key, frozen)
            except Exception:  # noqa: BLE001 - not storing is always safe
                logger.warning("Could not store a page in the page cache", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError):
            request._database_failed = True


# What purges ----------------------------------------------------------------------------


def shows_on_pages(instance):
    """Whether saving or deleting ``instance`` can change what a public page shows."""
    if getattr(instance, "purges_page_cache", False):
        return True
    kinds = (
        BaseSiteSetting,
        BaseGenericSetting,
        Site,
        get_image_model(),
        get_document_model(),
        *get_snippet_models(),
    )
    return isinstance(instance, kinds)


def purge_after_commit(reason):
    """Purge now (this process sees the change at once, even inside the
    transaction) and again once the change is committed (so no other request
    can store the old page in between). Always, even with the page cache off:
    the cached menus (``socialcarefuture/chrome.py``) and a CDN follow the
    same generation."""
    try:
        bump_generation()
    except Exception:  # noqa: BLE001 - a broken cache must not stop an editor saving
        logger.warning("Could not purge the page cache", exc_info=True)
    transaction.on_commit(lambda: purge_all(reason), robust=True)


def _on_page_change(sender, instance=None, **kwargs):
    purge_after_commit(f"page {getattr(instance, 'pk', '')} changed")


def _on_save_or_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        if kwargs.get("signal") is post_delete:
            purge_after_commit(f"page {instance.pk} deleted")
        return
    if kwargs.get("created") and isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        # Made empty by ``for_site()`` on the first page view; the admin's save
        # of real values comes after.
        return
    if shows_on_pages(instance):
        purge_after_commit(f"{sender._meta.label} {instance.pk} changed")


def connect_signals():
    """Called once from ``SocialCareFutureConfig.ready``."""
    page_published.connect(_on_page_change, dispatch_uid="page_cache_published")
    page_unpublished.connect(_on_page_change, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_on_page_change, dispatch_uid="page_cache_moved")
    post_save.connect(_on_save_or_delete, dispatch_uid="page_cache_saved")
    post_delete.connect(_on_save_or_delete, dispatch_uid="page_cache_deleted")
    # A purge made while Redis was down never reached it (socialcarefuture/cache.py).
    from .cache import on_recovery

    on_recovery(bump_generation)
