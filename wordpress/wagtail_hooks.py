"""Old WordPress addresses with a query string (``/?p=123``, ``/?page_id=45``,
``/?attachment_id=67``) and the import's entry in page history.

Wagtail's redirect middleware only looks for a redirect when an address is not
found. ``/?p=123`` is found: it is the vision page with a query string. So for
the query keys WordPress used, a redirect imported for that exact address is
followed before the page is served.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail import hooks
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

WORDPRESS_QUERY_KEYS = ("p", "page_id", "attachment_id")


@hooks.register("before_serve_page")
def follow_old_wordpress_query_address(page, request, serve_args, serve_kwargs):
    keys = [key for key in WORDPRESS_QUERY_KEYS if key in request.GET]
    if not keys:
        return None
    for key in keys:
        value = request.GET.get(key, "")
        if not value.isdigit():
            continue
        path = Redirect.normalise_path(f"{request.path}?{key}={value}", decode_unicode=False)
        redirect = get_redirect(request, path)
        if redirect is not None and redirect.link:
            response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
            return response_class(redirect.link)
    return None


@hooks.register("register_log_actions")
def register_import_action(actions):
    actions.register_action("wordpress.import", "Import from WordPress", "Imported from WordPress")
