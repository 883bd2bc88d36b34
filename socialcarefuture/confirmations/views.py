"""Public views shared by every app that confirms by email.

* ``SignUpView``: the form that makes a record (a mailing-list sign-up, a
  signature, a booking, a suggestion): rate limits, the honeypot, validation,
  ``Model.sign_up()`` and the same "check your email" answer whatever happened.
* ``TokenView``: the pages behind the links in emails. ``ConfirmRecordView``
  and ``WithdrawRecordView`` are the two every app needs: confirm, and
  withdraw (unsubscribe, take a signature back, cancel a booking).

Every token page is:

* never cached (``Cache-Control: private, no-store``) and never indexed;
* sent with ``Referrer-Policy: no-referrer``, so the token in its address does
  not leak to other sites through links on the page;
* exempt from CSRF checks: the signed token in the address is a secret that only
  the owner of the email address has, which is what a CSRF token would prove,
  and RFC 8058 one-click unsubscribe POSTs arrive from mail providers with no
  cookies at all.
"""

import logging
from datetime import UTC, datetime

from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from .abuse import (
    INVALID_POSTS_PER_IP_HOUR,
    INVALID_POSTS_PER_IP_MINUTE,
    client_ip,
    first_exceeded,
    limit_message,
    too_many_requests,
)
from .models import SignUpRefused, TokenError, WithdrawalMethod, email_digest, normalise_email

logger = logging.getLogger(__name__)

__all__ = [
    "ConfirmRecordView",
    "HttpResponseSeeOther",
    "SignUpRefused",
    "SignUpView",
    "TokenView",
    "WithdrawRecordView",
    "mark_private",
]


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: the answer to a POST is at another address, fetch it with GET."""

    status_code = 303


def mark_private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Signing up ------------------------------------------------------------------------------


class SignUpView(FormView):
    """GET shows the form; POST makes (or reuses) the record and answers 303.

    Set these on a subclass:

    * ``form_class``: a form with ``email`` (an ``EmailAddressField``), ideally
      ``HoneypotFormMixin`` and a ``source`` (``SourcePathField``).
    * ``record_model``: the ``ConfirmableRecord`` model.
    * ``consent``: the ``ConsentWording`` the form shows.
    * ``template_name``: the page with the form (shown again with errors).
    * ``success_url``: the "check your email" page.
    * ``ip_rate_limits`` and ``address_rate_limits``: ``RateLimit``s counted per
      visitor's network address and per email address, each with its own name.
      Both count only submissions that passed validation (and honeypot
      catches, which are answered as if they had), so a person who makes
      honest mistakes is not locked out by them.
    * ``invalid_rate_limits``: the much higher ceiling for submissions that
      failed validation, per network address, against scripts. By default the
      site-wide ``INVALID_POSTS_PER_IP_*`` limits, shared by every form.
    * ``form_id_prefix``: the start of every input's id, such as "signup-".
    * ``csrf_protected``: True for a normal form; False only for a form on
      pages that shared caches keep (the mailing-list footer).
    * ``detail_fields``: form fields copied as they are onto the record.
    * ``crumbs``, ``extra_context``: for the page.
    * ``logger`` and ``log_label``: where each sign-up is logged, with only a
      digest of the address.

    And override these where the app needs to:

    * ``get_form_kwargs()``, ``get_initial()``: Django's usual hooks.
    * ``get_sign_up_kwargs(form)``: what goes to ``record_model.sign_up()``:
      ``email``, ``details``, ``consent``, ``source_path``, ``choices`` and
      ``lookup`` (what makes one record besides the address, such as
      ``{"gathering": gathering}``).
    * ``sign_up(form)``: makes the record; returns a ``SignUp``. Raise
      ``SignUpRefused(message, field=None)`` here (or in ``after_sign_up``) to
      show the form again with that message and store nothing.
    * ``after_sign_up(form, signup)``: runs in the same transaction, such as
      joining the mailing list as well when a box was ticked.

    The answer to a good POST never says whether the address was new, waiting,
    confirmed or had left: that is for the email to say. A bot that fills in the
    honeypot gets the same answer, and nothing is kept.

    Over a limit, the form is shown again with what was typed, a plain message
    at the top saying how long to wait, status 429 and ``Retry-After``; nothing
    is stored.
    """

    record_model = None
    consent = None
    form_id_prefix = "signup-"
    csrf_protected = True
    ip_rate_limits = ()
    address_rate_limits = ()
    invalid_rate_limits = (INVALID_POSTS_PER_IP_MINUTE, INVALID_POSTS_PER_IP_HOUR)
    detail_fields = ()
    crumbs = None
    too_many_requests_template = "confirmations/too_many_requests.html"
    logger = logger
    log_label = "Sign-up"
    http_method_names = ["get", "post", "head", "options"]

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        if initkwargs.get("csrf_protected", cls.csrf_protected):
            return view
        return csrf_exempt(view)

    # The form -------------------------------------------------------------------------

    def get_initial(self):
        return {**super().get_initial(), "source": self.request.path}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "auto_id": f"{self.form_id_prefix}%s"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.crumbs is not None:
            context.setdefault("crumbs", self.crumbs)
        return context

    # Answering a POST -----------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        ip = client_ip(request)
        form = self.get_form()
        if self.is_bot(form):
            # Counted and answered exactly as for a person, so the bot learns
            # nothing; nothing is kept.
            if limited := first_exceeded([(limit, ip) for limit in self.ip_rate_limits]):
                return self.too_many_requests(limited, form)
            return HttpResponseSeeOther(self.get_success_url())
        if not form.is_valid():
            # Honest mistakes only count towards the high ceiling for scripts.
            if limited := first_exceeded([(limit, ip) for limit in self.invalid_rate_limits]):
                return self.too_many_requests(limited, form)
            return self.form_invalid(form)
        if limited := first_exceeded([(limit, ip) for limit in self.ip_rate_limits]):
            return self.too_many_requests(limited, form)
        return self.form_valid(form)

    def is_bot(self, form):
        is_bot = getattr(form, "is_bot", None)
        return bool(is_bot and is_bot())

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        checks = [(limit, normalise_email(email)) for limit in self.address_rate_limits]
        if limited := first_exceeded(checks):
            # Counted for every address alike, so it says nothing about who has signed up.
            return self.too_many_requests(limited, form)
        try:
            with transaction.atomic():
                signup = self.sign_up(form)
                self.after_sign_up(form, signup)
        except SignUpRefused as refused:
            self.logger.info("%s %s: refused", self.log_label, email_digest(email))
            form.add_error(refused.field, refused.message)
            return self.form_invalid(form)
        self.logger.info("%s %s: %s", self.log_label, email_digest(email), signup.outcome)
        # The same answer whatever happened, so nobody can learn who has signed up.
        return HttpResponseSeeOther(self.get_success_url())

    def too_many_requests(self, limit, form=None):
        """429. With ``form``: the form again, with what was typed and a message
        at the top saying how long to wait. Without: the "please wait" page."""
        if form is None:
            return too_many_requests(
                self.request, limit, template=self.too_many_requests_template, context=self.extra_context
            )
        self.logger.info("%s: over the limit %s", self.log_label, limit.name)
        form.add_error(None, limit_message(limit))
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(limit.seconds_left())
        return response

    # Hooks ----------------------------------------------------------------------------

    def get_sign_up_kwargs(self, form):
        data = form.cleaned_data
        return {
            "email": data["email"],
            "details": {name: data[name] for name in self.detail_fields},
            "consent": self.consent,
            "source_path": data.get("source") or self.request.path,
            "choices": {},
            "lookup": None,
        }

    def sign_up(self, form):
        if self.record_model is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a record_model.")
        return self.record_model.sign_up(**self.get_sign_up_kwargs(form))

    def after_sign_up(self, form, signup):
        """Runs after ``sign_up`` in the same transaction. Does nothing by default."""


# Following a link ------------------------------------------------------------------------


class TokenView(TemplateView):
    """A page behind a link in an email: ``self.record`` is the record it points at.

    Set ``model`` and ``action`` ("confirm" or "manage"). A bad or expired link
    gets a clear page (``link_problem_template``) instead of an error, with a
    button to ``start_again_url`` if set. ``parent_crumb`` (a ``(label, url)``
    pair) and ``crumb`` make the breadcrumbs; ``extra_context`` goes to every
    page, the link problem page too.
    """

    model = None
    action = "confirm"
    link_problem_template = "confirmations/link_problem.html"
    extra_context = None
    parent_crumb = None
    crumb = ""
    start_again_url = None
    start_again_text = ""

    @classmethod
    def as_view(cls, **initkwargs):
        # CSRF-exempt (the link's token is the proof; a cached page could not
        # carry a CSRF token anyway) and never cached. Marked on the view that
        # as_view() returns, not on dispatch, so a subclass that overrides
        # dispatch keeps both.
        return csrf_exempt(never_cache(super().as_view(**initkwargs)))

    def dispatch(self, request, *args, token, **kwargs):
        self.token = token
        try:
            self.record = self.get_record(token)
        except TokenError as error:
            return mark_private(self.link_problem(error.reason))
        return mark_private(super().dispatch(request, *args, **kwargs))

    def get_record(self, token):
        """The record the link points at; raises ``TokenError``."""
        return self.model.from_token(token, self.action)

    def token_is_recent(self, max_age):
        """Whether this page's link was made less than ``max_age`` ago: a
        long-lived link should not hand out a fresh short-lived one for ever."""
        issued_at = self.model.token_issued_at(self.token)
        # The signer's own clock, as for every other link expiry.
        now = datetime.fromtimestamp(signing.time.time(), tz=UTC)
        return bool(issued_at and now - issued_at < max_age)

    def get_crumbs(self, label):
        return [*([self.parent_crumb] if self.parent_crumb else []), (label, None)]

    def link_problem(self, reason):
        """``reason`` is "expired" (410) or "invalid" (404)."""
        return render(
            self.request,
            self.link_problem_template,
            {**self.get_link_problem_context(reason), "reason": reason},
            status=410 if reason == "expired" else 404,
        )

    def get_link_problem_context(self, reason):
        context = {**(self.extra_context or {}), "crumbs": self.get_crumbs("Link problem")}
        if self.start_again_url:
            context.update(start_again_url=self.start_again_url, start_again_text=self.start_again_text)
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(record=self.record, token=self.token)
        if self.crumb:
            context.setdefault("crumbs", self.get_crumbs(self.crumb))
        return context


class ConfirmRecordView(TokenView):
    """The link in a confirmation email.

    GET shows a page with a button (``template_name``, given ``record``); only
    the POST confirms, then goes to ``success_url``. Mail security scanners open
    links in emails to check them, and a GET that confirmed would let a scanner
    confirm for the person, which is what double opt-in is there to prevent.
    Following the link again later is harmless: the template can say it is done
    already (``record.status == "confirmed"``). A record that was withdrawn
    since cannot be confirmed by its old link.
    """

    action = "confirm"
    success_url = None

    def get(self, request, *args, **kwargs):
        if self.record.status == self.record.Status.WITHDRAWN:
            return self.link_problem("invalid")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.record.status == self.record.Status.WITHDRAWN:
            return self.link_problem("invalid")
        self.record.confirm()
        return HttpResponseSeeOther(self.get_success_url())

    def get_success_url(self):
        if not self.success_url:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a success_url.")
        return str(self.success_url)


class WithdrawRecordView(TokenView):
    """The "leave" link: unsubscribe, take a signature back, cancel a booking.

    GET shows a page with one button (``template_name``; so that link scanners
    cannot withdraw anyone, and it can say when it is done already); that
    button's POST withdraws and goes to ``success_url``. With ``one_click``, a
    POST whose body is ``List-Unsubscribe=One-Click`` comes from the person's
    mail program (RFC 8058, as Gmail, Yahoo and Apple Mail send it): it
    withdraws at once and answers 200 with ``one_click_template_name``, with no
    redirect, login or CSRF token.
    """

    action = "manage"
    success_url = None
    one_click = False
    one_click_template_name = None
    withdrawal_method = WithdrawalMethod.LINK
    logger = logger
    log_label = "Withdrawal"

    def post(self, request, *args, **kwargs):
        one_click = self.one_click and request.POST.get("List-Unsubscribe") == "One-Click"
        method = WithdrawalMethod.ONE_CLICK if one_click else self.withdrawal_method
        if self.record.withdraw(method):
            self.logger.info("%s %s: %s", self.log_label, email_digest(self.record.email), method)
        if one_click:
            return render(request, self.one_click_template_name, self.get_context_data())
        return HttpResponseSeeOther(self.get_success_url())

    def get_success_url(self):
        if not self.success_url:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a success_url.")
        return str(self.success_url)
