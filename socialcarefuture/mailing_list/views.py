"""Mailing-list pages: sign up, check your inbox, confirm, preferences, unsubscribe."""

import logging
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from socialcarefuture.confirmations import views as shared
from socialcarefuture.confirmations.abuse import RateLimit
from socialcarefuture.confirmations.models import TokenError
from socialcarefuture.confirmations.views import HttpResponseSeeOther

from .forms import PreferencesForm, SignUpForm
from .models import CONSENT, Subscriber

logger = logging.getLogger(__name__)

# Limits on sign-ups (RATELIMIT_ENABLE=0 turns them off).
SIGNUPS_PER_IP_MINUTE = RateLimit("mailing-list-ip-minute", limit=5, period=60)
SIGNUPS_PER_IP_HOUR = RateLimit("mailing-list-ip-hour", limit=20, period=60 * 60)
SIGNUPS_PER_ADDRESS_DAY = RateLimit("mailing-list-address-day", limit=3, period=24 * 60 * 60)

FOOTER_FORM_ID = "footer-signup-%s"

# The "check your email" page repeats the address the person typed. It travels
# in a signed cookie that only that page's address receives, for half an hour:
# never in a URL (which is logged and cached), never in the session (a session
# cookie would keep the person out of the page cache everywhere), and the page
# itself is never cached, so nobody else can see it.
ADDRESS_COOKIE = "scf_signup_address"
ADDRESS_COOKIE_SALT = "mailing-list.check-inbox"
ADDRESS_COOKIE_SECONDS = 30 * 60

# Mailing-list pages do not repeat the sign-up form in their footer.
LIST_PAGE_CONTEXT = {"hide_footer_signup": True}


def crumbs(label):
    return [("Mailing list", reverse("mailing_list:signup")), (label, None)]


class SignUpView(shared.SignUpView):
    """GET: the full sign-up page. POST: the sign-up, from this page or any footer.

    The footer form is on every page, and public pages are kept by shared caches
    for a few minutes (socialcarefuture.middleware), so it cannot carry a CSRF
    token: one token would make every page on the site uncacheable. This endpoint
    is safe without it. A forged request can only do what anyone can do by typing
    into the form: ask for a confirmation email to an address, which changes
    nothing until the owner of that address follows the link (double opt-in). It
    also has a honeypot, and per-IP and per-address rate limits.
    """

    form_class = SignUpForm
    record_model = Subscriber
    consent = CONSENT
    template_name = "mailing_list/signup_page.html"
    success_url = reverse_lazy("mailing_list:check_inbox")
    form_id_prefix = "signup-"
    csrf_protected = False
    ip_rate_limits = (SIGNUPS_PER_IP_MINUTE, SIGNUPS_PER_IP_HOUR)
    address_rate_limits = (SIGNUPS_PER_ADDRESS_DAY,)
    crumbs = [("Mailing list", None)]
    extra_context = LIST_PAGE_CONTEXT
    logger = logger
    log_label = "Mailing-list sign-up"

    def get_form(self, form_class=None):
        self.form = super().get_form(form_class)
        return self.form

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 303 and response["Location"] == str(self.success_url):
            if address := typed_address(self.form):
                response.set_signed_cookie(
                    ADDRESS_COOKIE,
                    address,
                    salt=ADDRESS_COOKIE_SALT,
                    max_age=ADDRESS_COOKIE_SECONDS,
                    path=str(self.success_url),
                    secure=request.is_secure(),
                    httponly=True,
                    samesite="Lax",
                )
        return response

    def get_sign_up_kwargs(self, form):
        data = form.cleaned_data
        return {
            **super().get_sign_up_kwargs(form),
            "details": {"name": data["name"], **Subscriber.interest_details(data["interests"])},
            "choices": {"interests": sorted(data["interests"])},
        }


def typed_address(form):
    """The email address in a sign-up form, if it is a well-formed one.

    Read the same way for a person and for a bot caught by the honeypot, so the
    answer to both stays the same; anything that is not an address is not kept
    (the form takes posts from other sites, so this must not repeat any text).
    """
    field = form.fields["email"]
    try:
        return field.clean(field.widget.value_from_datadict(form.data, form.files, form.add_prefix("email")))
    except ValidationError:
        return ""


class ListPageView(TemplateView):
    crumb = ""
    extra_context = LIST_PAGE_CONTEXT

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "crumbs": crumbs(self.crumb)}


@method_decorator(never_cache, name="dispatch")
class CheckInboxView(ListPageView):
    """Says where the email went: the address comes from the cookie the sign-up
    set in this browser (see ADDRESS_COOKIE); without it, the page says "you"."""

    template_name = "mailing_list/check_inbox.html"
    crumb = "Check your email"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "from_address": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
            "typed_address": self.request.get_signed_cookie(
                ADDRESS_COOKIE, default="", salt=ADDRESS_COOKIE_SALT, max_age=ADDRESS_COOKIE_SECONDS
            ),
        }


class ConfirmedView(ListPageView):
    template_name = "mailing_list/confirmed.html"
    crumb = "You are on the list"


class UnsubscribedView(ListPageView):
    template_name = "mailing_list/unsubscribed.html"
    crumb = "You have left the list"


class SubscriberLinkMixin:
    """What every page behind a mailing-list link shares."""

    model = Subscriber
    extra_context = LIST_PAGE_CONTEXT
    parent_crumb = ("Mailing list", reverse_lazy("mailing_list:signup"))
    start_again_url = reverse_lazy("mailing_list:signup")
    start_again_text = "Sign up again"

    def get_context_data(self, **kwargs):
        context = {
            **super().get_context_data(**kwargs),
            "unsubscribe_path": reverse("mailing_list:unsubscribe", args=[self.record.make_token("manage")]),
        }
        # A preferences link expires; a page reached through a link that never
        # does (unsubscribe) offers a fresh one only while that link is recent.
        if self.action != "manage" or self.token_is_recent(Subscriber.preferences_max_age):
            context["preferences_path"] = reverse(
                "mailing_list:preferences", args=[self.record.make_token("preferences")]
            )
        return context


class ConfirmView(SubscriberLinkMixin, shared.ConfirmRecordView):
    """The link in the confirmation email: a page with a "Yes, add me" button."""

    template_name = "mailing_list/confirm.html"
    crumb = "Confirm"
    success_url = reverse_lazy("mailing_list:confirmed")


class UnsubscribeView(SubscriberLinkMixin, shared.WithdrawRecordView):
    """The unsubscribe link in every email and in the List-Unsubscribe header,
    including RFC 8058 one-click unsubscribe from the person's mail program."""

    template_name = "mailing_list/unsubscribe.html"
    crumb = "Unsubscribe"
    success_url = reverse_lazy("mailing_list:unsubscribed")
    one_click = True
    one_click_template_name = "mailing_list/unsubscribed.html"
    logger = logger
    log_label = "Mailing-list unsubscribe"


class PreferencesView(SubscriberLinkMixin, shared.TokenView):
    """Change interests (or name), or leave, from the link in every email."""

    action = "preferences"
    template_name = "mailing_list/preferences.html"
    crumb = "Your choices"
    start_again_text = "Get a new link"

    def get_record(self, token):
        try:
            return super().get_record(token)
        except TokenError as error:
            if error.reason != "invalid":
                raise
            # Emails sent before preferences links had their own signature
            # carried the unsubscribe link's; honour those for as long as a
            # preferences link lasts, and no longer.
            return Subscriber.from_token(token, "manage", max_age=Subscriber.preferences_max_age)

    def get_link_problem_context(self, reason):
        return {
            **super().get_link_problem_context(reason),
            "expired_lead": (
                f"For your safety, the link to change your choices works for "
                f"{Subscriber.preferences_max_age.days} days. Every email we send has a fresh one."
            ),
            "expired_next": (
                "To get a new link now, type your email address on the sign-up page: "
                "we will email you a link to your choices. To stop our emails, use the "
                "unsubscribe link in any email we have sent you: it always works."
            ),
        }

    def get_form(self, data=None):
        record = self.record
        return PreferencesForm(
            data,
            auto_id="preferences-%s",
            initial={"name": record.name, "interests": [interest.value for interest in record.interests]},
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(form=self.get_form(), saved=request.GET.get("saved") == "1")
        )

    def post(self, request, *args, **kwargs):
        if self.record.status == Subscriber.Status.WITHDRAWN:
            return self.get(request, *args, **kwargs)
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        details = {
            "name": form.cleaned_data["name"],
            **Subscriber.interest_details(form.cleaned_data["interests"]),
        }
        Subscriber.objects.filter(pk=self.record.pk).exclude(status=Subscriber.Status.WITHDRAWN).update(
            **details
        )
        return HttpResponseSeeOther(reverse("mailing_list:preferences", args=[self.token]) + "?saved=1")
