"""Views behind the links in emails, shared by every app that confirms by email.

Subclass ``TokenView`` with ``model`` and ``action`` ("confirm" or "manage"),
then write ``get``/``post`` using ``self.record``. A bad or expired link gets a
clear page (``link_problem_template``) instead of an error.

Every token page is:

* never cached (``Cache-Control: private, no-store``) and never indexed;
* sent with ``Referrer-Policy: no-referrer``, so the token in its address does
  not leak to other sites through links on the page;
* exempt from CSRF checks: the signed token in the address is a secret that only
  the owner of the email address has, which is what a CSRF token would prove,
  and RFC 8058 one-click unsubscribe POSTs arrive from mail providers with no
  cookies at all.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from .models import TokenError


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: the answer to a POST is at another address, fetch it with GET."""

    status_code = 303


def mark_private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class TokenView(TemplateView):
    model = None
    action = "confirm"
    link_problem_template = "confirmations/link_problem.html"
    extra_context = None

    def dispatch(self, request, *args, token, **kwargs):
        self.token = token
        try:
            self.record = self.model.from_token(token, self.action)
        except TokenError as error:
            return mark_private(self.link_problem(error.reason))
        return mark_private(super().dispatch(request, *args, **kwargs))

    def link_problem(self, reason):
        """``reason`` is "expired" (410) or "invalid" (404)."""
        return render(
            self.request,
            self.link_problem_template,
            {**self.get_link_problem_context(reason), "reason": reason},
            status=410 if reason == "expired" else 404,
        )

    def get_link_problem_context(self, reason):
        return {"crumbs": [("Link problem", None)]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(record=self.record, token=self.token)
        return context
