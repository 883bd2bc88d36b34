"""The pledge's views that are not routes of its page (``pledge/urls.py``):

* ``SignView`` at /pledge/sign/: the form's POST (from /pledge/ or from its own
  page, which shows the form again with any errors);
* the pages behind the links in our emails: confirm (or apply changes),
  withdraw, and the thank-you page with share links and the badge.

They are Django views, not page routes, because Wagtail serves pages through
one view that Django's CSRF middleware checks, and these must work without a
CSRF token (see ``SignView`` and ``socialcarefuture.confirmations.views``).

And ``badge``, the SVG at /pledge/badge.svg (Wagtail's page addresses cannot
have a dot in them, so it cannot be a route of the page).
"""

import logging
from email.utils import parseaddr

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_safe

from socialcarefuture.confirmations import views as shared
from socialcarefuture.confirmations.abuse import RateLimit
from socialcarefuture.confirmations.views import HttpResponseSeeOther
from socialcarefuture.mailing_list.models import CONSENT as MAILING_LIST_CONSENT
from socialcarefuture.mailing_list.models import Subscriber
from socialcarefuture.utils import absolute_url

from .forms import PledgeForm
from .models import CONSENT, DETAIL_FIELDS, PledgePage, Signature

logger = logging.getLogger(__name__)

# Limits on signing (RATELIMIT_ENABLE=0 turns them off).
SIGNATURES_PER_IP_MINUTE = RateLimit("pledge-ip-minute", limit=5, period=60)
SIGNATURES_PER_IP_HOUR = RateLimit("pledge-ip-hour", limit=20, period=60 * 60)
SIGNATURES_PER_ADDRESS_DAY = RateLimit("pledge-address-day", limit=3, period=24 * 60 * 60)

#: How long browsers and CDNs may keep the badge: the count changes, but a few
#: minutes old is fine on someone else's site.
BADGE_MAX_AGE = 300


def from_address():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def live_pledge():
    """The pledge page. Without a live one there is nothing to sign."""
    pledge = PledgePage.objects.live().public().first()
    if pledge is None:
        raise Http404("There is no pledge page.")
    return pledge


class PledgePageMixin:
    """Every pledge view needs the pledge page (its words, links and address).

    Found in ``setup``, not ``dispatch``: the shared views are exempt from CSRF
    checks through their ``dispatch``, which must stay theirs."""

    pledge = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pledge = live_pledge()

    def pledge_crumbs(self, label):
        return [(self.pledge.title, self.pledge.route_url(request=self.request)), (label, None)]


# Signing -------------------------------------------------------------------------------------


class SignView(PledgePageMixin, shared.SignUpView):
    """GET: the form on a page of its own. POST: a signature, from here or from
    the form on /pledge/.

    No CSRF token, on purpose: the form sits on /pledge/, which shared caches
    keep for a few minutes (socialcarefuture.middleware), and a token would make
    the page uncacheable. Signing is safe without one. A forged request can only
    do what anyone can do by typing into the form: ask for a confirmation email
    to an address. Nothing counts and nothing is shown until the owner of that
    address follows the link in it (double opt-in), and a signature that is
    already confirmed never changes without its owner's say-so (see
    ``Signature._sign_up_again``). There is also a honeypot, and per-IP and
    per-address rate limits.
    """

    form_class = PledgeForm
    record_model = Signature
    consent = CONSENT
    template_name = "pledge/sign_page.html"
    form_id_prefix = "pledge-"
    csrf_protected = False
    ip_rate_limits = (SIGNATURES_PER_IP_MINUTE, SIGNATURES_PER_IP_HOUR)
    address_rate_limits = (SIGNATURES_PER_ADDRESS_DAY,)
    detail_fields = DETAIL_FIELDS
    logger = logger
    log_label = "Pledge signature"

    def get_success_url(self):
        return self.pledge.route_url("check-your-inbox/", request=self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(pledge=self.pledge, crumbs=self.pledge_crumbs(self.pledge.form_heading))
        return context

    def get_sign_up_kwargs(self, form):
        data = form.cleaned_data
        return {
            **super().get_sign_up_kwargs(form),
            "choices": {
                "show_on_public_list": data["listed"],
                "public_comment": bool(data["comment"]),
                "join_mailing_list": data["join_mailing_list"],
            },
        }

    def after_sign_up(self, form, signup):
        """The separate mailing-list box: the mailing list's own sign-up, with its
        own wording and its own confirmation email."""
        data = form.cleaned_data
        if data["join_mailing_list"]:
            Subscriber.sign_up(
                email=data["email"],
                details={"name": data["name"][:100], **Subscriber.interest_details([])},
                consent=MAILING_LIST_CONSENT,
                source_path=data.get("source") or self.request.path,
                choices={"interests": [], "from_the_pledge_form": True},
            )


# The links in our emails ---------------------------------------------------------------------


class SignatureLinkMixin(PledgePageMixin):
    """What every page behind a link in a pledge email shares."""

    model = Signature
    start_again_text = "Go to the pledge"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.parent_crumb = (self.pledge.title, self.pledge.route_url(request=request))
        self.start_again_url = self.pledge.route_url(request=request)

    def get_link_problem_context(self, reason):
        return {**super().get_link_problem_context(reason), "pledge": self.pledge}

    def get_context_data(self, **kwargs):
        manage_token = self.record.make_token("manage")
        return {
            **super().get_context_data(**kwargs),
            "pledge": self.pledge,
            "withdraw_path": reverse("pledge:withdraw", args=[manage_token]),
            "signed_path": reverse("pledge:signed", args=[manage_token]),
        }


class ConfirmView(SignatureLinkMixin, shared.ConfirmRecordView):
    """The link in the confirmation email (and in the email about changes to an
    entry): a page that shows exactly what will count and be shown, with one
    button. Only the POST acts, so a mail scanner following the link changes
    nothing."""

    template_name = "pledge/confirm.html"
    link_problem_template = "pledge/link_problem.html"
    crumb = "Confirm"

    def get_context_data(self, **kwargs):
        record = self.record
        if record.status == Signature.Status.PENDING:
            state = "confirm"
        elif record.pending_details:
            state = "update"
        else:
            state = "done"
        values = record.current_details()
        if state == "update":
            values.update(record.pending_details)
        return {
            **super().get_context_data(**kwargs),
            "state": state,
            "entry": record.describe(values),
            "will_be_listed": bool(values["listed"]),
            "has_comment": bool(values["comment"]),
            "shown": record.details_digest(),
        }

    def post(self, request, *args, **kwargs):
        record = self.record
        if record.status == Signature.Status.WITHDRAWN:
            return self.link_problem("invalid")
        if request.POST.get("shown") != record.details_digest():
            # The details changed after this page was shown (someone signed again
            # with the address): show the page again with what would count now.
            return self.render_to_response(self.get_context_data(changed=True))
        if record.confirm():
            logger.info("Pledge signature %s: confirmed", record.pk)
        return HttpResponseSeeOther(reverse("pledge:signed", args=[record.make_token("manage")]))


class WithdrawView(SignatureLinkMixin, shared.WithdrawRecordView):
    """The "take my signature back" link in every email: a page with one button."""

    template_name = "pledge/withdraw.html"
    link_problem_template = "pledge/link_problem.html"
    crumb = "Take your signature back"
    logger = logger
    log_label = "Pledge withdrawal"

    def get_success_url(self):
        return self.pledge.route_url("withdrawn/", request=self.request)


class SignedView(SignatureLinkMixin, shared.TokenView):
    """The thank-you page, reached from the confirmation button and from the
    link in our emails: what to do next, the badge, and the way to withdraw."""

    action = "manage"
    template_name = "pledge/thank_you.html"
    link_problem_template = "pledge/link_problem.html"
    crumb = "Thank you"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledge_url = self.pledge.get_absolute_url(self.request)
        badge_url = absolute_url(reverse("pledge:badge"))
        context.update(
            share_links=self.pledge.get_share_links(self.request),
            pledge_url=pledge_url,
            badge_path=reverse("pledge:badge"),
            badge_html=render_to_string(
                "pledge/includes/badge_embed.txt", {"pledge_url": pledge_url, "badge_url": badge_url}
            ).strip(),
        )
        return context


# The badge -------------------------------------------------------------------------------------


@require_safe
def badge(request):
    """A small SVG with the count, for signatories to show on their own sites.

    Made to be embedded elsewhere as an ``<img>``: it holds no script, no styles
    and nothing from other sites; ``Content-Security-Policy: default-src 'none'``
    and ``sandbox`` stop anything running even if someone opens it on its own;
    ``nosniff`` (set for every response) keeps it an image; and
    ``Cross-Origin-Resource-Policy: cross-origin`` lets other sites show it
    even when they isolate themselves from cross-origin resources.
    """
    count = live_pledge().signature_count
    svg = render_to_string("pledge/badge.svg", {"count": count, "count_text": f"{count:,}"})
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={BADGE_MAX_AGE}, stale-while-revalidate=60"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Robots-Tag"] = "noindex"
    return response
