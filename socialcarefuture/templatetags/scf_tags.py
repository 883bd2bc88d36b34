from urllib.parse import urlencode

from django import template
from wagtail.models import Page

from socialcarefuture import chrome, queries, utils
from socialcarefuture.text import tidy

register = template.Library()


@register.simple_tag
def absolute_url(path):
    """An absolute address on the public site, from a path such as ``/blog/``."""
    return utils.absolute_url(path)


@register.filter
def json_for_script(data):
    """Structured data (a dict) as JSON that is safe inside ``<script>``."""
    return utils.json_for_script(data)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's own public address.

    A view may name the path itself (``canonical_path``), as a page's extra
    routes do. Query strings are dropped except the ones the view names in
    ``canonical_params`` (by default only ``page``, and never ``page=1``), so a
    filtered listing such as ``/blog/?tag=x&page=2`` is its own page to search
    engines while tracking or junk parameters are not.
    """
    request = context.get("request")
    page = context.get("page")
    if context.get("canonical_path"):
        # A route of a routable page (such as /pledge/signatories/) names its own path.
        path = context["canonical_path"]
    elif isinstance(page, Page) and not getattr(request, "is_preview", False):
        path = page.get_url(request=request) if request else page.url
    else:
        path = request.path if request else "/"
    if request is not None:
        kept = []
        for name in context.get("canonical_params", ("page",)):
            value = tidy(request.GET.get(name, ""), 100)
            if not value or (name == "page" and (not value.isdigit() or value == "1")):
                continue
            kept.append((name, value))
        if kept:
            path = f"{path}?{urlencode(kept)}"
    return utils.absolute_url(path)


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page):
    """The live pages between the site's home page and ``page`` (exclusive)."""
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    request = context.get("request")
    found = queries.route_ancestors(request, page) if request is not None else None
    if found is not None:  # the pages routing walked through: no query
        return [ancestor for ancestor in found if ancestor.live and queries.is_public(ancestor)]
    return list(
        page.get_ancestors()
        .live()
        .public()
        .filter(depth__gt=1)
        .only("id", "title", "url_path", "depth", "path")
    )


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """The menus and footer details of this site (see ``socialcarefuture/chrome.py``)."""
    return chrome.site_chrome(context.get("request"))


@register.simple_tag(takes_context=True)
def menu_links(context, links):
    """``(label, url, is_current)`` for each link of a menu from ``site_chrome``."""
    return chrome.with_current(links or [], context.get("page"))
