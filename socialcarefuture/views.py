"""Site-wide views: search, health check, robots.txt, favicon.ico and the error pages."""

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from .text import search_words, tidy

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


def get_page_number(request, name="page"):
    """The ``?page=`` number, or 1 for anything that is not a positive whole number."""
    try:
        number = int(request.GET.get(name, 1))
    except (TypeError, ValueError):
        return 1
    return number if number > 0 else 1


def paginate(request, items, per_page):
    """A page of ``items``; a bad or too-large ``?page=`` shows the nearest real page."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(get_page_number(request))
    except (EmptyPage, PageNotAnInteger):
        return paginator.page(paginator.num_pages or 1)


def record_search(query):
    """Count a search in Wagtail's search log (the promotions report); return
    its ``Query`` row, or None when it is not kept.

    Anyone can type anything, so the log is capped: a term already in the log
    (every promoted one is) is always counted, but new terms are added only
    while fewer than ``SEARCH_LOG_TERMS_PER_DAY`` terms have been counted
    today. A crawler inventing searches adds at most that many rows a day, and
    ``searchpromotions_garbage_collect`` (daily) deletes hits older than
    ``WAGTAILSEARCH_HITS_MAX_AGE`` days and terms left with no hits and no
    promotion.
    """
    normalised = normalise_query_string(query)
    if not normalised:
        return None
    today = timezone.localdate()
    # The row knows whether it has promotions, so a search without any asks no more.
    record = (
        Query.objects.filter(query_string=normalised).annotate(promotion_count=Count("editors_picks")).first()
    )
    # A term already counted today (the usual case) costs one more query.
    if record is not None and QueryDailyHits.objects.filter(query=record, date=today).update(
        hits=F("hits") + 1
    ):
        return record
    if QueryDailyHits.objects.filter(date=today).count() < settings.SEARCH_LOG_TERMS_PER_DAY:
        record = record or Query.get(normalised)
        record.add_hit(date=today)
    return record


def prepare_cards(pages):
    """What the cards of a mixed list of pages need beyond the pages themselves,
    one query per page type that needs any (``BasePage.prepare_cards``)."""
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for model, group in by_type.items():
        if hasattr(model, "prepare_cards"):
            model.prepare_cards(group)
    return pages


@require_safe
def search(request):
    query = tidy(request.GET.get("q", ""), SEARCH_QUERY_MAX_LENGTH)
    results = None
    promotions = []
    if query:
        pages = Page.objects.live().public().specific().defer_streamfields()
        words = search_words(query)
        matches = pages.search(words) if words else pages.none()
        results = paginate(request, matches, SEARCH_RESULTS_PER_PAGE)
        results.object_list = prepare_cards(list(results.object_list))
        search_record = record_search(query)
        if search_record is not None and getattr(search_record, "promotion_count", 0):
            promotions = [
                promotion
                for promotion in search_record.editors_picks.select_related("page")
                if promotion.page and promotion.page.live
            ]
    response = render(
        request,
        "socialcarefuture/search.html",
        {
            "search_query": query,
            "search_query_encoded": urlencode({"q": query}),
            "results": results,
            "promotions": promotions,
        },
    )
    # Search results are never indexed (spam queries must not become pages).
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
def healthz(request):
    """200 ``ok`` when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@cache
def favicon_bytes():
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        return icon.read()


@require_safe
def favicon_ico(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page
    links to (pages link the SVG icon and the apple-touch-icon from static)."""
    response = HttpResponse(favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """A form came back without its security token (``CSRF_FAILURE_VIEW``):
    nothing was saved; say so plainly and link back to the form."""
    form_path = request.path if url_has_allowed_host_and_scheme(request.path, allowed_hosts=None) else "/"
    return render(request, "403_csrf.html", {"form_path": form_path}, status=403)


def server_error(request):
    # Rendered without a request context: the template must not need one.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
