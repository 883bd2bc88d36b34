"""The pledge: a page with the pledge, its count and the form to sign it, and
the signatures, each confirmed by email (the shared ``ConfirmableRecord``).

* ``PledgePage`` lives at /pledge/. Its routes show the list of signatories
  (/pledge/signatories/) and the pages after signing and after taking a
  signature back. The form, the links in emails and the badge
  (/pledge/badge.svg: Wagtail serves no page address with a dot in it) are
  plain Django views (``pledge/urls.py``, ``pledge/views.py``).
* ``Signature``: one per normalised email address. It counts once it is
  confirmed and stops counting the moment it is withdrawn; the count is always
  read from the database, so it cannot drift however many people sign or leave
  at once.
"""

import hashlib
import json

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from socialcarefuture import page_cache
from socialcarefuture.blocks import BodyBlock
from socialcarefuture.confirmations.models import (
    ConfirmableRecord,
    ConsentWording,
    SignUpOutcome,
    new_key,
)
from socialcarefuture.listing import ListingPageMixin
from socialcarefuture.models import BasePage, optional_image

#: What a person agrees to by signing, shown above the button word for word.
#: Change it freely: changed words become a new stored version, and each
#: person's consent record keeps the version they saw. Whether they chose to be
#: listed, and whether they wrote a comment, is kept with it as their choices.
CONSENT = ConsentWording(
    purpose="pledge",
    text=(
        "When you sign, Social Care Future (hosted by the charity In Control) keeps your name, role, "
        "organisation, type of organisation, email address and any comment, to count your signature "
        "and to email you about it. We show your name, role and organisation on the public list only "
        "if you tick the box to say so, and a comment only after a convenor has read it. We never show "
        "your email address. You can take your signature back at any time, with the link in any email "
        "we send you."
    ),
)

#: The fields a person fills in about themselves, in the order they are shown.
DETAIL_FIELDS = ("name", "role", "organisation", "organisation_type", "comment", "listed")


class OrganisationType(models.TextChoices):
    """The kind of organisation someone signs for. The values appear in
    addresses (/pledge/signatories/?type=council), so keep them."""

    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    SUPPORT_PROVIDER = "support-provider", "Support provider"
    CHARITY = "charity", "Charity"
    USER_LED = "user-led", "User-led organisation"
    EVENTS = "events", "Events organiser"
    GOVERNMENT = "government", "Government"
    OTHER = "other", "Other"


class CommentStatus(models.TextChoices):
    NONE = "none", "No comment"
    WAITING = "waiting", "Waiting for a convenor"
    APPROVED = "approved", "Approved: shown on the list"
    REJECTED = "rejected", "Rejected: not shown"


# Signatures ---------------------------------------------------------------------------------


class SignatureQuerySet(models.QuerySet):
    def counted(self):
        """Signatures that count: confirmed, and not taken back."""
        return self.filter(status=ConfirmableRecord.Status.CONFIRMED)

    def public_list(self):
        """The public list: counted signatures whose owners asked to be listed,
        newest first, with only the fields the list shows (never an address)."""
        return (
            self.counted().filter(listed=True).only(*Signature.PUBLIC_FIELDS).order_by("-confirmed_at", "-pk")
        )


class Signature(ConfirmableRecord):
    """One person's signature of the pledge."""

    # Overrides the shared field for its help text; emptied when they withdraw.
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="As they typed it. Shown on the public list only if they asked to be listed.",
    )
    role = models.CharField(
        "job title or role",
        max_length=150,
        blank=True,
        help_text="As they typed it, for example 'Director of adult social care'.",
    )
    organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation they signed for, or 'Independent'.",
    )
    organisation_type = models.CharField(
        "type of organisation",
        max_length=20,
        choices=OrganisationType.choices,
        blank=True,
        help_text="Visitors can filter the public list by it.",
    )
    listed = models.BooleanField(
        "on the public list",
        default=False,
        help_text="They ticked the box to show their name, role and organisation on the public list.",
    )
    comment = models.TextField(
        "public comment",
        max_length=500,
        blank=True,
        help_text="Why they signed, in their words. Shown on the list only once a convenor approves it.",
    )
    comment_status = models.CharField(
        "comment",
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.NONE,
        db_index=True,
        help_text="A new or changed comment waits for a convenor to approve or reject it.",
    )
    comment_moderated_at = models.DateTimeField("comment checked", null=True, blank=True)
    comment_moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="comment checked by",
    )
    pending_details = models.JSONField(
        "changes waiting for them to confirm",
        default=dict,
        blank=True,
        help_text=(
            "Someone signed again with this address and different details. They apply only when "
            "the owner of the address confirms them from our email."
        ),
    )
    pending_since = models.DateTimeField("changes asked for", null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    held_in_label = "The pledge"
    status_labels = {
        ConfirmableRecord.Status.PENDING: "Waiting to confirm",
        ConfirmableRecord.Status.CONFIRMED: "Signed",
        ConfirmableRecord.Status.WITHDRAWN: "Withdrawn",
    }
    token_url_names = {"confirm": "pledge:confirm", "manage": "pledge:withdraw"}
    email_templates = {
        "confirm": "emails/pledge/confirm",
        "welcome": "emails/pledge/welcome",
        "already_confirmed": "emails/pledge/already_signed",
    }
    #: How a signatory looks in the public list (components/listing_items.html).
    card_template = "pledge/includes/signatory_card.html"
    #: What the public list reads, and nothing more.
    PUBLIC_FIELDS = (
        "id",
        "name",
        "role",
        "organisation",
        "organisation_type",
        "comment",
        "comment_status",
        "confirmed_at",
    )

    class Meta:
        verbose_name = "signature"
        verbose_name_plural = "signatures"
        ordering = ["-signed_up_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["email_normalised"], name="pledge_one_signature_per_address"),
        ]
        indexes = [
            # The public list and the recent signatories: listed and confirmed, newest first.
            models.Index(
                fields=["-confirmed_at", "-id"],
                condition=Q(status="confirmed", listed=True),
                name="pledge_public_list",
            ),
        ]
        # No add or change in the admin: people sign and change their entry themselves.
        default_permissions = ("view",)
        permissions = [
            ("export_signatures", "Can download the list of signatures"),
            ("moderate_comments", "Can approve or reject public comments on the pledge"),
        ]

    # Comments wait for a convenor ------------------------------------------------------

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "comment" in instance.__dict__:
            instance._loaded_comment = instance.comment
        return instance

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "comment" in update_fields:
            if self._sync_comment_status() and update_fields is not None:
                moderation = {"comment_status", "comment_moderated_at", "comment_moderated_by"}
                kwargs["update_fields"] = {*update_fields, *moderation}
        super().save(*args, **kwargs)
        if "comment" in self.__dict__:
            self._loaded_comment = self.comment

    def _sync_comment_status(self):
        """A new or changed comment waits for a convenor; no comment, no status.
        Returns True when it changed the status."""
        before = self.comment_status
        if not self.comment.strip():
            self.comment_status = CommentStatus.NONE
        elif self._state.adding or not hasattr(self, "_loaded_comment"):
            if self.comment_status == CommentStatus.NONE:
                self.comment_status = CommentStatus.WAITING
        elif self.comment != self._loaded_comment:
            self.comment_status = CommentStatus.WAITING
        if self.comment_status != before:
            self.comment_moderated_at = None
            self.comment_moderated_by = None
            return True
        return False

    @property
    def public_comment(self):
        """The comment, once a convenor has approved it; otherwise nothing."""
        return self.comment if self.comment_status == CommentStatus.APPROVED else ""

    @property
    def signed_on(self):
        """The day their signature started to count."""
        return timezone.localdate(self.confirmed_at) if self.confirmed_at else None

    # What a person sees about their own entry ---------------------------------------------

    @classmethod
    def describe(cls, values):
        """``[(label, text)]`` for an entry, as the person sees it on the
        confirmation page and in our emails."""
        types = dict(OrganisationType.choices)
        return [
            ("Name", values.get("name") or "—"),
            ("Job title or role", values.get("role") or "—"),
            ("Organisation", values.get("organisation") or "—"),
            ("Type of organisation", types.get(values.get("organisation_type"), "—")),
            ("On the public list", "Yes" if values.get("listed") else "No"),
            ("Comment", values.get("comment") or "None"),
        ]

    def current_details(self):
        return {name: getattr(self, name) for name in DETAIL_FIELDS}

    def entry(self):
        return self.describe(self.current_details())

    def pending_entry(self):
        """The entry as it would read with the changes waiting, or ``[]``."""
        if not self.pending_details:
            return []
        return self.describe({**self.current_details(), **self.pending_details})

    def pending_changes_display(self):
        changes = dict(self.describe({**self.current_details(), **self.pending_details}))
        current = dict(self.entry())
        return "; ".join(f"{label}: {text}" for label, text in changes.items() if current[label] != text)

    pending_changes_display.short_description = "Changes waiting for them to confirm"

    def details_digest(self):
        """A fingerprint of what the confirmation page shows. The page sends it
        back with the button, so that nobody can change the details between the
        moment the owner reads them and the moment they press it. The status is
        left out on purpose: a second press of the same button (or a second tab)
        after the first has confirmed must not look like a change of details."""
        shown = {"details": self.current_details(), "pending": self.pending_details}
        return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()[:32]

    # Signing again ----------------------------------------------------------------------------

    def _sign_up_again(self, email, details, now):
        """Someone signed with an address that has a signature already.

        Waiting or withdrawn: nothing is public, so the new details replace the old
        (the shared mechanism does this, and the confirmation page shows them before
        the owner confirms). Confirmed: the entry may be public, and anyone can
        type an address into the form, so a stranger must not be able to change
        someone's public entry. The new details are held in ``pending_details``; the
        email to the owner shows them with a link, and only that link applies them
        (``apply_pending_details``). Either way the signature counts once.
        """
        if self.status != self.Status.CONFIRMED:
            self.pending_details, self.pending_since = {}, None
            return super()._sign_up_again(email, details, now)
        outcome = super()._sign_up_again(email, details, now)  # changes nothing; says which email
        changes = {
            name: value
            for name, value in details.items()
            if name in DETAIL_FIELDS and getattr(self, name) != value
        }
        held = {name: details[name] for name in DETAIL_FIELDS if name in details} if changes else {}
        if held != self.pending_details:
            self.pending_details = held
            self.pending_since = now if held else None
            if held and outcome == SignUpOutcome.ALREADY_CONFIRMED:
                # Only the link in the email about to go out applies these changes.
                self.confirm_key = new_key()
            self.save(update_fields=["pending_details", "pending_since", "confirm_key"])
        return outcome

    def confirm(self):
        """Confirm a waiting signature, or apply changes its owner asked for."""
        if super().confirm():
            return True
        return self.apply_pending_details()

    def apply_pending_details(self):
        """Make held changes the entry (the owner followed our link). Returns
        False if there was nothing to apply."""
        with transaction.atomic():
            record = type(self).objects.select_for_update().get(pk=self.pk)
            if record.status != self.Status.CONFIRMED or not record.pending_details:
                self.refresh_from_db()
                return False
            now = timezone.now()
            for name in DETAIL_FIELDS:
                if name in record.pending_details:
                    setattr(record, name, record.pending_details[name])
            asked_at = record.pending_since or now
            record.pending_details, record.pending_since = {}, None
            record.save()
            # The choices they confirmed are a fresh statement of consent.
            record.consents.create(
                consent_text=CONSENT.stored(),
                given_at=asked_at,
                confirmed_at=now,
                source_path=PledgePage.path_or_default(),
                choices=record.consent_choices(),
            )
            transaction.on_commit(purge_public_pages, robust=True)
        self.refresh_from_db()
        return True

    def consent_choices(self):
        return {"show_on_public_list": bool(self.listed), "public_comment": bool(self.comment)}

    # Hooks from ConfirmableRecord -----------------------------------------------------------

    def on_confirmed(self):
        super().on_confirmed()  # the welcome email
        transaction.on_commit(purge_public_pages, robust=True)

    def on_withdrawn(self, method):
        # Off the count and the list at once (both read the status). Keep only the
        # address, the dates and the consent history, which show what happened;
        # what they told us about themselves goes now.
        self.name = self.role = self.organisation = self.comment = ""
        self.listed = False
        self.pending_details, self.pending_since = {}, None
        transaction.on_commit(purge_public_pages, robust=True)

    def withdraw_url(self):
        return self.link("manage")

    def signed_url(self):
        """Their thank-you page: share links, the badge and the withdraw button."""
        return settings.SITE_URL + reverse("pledge:signed", args=[self.make_token("manage")])

    def get_email_context(self, kind):
        context = super().get_email_context(kind)
        pledge = PledgePage.objects.live().first()
        context.update(
            entry=self.entry(),
            withdraw_url=self.withdraw_url(),
            signed_url=self.signed_url(),
            pledge_url=settings.SITE_URL + PledgePage.path_or_default(),
            confirm_days=self.confirm_max_age.days,
            retention_days=self.unconfirmed_retention.days,
            guidance_url=pledge.guidance_url() if pledge else "",
        )
        if kind == "confirm" or (kind == "already_confirmed" and self.pending_details):
            context["confirm_url"] = self.link("confirm")
        if kind == "already_confirmed":
            context["pending_entry"] = self.pending_entry()
        return context

    def export_fields(self):
        data = super().export_fields()
        data.update(
            role=self.role,
            organisation=self.organisation,
            organisation_type=self.get_organisation_type_display(),
            on_public_list=self.listed,
            comment=self.comment,
            comment_status=self.get_comment_status_display(),
            comment_checked_at=self.comment_moderated_at.isoformat() if self.comment_moderated_at else None,
            changes_waiting_for_confirmation=self.pending_details,
            changes_asked_for_at=self.pending_since.isoformat() if self.pending_since else None,
        )
        return data


def purge_public_pages():
    """A signature was confirmed, withdrawn or moderated: the count and the list
    change on the pledge's pages and on the vision page, so the page cache, the
    kept fragments and a CDN (when one is set up) let go of every page now."""
    page_cache.purge_all("the pledge's signatures changed")


# The pledge page -------------------------------------------------------------------------------


class CommitmentBlock(blocks.TextBlock):
    class Meta:
        icon = "tick"
        label = "Commitment"
        description = "One promise the people who sign make, in a sentence or two."
        form_classname = "commitment-block"


class PledgePage(ListingPageMixin, RoutablePageMixin, BasePage):
    """The pledge at /pledge/: what it is, why it matters, how many have signed,
    the newest signatories and the form; with the public list of signatories."""

    # Loaded with the page when it answers its address (see BasePage.get_route_queryset).
    card_related = (*BasePage.card_related, "image")
    route_related = card_related

    introduction = models.TextField(
        max_length=600,
        blank=True,
        help_text="One or two sentences under the title that say what the pledge is for. Plain English.",
    )
    pledge_heading = models.CharField(
        max_length=120,
        default="Our pledge",
        help_text="The heading above the pledge itself, for example 'Our pledge'.",
    )
    pledge_text = models.TextField(
        "the pledge",
        max_length=800,
        help_text=(
            "The promise people sign, in the first person plural, for example 'We commit that "
            "the events we run...'. Keep it to two or three sentences."
        ),
    )
    commitments = StreamField(
        [("commitment", CommitmentBlock())],
        blank=True,
        help_text="What signing means in practice: one commitment each, in the order to show them.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name="why it matters",
        help_text="Why the pledge matters. Use a heading first, and keep paragraphs short.",
    )
    image = optional_image(
        "A bright picture of people together, shown beside the pledge. Its artist credit is shown with it."
    )
    goal = models.PositiveIntegerField(
        "signature goal",
        null=True,
        blank=True,
        help_text=(
            "How many signatures we are aiming for. The page shows progress towards it. "
            "Leave empty to show the count alone."
        ),
    )
    form_heading = models.CharField(
        "form heading",
        max_length=120,
        default="Sign the pledge",
        help_text="The heading above the form.",
    )
    form_introduction = models.TextField(
        "words above the form",
        max_length=400,
        blank=True,
        help_text="A sentence to encourage people to sign, for example who the pledge is for.",
    )
    thank_you_text = models.TextField(
        "thank-you message",
        max_length=600,
        blank=True,
        help_text="Shown to people once they have confirmed their signature. Say what they can do next.",
    )
    guidance_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="guidance for event organisers",
        help_text="The page with practical guidance for event organisers. Linked from the pledge and the thank-you page.",
    )
    guidance_text = models.TextField(
        "about the guidance",
        max_length=300,
        blank=True,
        help_text="A sentence saying what the guidance covers, shown with the link.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("introduction"),
                FieldPanel("pledge_heading"),
                FieldPanel("pledge_text"),
                FieldPanel("commitments"),
                FieldPanel("image"),
            ],
            heading="The pledge",
        ),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("goal")], heading="Counting signatures"),
        MultiFieldPanel(
            [FieldPanel("form_heading"), FieldPanel("form_introduction"), FieldPanel("thank_you_text")],
            heading="Signing",
        ),
        MultiFieldPanel(
            [PageChooserPanel("guidance_page"), FieldPanel("guidance_text")],
            heading="Guidance for event organisers",
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("pledge_text"),
        index.SearchField("commitments"),
        index.SearchField("body"),
    ]

    parent_page_types = ["socialcarefuture.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pledge/pledge_page.html"
    card_template = "pledge/includes/pledge_card.html"
    type_label = "Campaign"
    listing_class = "pledge.listing.SignatoryListing"

    #: How many of the newest signatories the pledge page shows.
    recent_count = 6
    #: The public addresses whose content changes with every signature (for a CDN purge).
    public_routes = ("", "signatories/", "badge.svg")

    class Meta:
        verbose_name = "pledge page"

    @classmethod
    def path_or_default(cls):
        """The pledge page's address, ``/pledge/`` on a normal site."""
        page = cls.objects.live().only("id", "url_path", "path", "depth").first()
        return (page.get_url() if page else None) or "/pledge/"

    def get_main_image(self):
        return self.image

    def get_body_text(self):
        return self.introduction or self.pledge_text

    def route_url(self, route="", request=None):
        return (self.get_url(request=request) or "/pledge/") + route

    def get_cached_paths(self):
        return ["/" + route for route in self.public_routes]

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request=request)
        if urls:
            urls.append({**urls[0], "location": urls[0]["location"] + "signatories/"})
        return urls

    # What every pledge page shows ------------------------------------------------------------

    @cached_property
    def signature_count(self):
        return Signature.objects.counted().count()

    @property
    def signature_count_text(self):
        return f"{self.signature_count:,}"

    @property
    def goal_percent(self):
        if not self.goal:
            return None
        return min(100, self.signature_count * 100 // self.goal)

    @property
    def goal_text(self):
        return f"{self.goal:,}" if self.goal else ""

    @property
    def goal_progress(self):
        """The count for the progress bar (which cannot go past the goal)."""
        return min(self.signature_count, self.goal or 0)

    @property
    def consent_text(self):
        """What signing means for someone's details, shown above the button."""
        return CONSENT.text

    def recent_signatories(self):
        return list(Signature.objects.public_list()[: self.recent_count])

    @cached_property
    def live_guidance_page(self):
        page = self.guidance_page
        return page if page and page.live else None

    def guidance_url(self):
        return self.live_guidance_page.url if self.live_guidance_page else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pledge"] = self
        return context

    # Routes ------------------------------------------------------------------------------------

    @path("")
    def pledge(self, request):
        from .forms import PledgeForm

        form = PledgeForm(auto_id=PledgeForm.ID_FORMAT, initial={"source": self.route_url(request=request)})
        context = self.get_context(request)
        context.update(form=form, recent=self.recent_signatories(), share_links=self.get_share_links(request))
        return TemplateResponse(request, self.template, context)

    @path("signatories/", name="signatories")
    def signatories(self, request):
        return self.serve_listing(request, template="pledge/signatories.html")

    @path("check-your-inbox/", name="check_inbox")
    def check_inbox(self, request):
        from .views import from_address

        context = self.get_context(request)
        context.update(
            from_address=from_address(),
            confirm_days=Signature.confirm_max_age.days,
            crumbs=self.crumbs("Check your email", request),
        )
        return TemplateResponse(request, "pledge/check_inbox.html", context)

    @path("withdrawn/", name="withdrawn")
    def withdrawn(self, request):
        context = self.get_context(request)
        context["crumbs"] = self.crumbs("Signature withdrawn", request)
        return TemplateResponse(request, "pledge/withdrawn.html", context)

    def crumbs(self, label, request=None):
        """Breadcrumbs for a page under the pledge (its routes show ``crumbs``, not the page's own)."""
        return [(self.title, self.route_url(request=request)), (label, None)]

    # The list of signatories (socialcarefuture/listing.py) -------------------------------------

    def get_listing_queryset(self, request):
        return Signature.objects.public_list()

    def get_listing_url(self, request):
        return self.route_url("signatories/", request=request)

    def get_listing(self, request):
        cached = getattr(self, "_listing", None)
        if cached is not None and cached.request is request:
            return cached
        self._listing = self.get_listing_class()(
            request,
            self.get_listing_queryset(request),
            url=self.get_listing_url(request),
            title="Who has signed the pledge",
        )
        return self._listing

    def get_listing_context(self, request):
        context = super().get_listing_context(request)
        context["canonical_path"] = self.get_listing_url(request)
        context["crumbs"] = self.crumbs("Who has signed", request)
        return context
