from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.csp import CSP


class PlainErrorsMiddleware:
    """Django answers a wrong method (PUT to a form, POST to search) with an
    empty 405. Give people a page that says what happened and where to go."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith(settings.ADMIN_PATH_PREFIXES)
        ):
            friendly = render(request, "405.html", status=405)
            friendly["Allow"] = response.get("Allow", "")
            return friendly
        return response


class SecurityHeadersMiddleware:
    """Two response rules that depend on the request's path and user.

    * The Wagtail admin gets ``settings.ADMIN_CSP`` instead of the strict public
      policy (it needs inline scripts and frames its own previews).
    * A preview is a page rendered for the editor, inside the admin's preview
      panel. Wagtail makes it through the whole middleware stack as if it were
      a request for the public page, so it would get the public policy's
      ``frame-ancestors 'none'`` and the panel could not show it. It keeps the
      public policy (its scripts and styles are the public page's) but may be
      framed by the admin, on the same origin only.
    * Anonymous pages that hold nothing personal (no CSRF token, no cookie set,
      no logged-in user) may be kept by shared caches for a few minutes;
      everything else is marked private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith(settings.ADMIN_PATH_PREFIXES)
        if is_admin:
            response._csp_config = settings.ADMIN_CSP
        elif getattr(request, "is_preview", False):
            response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
        if "Cache-Control" in response:
            return response
        if is_admin or not self.is_shareable(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_CACHE_SECONDS,
                stale_while_revalidate=60,
                stale_if_error=86400,
            )
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def is_shareable(request, response):
        if request.method not in ("GET", "HEAD") or response.status_code not in (200, 404):
            return False
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        return not getattr(request, "is_preview", False)
