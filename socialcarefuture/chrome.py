"""What every page shows around its content: the main menu, the footer menu and
the footer's contact details, read from the site settings.

Reading them costs several queries (the settings row, the pages each menu
links to, the links inside the footer text), and they are the same on every
page of a site. So they are worked out once and kept in the ``default`` cache
(each worker's own memory, or Redis), under a key holding the page cache's
*generation*: anything that purges the page cache (a page published, moved or
deleted; the site settings saved) also makes this copy stale, on every worker
and every app server, because they all read the one generation.

Only what is the same for everyone is kept. Which link is the current page is
worked out per request, from the page being shown.
"""

from django.core.cache import cache
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from . import page_cache

#: How long a copy is kept when nothing changes (a purge replaces it sooner).
CHROME_SECONDS = 60 * 60


def _links(stream, request):
    links = []
    for block in stream or []:
        page = block.value.get("page")
        if not page or not page.live:
            continue
        url = page.get_url(request=request)
        if url:
            links.append(
                {
                    "label": block.value.get("label") or page.title,
                    "url": url,
                    "url_path": page.url_path,
                    "depth": page.depth,
                }
            )
    return links


def _build(site, request):
    from .models import SiteSettings

    site_settings = SiteSettings.for_site(site)
    return {
        "main_menu": _links(site_settings.main_menu, request),
        "footer_menu": _links(site_settings.footer_menu, request),
        "contact_email": site_settings.contact_email,
        "twitter_url": site_settings.twitter_url,
        "facebook_url": site_settings.facebook_url,
        # Rich text from the admin, expanded as Wagtail's |richtext filter does.
        "footer_text": mark_safe(expand_db_html(site_settings.footer_text))
        if site_settings.footer_text
        else "",  # noqa: S308
    }


def site_chrome(request):
    """The menus and footer details for ``request``'s site, from the cache when
    it has a fresh copy. Kept on the request too, so the header and the footer
    share one look-up."""
    if request is None:
        return None
    if hasattr(request, "_site_chrome"):
        return request._site_chrome
    site = Site.find_for_request(request)
    if site is None:
        return None
    key = f"chrome:{site.pk}:{request.get_host()}:{page_cache.generation_for(request)}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = _build(site, request)
        cache.set(key, chrome, CHROME_SECONDS)
    request._site_chrome = chrome
    return chrome


def with_current(links, page):
    """``(label, url, is_current)`` for each link: current when it is the page
    shown, or (below the home page) one of its ancestors."""
    current_path = getattr(page, "url_path", None)
    result = []
    for link in links:
        is_current = bool(current_path) and (
            current_path == link["url_path"]
            or (link["depth"] > 2 and current_path.startswith(link["url_path"]))
        )
        result.append((link["label"], link["url"], is_current))
    return result
