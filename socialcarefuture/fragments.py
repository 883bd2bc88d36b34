"""Parts of pages kept ready-made: the fragment cache.

The page cache (``page_cache.py``) keeps whole pages for anonymous readers.
Below it, some parts of a page cost most of its render and are the same
wherever and for whomever they show: the vision page's sections (the newest
posts, the next gatherings, the glimpses, the pledge's count), a post's
related posts, a listing's filter counts. Those are kept in the ``default``
cache (each worker's memory, or Redis) under a key holding the page cache's
*generation*, as the menus are (``chrome.py``). So:

* anything that purges the page cache (a page published, moved or deleted; a
  snippet, setting or picture saved; a signature confirmed) makes every kept
  fragment stale at once, on every worker and every app server;
* a fragment is also dropped after ``FRAGMENT_CACHE_SECONDS`` (setting, five
  minutes; ``0`` turns fragments off), so what changes with the clock alone (a
  gathering that has just happened) is right within five minutes, as with the
  page cache;
* it helps where the page cache cannot: a page rendered because the page cache
  is off (``PAGE_CACHE_SECONDS=0``) or has just been purged, a listing with an
  unusual query string, a convenor who is logged in;
* a preview is never served from it, nor stored in it: a draft may change what
  a fragment shows (a post's hand-picked related posts).

Only what is the same for every reader goes in a fragment: no form with a
CSRF token, no nonce, nothing about the person reading.

In a template::

    {% load fragments %}
    {% fragment "post-related" page.pk %}...{% endfragment %}

In Python: ``fragments.cached("listing-counts", request, build, *parts)``.

(Django's own ``{% cache %}`` tag keys on what it is given and nothing else; this
adds the host and the generation, skips previews and honours the setting.)
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from . import page_cache

_MISSING = object()

logger = logging.getLogger(__name__)


def usable(request):
    return (
        settings.FRAGMENT_CACHE_SECONDS > 0
        and request is not None
        and not getattr(request, "is_preview", False)
    )


def key(name, request, *parts):
    """The cache key of fragment ``name`` for ``parts`` on ``request``'s host."""
    raw = "\x1f".join(str(part) for part in (request.get_host(), page_cache.generation_for(request), *parts))
    return f"fragment:{name}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def cached(name, request, build, *parts):
    """``build()``'s value, from the cache when a fresh copy is there."""
    if not usable(request):
        return build()
    try:
        fragment_key = key(name, request, *parts)
        value = cache.get(fragment_key, _MISSING)
    except Exception:  # noqa: BLE001 - a broken cache must never take a page down
        logger.warning("Fragment cache unavailable", exc_info=True)
        return build()
    if value is _MISSING:
        value = build()
        try:
            cache.set(fragment_key, value, settings.FRAGMENT_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - not keeping it is always safe
            logger.warning("Could not keep a fragment", exc_info=True)
    return value


def kept_many(name, request, parts_list):
    """``{parts: value}`` for those of ``parts_list`` (tuples of parts) whose
    fragment ``name`` is kept: one look-up for them all."""
    if not usable(request) or not parts_list:
        return {}
    try:
        keys = {key(name, request, *parts): parts for parts in parts_list}
        found = cache.get_many(list(keys))
    except Exception:  # noqa: BLE001 - a broken cache must never take a page down
        logger.warning("Fragment cache unavailable", exc_info=True)
        return {}
    return {keys[fragment_key]: value for fragment_key, value in found.items()}
