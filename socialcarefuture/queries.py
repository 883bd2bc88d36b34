"""What Wagtail looks up on every page, done in as few queries as it can be.

Left to itself, Wagtail answers a request for ``/blog/a-post/`` by asking the
database for the site, the home page, the blog (twice: as a page, then as a
blog), the post (twice), the view restrictions on the post and its ancestors
(twice), and the restrictions again each time a template or a listing calls
``.public()``. That is about ten queries before the page shows anything. Here:

* **The site for a host** is kept in the ``default`` cache under the page
  cache's *generation* (``page_cache.py``), which changes whenever a site, a
  page or a setting is saved, so every worker and app server sees a change at
  once. Its home page comes as a stand-in (the home page's type, its own
  fields not loaded: no query); ``BasePage.route`` loads it whole only when the
  home page itself is asked for.
* **Routing** (``route_below``, used by ``BasePage.route``) finds every page
  along the rest of the address in one query, then loads the page that answers
  as its own type in one more. A page that routes addresses itself (a
  ``RoutablePageMixin`` page such as the blog, whose ``feed/`` is not a child)
  is asked first, exactly as Wagtail would. The pages that answered an
  anonymous reader are then kept in the worker's memory under the generation
  (``answered``), so the next reader of the same address costs no query at
  all for routing; each request gets its own copies of them.
* **Private sections** (pages with a ``PageViewRestriction``) are listed once,
  under the same generation; a restriction saved or deleted purges. With none,
  a page's own check costs nothing, and ``.public()`` anywhere (Wagtail's
  ``PageQuerySet.private_q``) builds its condition from the list instead of
  asking the database each time.
* **The index pages** that other pages link to (the blog, the gatherings...)
  are found once per generation: ``first_live_page(BlogIndexPage)``.

Only what is the same for every reader is kept; what a page shows is still
read fresh on every render.
"""

import copy
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from . import page_cache

#: How long a copy is kept when nothing changes (a purge replaces it sooner).
KEEP_SECONDS = 60 * 60

_MISSING = object()


def _cached(name, build, keep_none=True):
    key = f"queries:{name}:{page_cache.generation()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None or keep_none:
            cache.set(key, value, KEEP_SECONDS)
    return value


# Private sections ---------------------------------------------------------------------------


def restricted_sections():
    """``[(path, depth)]`` of every page with a view restriction (its section is private)."""
    return _cached(
        "restricted",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth").distinct()),
    )


def private_q(self):
    """``PageQuerySet.private_q`` without a query: the same condition (each restricted
    page and its descendants), built from ``restricted_sections()``."""
    q = Q()
    for path, depth in restricted_sections():
        q |= Q(path__startswith=path, depth__gte=depth)
    # Like Wagtail's: match no page when no section is private.
    return q if q else Q(pk__in=[])


def _restriction_changed(sender, instance, **kwargs):
    # A page made private must not stay in the page cache either.
    page_cache.purge_after_commit("view restriction changed")


# The site -----------------------------------------------------------------------------------

_wagtail_find_for_request = Site._find_for_request


def find_site_for_request(request):
    """``Site._find_for_request`` through the cache (see the module docstring)."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    site = _cached(f"site:{hostname}:{port}", lambda: _wagtail_find_for_request(request))
    if site is not None:
        root = site.root_page
        # The stand-in: the home page's own type without a query. ``BasePage.route``
        # loads it whole when it is the page asked for.
        root.__dict__["specific"] = root.specific_deferred
    return site


# Routing ------------------------------------------------------------------------------------


def _walks_on(page, remaining):
    """Whether Wagtail's routing at ``page`` would just look for the child named
    ``remaining[0]`` (rather than answer the address itself)."""
    model = page.specific_class
    if model is None:
        return False
    from .models import BasePage

    if model.route is BasePage.route:
        return True
    if issubclass(model, RoutablePageMixin) and model.route is RoutablePageMixin.route:
        if not page.live:
            return True
        try:
            model.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except (Resolver404, Http404):
            return True
        return False
    return False


def route_below(parent, request, path_components):
    """The answer to ``parent.route(request, path_components)`` for a non-empty
    path, with one query for the pages along it and one for the page that answers
    (none when this worker answered the same address lately: ``answer_kept``)."""
    key = ("below", parent.pk, tuple(path_components))
    found = answer_kept(request, key)
    if found is None:
        found = _find_below(parent, path_components)
        if len(found[0]) == len(path_components):  # the address is the page's own
            keep_answer(request, key, found)
    ancestors, specific = _fresh_copies(*found, parent)
    request._scf_route_chain = [parent, *ancestors]
    return specific.route(request, path_components[len(ancestors) :])


def _find_below(parent, path_components):
    """``(pages along the address below parent, the page that answers as its own
    type)``: the last of the pages is the answering one as a plain ``Page``."""
    url_paths = []
    url_path = parent.url_path
    for slug in path_components:
        url_path += slug + "/"
        url_paths.append(url_path)
    found = {
        page.url_path: page
        for page in Page.objects.filter(
            path__startswith=parent.path,
            depth__gt=parent.depth,
            depth__lte=parent.depth + len(path_components),
            url_path__in=url_paths,
        )
    }
    chain = []
    answering = None
    for level, url_path in enumerate(url_paths):
        page = found.get(url_path)
        if page is None or page.depth != parent.depth + level + 1:
            break
        chain.append(page)
        remaining = path_components[level + 1 :]
        if not remaining or not _walks_on(page, remaining):
            answering = page
            break
    if answering is None:
        # No page at the next step, and none on the way answers the rest itself.
        raise Http404
    model = answering.specific_class
    if model is None:
        raise Http404
    queryset = model.get_route_queryset() if hasattr(model, "get_route_queryset") else model._default_manager
    return chain, queryset.get(pk=answering.pk)


def whole_page(stand_in, request):
    """The page ``stand_in`` (a page whose own fields were left unloaded: the
    site's home page, ``find_site_for_request``) loaded whole, for ``BasePage.route``."""
    key = ("whole", stand_in.pk)
    found = answer_kept(request, key)
    if found is None:
        found = ([], type(stand_in).get_route_queryset().get(pk=stand_in.pk))
        keep_answer(request, key, found)
    return _fresh_copies(*found, None)[1]


# The pages that answered, kept in this worker -----------------------------------------------
#
# Routing costs a page two queries, and loading the answering page with its
# pictures is the dearer (3 to 5 ms of a 13 ms render, measured in-process).
# So the pages that answered an anonymous reader's address are kept in this
# worker's memory, under the generation (any publish, move, delete or saved
# setting starts afresh) and for at most ``FRAGMENT_CACHE_SECONDS``, like the
# kept fragments. Only the page's own address is kept, not what a page routes
# itself (``/blog/feed/``), so there is at most one entry a page.
#
# Each request gets its own shallow copies: what a request works out on its
# page (a gathering's places left, a listing) stays with that request. The
# copies share the loaded field values (a StreamField's blocks, the pictures),
# which are the same for everyone until the next purge.
#
# Not for anyone with a session (a convenor may have a draft saved, which
# changes the live row without a purge), nor for a preview, nor for a POST.

answered = page_cache.RecentPages(size=512)


def _may_keep_answers(request):
    return (
        settings.FRAGMENT_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def answer_kept(request, key):
    """The ``(chain, page)`` kept for ``key``, or None."""
    if not _may_keep_answers(request):
        return None
    entry = answered.get(page_cache.generation_for(request), key)
    if entry is None or time.monotonic() - entry[0] >= settings.FRAGMENT_CACHE_SECONDS:
        return None
    return entry[1]


def keep_answer(request, key, found):
    if _may_keep_answers(request):
        chain, page = found
        # Copies taken before this request works anything out on them.
        answered.put(
            page_cache.generation_for(request), key, (time.monotonic(), _fresh_copies(chain, page, None))
        )


def _fresh_copies(chain, page, parent):
    """Shallow copies of the pages along an address and of the page that answers,
    each linked to the one above (the first to ``parent``, when known) as
    Wagtail's ``get_parent`` expects."""
    copies = []
    for step in chain:
        copies.append(_linked_copy(step, copies[-1] if copies else parent))
    return copies, _linked_copy(page, copies[-2] if len(copies) > 1 else parent)


def _linked_copy(page, parent):
    page = copy.copy(page)
    if parent is None:
        page.__dict__.pop("_cached_parent_obj", None)  # get_parent() asks the database
    else:
        page._cached_parent_obj = parent
    return page


def route_ancestors(request, page):
    """The pages above ``page`` that routing found (home page first), or ``None``."""
    chain = getattr(request, "_scf_route_chain", None)
    if not chain or len(chain) < 2 or chain[0].depth > 2:
        return None
    if chain[-1].pk != page.pk:
        return None
    return chain[:-1]


def is_public(page):
    return not any(
        page.path.startswith(path) and page.depth >= depth for path, depth in restricted_sections()
    )


# Index pages --------------------------------------------------------------------------------


def first_live_page(model, within=None):
    """The first live, public page of ``model`` (the blog, the gatherings...), below
    ``within`` if given, its StreamFields left unloaded, or ``None``. Kept until
    anything is published."""
    live = model.objects.live().public().defer_streamfields().order_by("path")
    # "None yet" is not kept: a page added live without publishing (the demo loader,
    # an import) sends no signal that would purge.
    page = _cached(f"first:{model._meta.label_lower}", live.first, keep_none=False)
    if within is not None and page is not None and not page.is_descendant_of(within):
        return live.descendant_of(within).first()  # another site's: look it up
    return page


# Cards' pictures ---------------------------------------------------------------------------


def prefetch_card_renditions(pages):
    """Give the picture each of ``pages`` shows on its card (``get_listing_image``)
    the card renditions, in one query for them all. The pages' image foreign keys
    must be loaded already (``CardQuerySet.with_card_pictures``), or a query is
    made for each page. Returns ``pages``."""
    from wagtail.images import get_image_model

    from .images import CARD_RENDITIONS

    images = {}
    for page in pages:
        get_image = getattr(page, "get_listing_image", None)
        image = get_image() if get_image else None
        if image is not None and not hasattr(image, "prefetched_renditions"):
            images.setdefault(image.pk, []).append(image)
    if not images:
        return pages
    renditions = {pk: [] for pk in images}
    rendition_model = get_image_model().get_rendition_model()
    for rendition in rendition_model.objects.filter(image_id__in=images, filter_spec__in=CARD_RENDITIONS):
        renditions[rendition.image_id].append(rendition)
    for pk, copies in images.items():
        for rendition in renditions[pk]:
            rendition.image = copies[0]  # its alt text comes from the image: no query
        for image in copies:
            image.prefetched_renditions = list(renditions[pk])
    return pages


class CardQuerySet(PageQuerySet):
    """Pages shown as cards. ``with_card_pictures()`` loads each page's pictures with
    it (``select_related`` of the type's ``card_related``) and, when the list is
    read, the card renditions of them all in one more query: two pictures or
    none, ten cards or a hundred, the cost is the same."""

    _card_pictures = False

    def with_card_pictures(self):
        queryset = self.select_related(*self.model.card_related)
        queryset._card_pictures = True
        return queryset

    def _clone(self):
        clone = super()._clone()
        clone._card_pictures = self._card_pictures
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._card_pictures and self._result_cache:
            prefetch_card_renditions([item for item in self._result_cache if isinstance(item, Page)])


# Installing ---------------------------------------------------------------------------------


def install():
    """Called once from ``SocialCareFutureConfig.ready``."""
    PageQuerySet.private_q = private_q
    Site._find_for_request = staticmethod(find_site_for_request)
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="queries_restriction_saved"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="queries_restriction_deleted"
    )
