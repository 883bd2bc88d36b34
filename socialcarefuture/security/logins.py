"""Login throttling, on django-axes (8.3), for every login form on the site:
the Wagtail admin's (``/admin/login/``), the one for pages only some people may
see (``/_util/login/``), and any later one that authenticates with the request.

* A username-and-address pair is locked out after ``AXES_FAILURE_LIMIT`` failed
  attempts for ``AXES_COOLOFF_TIME``; the counts are rows in the database
  (``axes.AccessAttempt``), so every worker and app server shares them.
* The lockout page says the same whether or not the username exists.
* Each lockout writes one log line; a convenor lifts it under Settings →
  "Login lockouts" (``wagtail_hooks.py``), or it lifts itself when the time is up.

Page passwords (Wagtail's "private, password" pages and documents) are shared
secrets rather than logins, so axes does not see them: ``password_throttle``
limits wrong passwords per address and page instead.
"""

import logging
from functools import wraps

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.dispatch import receiver
from django.shortcuts import render

from socialcarefuture.confirmations.abuse import RateLimit, client_address, client_ip, too_many_requests

logger = logging.getLogger(__name__)


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out username-and-address pair before the password is checked.

    A login without a request (a management command, a test client's
    ``login()``) has no address to count, so it is not throttled; every login
    form on the site passes the request (Django's ``AuthenticationForm`` does).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # A session made by ``login(user)`` without a backend named (a test
        # client's ``force_login``) records the first backend: this one.
        return ModelBackend().get_user(user_id)


def login_username(request, credentials=None):
    """The username axes counts by (``AXES_USERNAME_CALLABLE``): what was typed,
    cut to the 255 characters its table holds (a longer one is no one's, and
    must not turn a failed login into a server error)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) if credentials else request.POST.get(field)
    return None if username is None else str(username)[:255]


def login_client_ip(request):
    """The address axes counts by: the client's own, through trusted proxies."""
    address = client_address(request)
    return str(address) if address else None


def lockout_minutes():
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out login gets (``AXES_LOCKOUT_CALLABLE``).

    It never says whether the username exists: the same words, status and
    headers for any username typed.
    """
    minutes = lockout_minutes()
    response = render(
        request,
        "security/locked_out.html",
        {
            "minutes": minutes,
            "is_admin": request.path.startswith("/admin/"),
            "login_path": request.path,
            "crumbs": [("Log in", None)],
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    failures = getattr(request, "axes_failures_since_start", settings.AXES_FAILURE_LIMIT)
    if failures > settings.AXES_FAILURE_LIMIT:
        # Another try while locked out: it starts the wait again.
        logger.info("Login still locked: username %r from %s, try %s", username, ip_address, failures)
        return
    logger.warning(
        "Login locked: username %r from %s after %s failed attempts, for %s minutes "
        "(a convenor can lift it in the admin: Settings, Login lockouts)",
        username,
        ip_address,
        settings.AXES_FAILURE_LIMIT,
        lockout_minutes(),
    )


# Page passwords ----------------------------------------------------------------------------

#: Wrong page or document passwords per address and restriction.
PAGE_PASSWORD_FAILURES = RateLimit("page-password-failures", limit=10, period=15 * 60)


def password_throttle(view):
    """Wrap Wagtail's ``authenticate_with_password`` views (pages and documents).

    A wrong password re-shows the form (200); a right one redirects. Wrong ones
    are counted per address and restriction; past the limit the form is not
    even checked, and a "please wait" page (429) says for how long.
    """

    @wraps(view)
    def throttled(request, *args, **kwargs):
        restriction = next(iter(kwargs.values()), "")
        key = f"{client_ip(request)}:{restriction}"
        if request.method == "POST" and PAGE_PASSWORD_FAILURES.is_exceeded(key):
            logger.warning("Page password locked: restriction %s from %s", restriction, client_ip(request))
            return too_many_requests(request, PAGE_PASSWORD_FAILURES)
        response = view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 200:
            PAGE_PASSWORD_FAILURES.hit(key)
        return response

    return throttled


class FrontendLoginForm(AuthenticationForm):
    """The login for restricted pages (/_util/login/), in the site's own words."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That username and password do not match an account here. Check both and try again: "
            "capital letters count."
        ),
        "inactive": "This account is switched off. Ask a convenor to switch it back on.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
