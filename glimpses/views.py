"""The pages behind /glimpses/share/: suggest a glimpse, check your email,
confirm, thank you, and take it back. They are routes of the glimpses page
(``GlimpseIndexPage``), built on the shared confirmed-by-email views."""

import logging
from email.utils import parseaddr

from django.conf import settings
from django.http import Http404
from django.views.generic import TemplateView

from socialcarefuture.confirmations import views as shared
from socialcarefuture.confirmations.abuse import RateLimit

from .forms import CONSENT, SuggestionForm
from .models import GlimpseIndexPage, GlimpseSuggestion, title_key

logger = logging.getLogger(__name__)

# Limits on suggestions (RATELIMIT_ENABLE=0 turns them off).
SUGGESTIONS_PER_IP_MINUTE = RateLimit("glimpses-ip-minute", limit=5, period=60)
SUGGESTIONS_PER_IP_HOUR = RateLimit("glimpses-ip-hour", limit=20, period=60 * 60)
SUGGESTIONS_PER_ADDRESS_DAY = RateLimit("glimpses-address-day", limit=5, period=24 * 60 * 60)


class IndexPageMixin:
    """Every page here belongs to the glimpses page (``index``), which links back."""

    index = None
    crumb = ""

    def get_crumbs(self, label=None):
        crumbs = [(self.index.title, self.index.url)]
        if label != "Suggest a glimpse":
            crumbs.append(("Suggest a glimpse", self.index.route_url("share")))
        crumbs.append((label or self.crumb, None))
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("crumbs", self.get_crumbs(self.crumb))
        context.update(index=self.index, glimpses_url=self.index.url, share_url=self.index.route_url("share"))
        return context


class SuggestView(IndexPageMixin, shared.SignUpView):
    """/glimpses/share/: the form. It is a page of its own that no cache keeps
    (its CSRF token makes it private), so it keeps Django's CSRF protection."""

    form_class = SuggestionForm
    record_model = GlimpseSuggestion
    consent = CONSENT
    template_name = "glimpses/suggest.html"
    form_id_prefix = "suggest-"
    csrf_protected = True
    ip_rate_limits = (SUGGESTIONS_PER_IP_MINUTE, SUGGESTIONS_PER_IP_HOUR)
    address_rate_limits = (SUGGESTIONS_PER_ADDRESS_DAY,)
    detail_fields = ("name", "connection", "title", "place", "region", "story", "website")
    crumb = "Suggest a glimpse"
    logger = logger
    log_label = "Glimpse suggestion"

    def get_success_url(self):
        return self.index.route_url("check_email")

    def get_sign_up_kwargs(self, form):
        data = form.cleaned_data
        return {
            **super().get_sign_up_kwargs(form),
            # One record per address and title: the same suggestion sent again is the same record.
            "lookup": {"title_key": title_key(data["title"])},
            "choices": {"themes": sorted(theme.slug for theme in data["themes"]), "region": data["region"]},
        }

    def after_sign_up(self, form, signup):
        # Only while it waits for confirmation: a confirmed suggestion changes
        # only through the convenors (a stranger may have typed the address).
        if signup.record.status == GlimpseSuggestion.Status.PENDING:
            signup.record.themes.set(form.cleaned_data["themes"])

    def too_many_requests(self, limit, form=None):
        if form is None:  # the "please wait" page; with a form, the form again with a message
            self.extra_context = {**(self.extra_context or {}), "crumbs": self.get_crumbs("Please wait")}
        return super().too_many_requests(limit, form)


class CheckEmailView(IndexPageMixin, TemplateView):
    template_name = "glimpses/check_email.html"
    crumb = "Check your email"

    def get_context_data(self, **kwargs):
        # The same page for everyone: it never says which address was typed.
        return {
            **super().get_context_data(**kwargs),
            "from_address": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        }


class ThankYouView(IndexPageMixin, TemplateView):
    template_name = "glimpses/thank_you.html"
    crumb = "Thank you"


class WithdrawnView(IndexPageMixin, TemplateView):
    template_name = "glimpses/withdrawn.html"
    crumb = "Taken back"


class SuggestionLinkMixin(IndexPageMixin):
    """What the pages behind the links in our emails share."""

    model = GlimpseSuggestion
    start_again_text = "Suggest a glimpse again"

    def dispatch(self, request, *args, **kwargs):
        # A URL of its own (glimpses/urls.py), so it finds its glimpses page.
        if self.index is None:
            self.index = GlimpseIndexPage.objects.live().first()
            if self.index is None:
                raise Http404("There is no glimpses page")
        self.start_again_url = self.index.route_url("share")
        return super().dispatch(request, *args, **kwargs)


class ConfirmSuggestionView(SuggestionLinkMixin, shared.ConfirmRecordView):
    """The link in the first email: a page with a button. Pressing it makes the
    draft glimpse for the convenors (``GlimpseSuggestion.on_confirmed``)."""

    template_name = "glimpses/confirm.html"
    crumb = "Confirm your suggestion"

    def get_success_url(self):
        return self.index.route_url("thank_you")


class WithdrawSuggestionView(SuggestionLinkMixin, shared.WithdrawRecordView):
    """The "take it back" link in every email after the first."""

    template_name = "glimpses/withdraw.html"
    crumb = "Take back your suggestion"
    logger = logger
    log_label = "Glimpse suggestion taken back"

    def get_success_url(self):
        return self.index.route_url("withdrawn")
