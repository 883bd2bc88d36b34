"""Mailing-list pages: sign up, check your inbox, confirm, preferences, unsubscribe."""

import logging
from email.utils import parseaddr

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from socialcarefuture.confirmations.abuse import RateLimit, client_ip, first_exceeded, too_many_requests
from socialcarefuture.confirmations.models import WithdrawalMethod, email_digest, normalise_email
from socialcarefuture.confirmations.views import HttpResponseSeeOther, TokenView

from .forms import PreferencesForm, SignUpForm
from .models import CONSENT, Subscriber

logger = logging.getLogger(__name__)

# Limits on sign-ups (RATELIMIT_ENABLE=0 turns them off).
SIGNUPS_PER_IP_MINUTE = RateLimit("mailing-list-ip-minute", limit=5, period=60)
SIGNUPS_PER_IP_HOUR = RateLimit("mailing-list-ip-hour", limit=20, period=60 * 60)
SIGNUPS_PER_ADDRESS_DAY = RateLimit("mailing-list-address-day", limit=3, period=24 * 60 * 60)

PAGE_FORM_ID = "signup-%s"
FOOTER_FORM_ID = "footer-signup-%s"

# Mailing-list pages do not repeat the sign-up form in their footer.
LIST_PAGE_CONTEXT = {"hide_footer_signup": True}


def crumbs(label):
    return [("Mailing list", reverse("mailing_list:signup")), (label, None)]


# The footer form is on every page, and public pages are kept by shared caches
# for a few minutes (socialcarefuture.middleware), so it cannot carry a CSRF
# token: one token would make every page on the site uncacheable. This endpoint
# is safe without it. A forged request can only do what anyone can do by typing
# into the form: ask for a confirmation email to an address, which changes
# nothing until the owner of that address follows the link (double opt-in). It
# also has a honeypot, and per-IP and per-address rate limits.
@method_decorator(csrf_exempt, name="dispatch")
class SignUpView(View):
    """GET: the full sign-up page. POST: the sign-up, from this page or any footer."""

    template_name = "mailing_list/signup_page.html"

    def get(self, request):
        form = SignUpForm(auto_id=PAGE_FORM_ID, initial={"source": request.path})
        return self.render_page(form)

    def post(self, request):
        ip = client_ip(request)
        if limited := first_exceeded([(SIGNUPS_PER_IP_MINUTE, ip), (SIGNUPS_PER_IP_HOUR, ip)]):
            return too_many_requests(request, limited, context=LIST_PAGE_CONTEXT)
        form = SignUpForm(request.POST, auto_id=PAGE_FORM_ID)
        if form.is_bot():
            # Answer exactly as for a person, so the bot learns nothing; keep nothing.
            return HttpResponseSeeOther(reverse("mailing_list:check_inbox"))
        if not form.is_valid():
            return self.render_page(form)
        data = form.cleaned_data
        if limited := first_exceeded([(SIGNUPS_PER_ADDRESS_DAY, normalise_email(data["email"]))]):
            # Counted for every address alike, so it says nothing about who is on the list.
            return too_many_requests(request, limited, context=LIST_PAGE_CONTEXT)
        signup = Subscriber.sign_up(
            email=data["email"],
            details={"name": data["name"], **Subscriber.interest_details(data["interests"])},
            consent=CONSENT,
            source_path=data["source"],
            choices={"interests": sorted(data["interests"])},
        )
        logger.info("Mailing-list sign-up %s: %s", email_digest(data["email"]), signup.outcome)
        # The same answer whatever happened, so nobody can learn who is subscribed.
        return HttpResponseSeeOther(reverse("mailing_list:check_inbox"))

    def render_page(self, form):
        return render(
            self.request,
            self.template_name,
            {"form": form, "crumbs": [("Mailing list", None)], **LIST_PAGE_CONTEXT},
        )


class ListPageView(TemplateView):
    crumb = ""
    extra_context = LIST_PAGE_CONTEXT

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "crumbs": crumbs(self.crumb)}


class CheckInboxView(ListPageView):
    template_name = "mailing_list/check_inbox.html"
    crumb = "Check your email"

    def get_context_data(self, **kwargs):
        # The same page for everyone: it never says which address was typed.
        return {
            **super().get_context_data(**kwargs),
            "from_address": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        }


class ConfirmedView(ListPageView):
    template_name = "mailing_list/confirmed.html"
    crumb = "You are on the list"


class UnsubscribedView(ListPageView):
    template_name = "mailing_list/unsubscribed.html"
    crumb = "You have left the list"


class SubscriberTokenView(TokenView):
    model = Subscriber
    crumb = ""

    def get_context_data(self, **kwargs):
        manage_token = self.record.make_token("manage")
        return {
            **super().get_context_data(**kwargs),
            **LIST_PAGE_CONTEXT,
            "crumbs": crumbs(self.crumb),
            "preferences_path": reverse("mailing_list:preferences", args=[manage_token]),
            "unsubscribe_path": reverse("mailing_list:unsubscribe", args=[manage_token]),
        }

    def get_link_problem_context(self, reason):
        return {
            **LIST_PAGE_CONTEXT,
            "crumbs": crumbs("Link problem"),
            "start_again_url": reverse("mailing_list:signup"),
            "start_again_text": "Sign up again",
        }


class ConfirmView(SubscriberTokenView):
    """The link in the confirmation email.

    GET shows a button; only the POST confirms. Mail security scanners open
    links in emails to check them, and a GET that confirmed would let a scanner
    confirm for the person, which is what double opt-in is there to prevent.
    Following the link again later is harmless: it says they are already on
    the list.
    """

    action = "confirm"
    template_name = "mailing_list/confirm.html"
    crumb = "Confirm"

    def get(self, request, *args, **kwargs):
        if self.record.status == Subscriber.Status.WITHDRAWN:
            return self.link_problem("invalid")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.record.status == Subscriber.Status.WITHDRAWN:
            return self.link_problem("invalid")
        self.record.confirm()
        return HttpResponseSeeOther(reverse("mailing_list:confirmed"))


class UnsubscribeView(SubscriberTokenView):
    """The unsubscribe link in every email and in the List-Unsubscribe header.

    GET shows a page with one button (so that link scanners cannot unsubscribe
    anyone); that button's POST unsubscribes and redirects. A POST whose body is
    ``List-Unsubscribe=One-Click`` comes from the person's mail program (RFC
    8058, as Gmail, Yahoo and Apple Mail send it): it unsubscribes at once and
    answers 200 directly, with no redirect, login or CSRF token.
    """

    action = "manage"
    template_name = "mailing_list/unsubscribe.html"
    crumb = "Unsubscribe"

    def post(self, request, *args, **kwargs):
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        method = WithdrawalMethod.ONE_CLICK if one_click else WithdrawalMethod.LINK
        if self.record.withdraw(method):
            logger.info("Mailing-list unsubscribe %s: %s", email_digest(self.record.email), method)
        if one_click:
            return render(request, "mailing_list/unsubscribed.html", self.get_context_data())
        return HttpResponseSeeOther(reverse("mailing_list:unsubscribed"))


class PreferencesView(SubscriberTokenView):
    """Change interests (or name), or leave, from the link in every email."""

    action = "manage"
    template_name = "mailing_list/preferences.html"
    crumb = "Your choices"

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
