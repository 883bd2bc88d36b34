"""Glimpses of the future: real examples of care and support that already live
the movement's vision, browsable by theme and region, and a public way to
suggest one.

* ``GlimpseTheme`` (a snippet): what a glimpse is about, with a small icon.
* ``GlimpseIndexPage`` at /glimpses/: the listing with its filters and map, and
  the routes of the suggestion form (/glimpses/share/ and the pages after it).
* ``GlimpsePage``: one glimpse.
* ``GlimpseSuggestion``: the person behind a suggestion, confirmed by email
  (the shared ``ConfirmableRecord``). Once confirmed it becomes a draft
  ``GlimpsePage`` in the convenors' moderation workflow (``moderation.py``).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.forms import CheckboxSelectMultiple
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from socialcarefuture.blocks import BodyBlock
from socialcarefuture.confirmations.models import ConfirmableRecord
from socialcarefuture.images import SOCIAL_RENDITION
from socialcarefuture.listing import ListingPageMixin
from socialcarefuture.models import EASY_READ_PANEL, BasePage, optional_image
from socialcarefuture.queries import CardQuerySet
from socialcarefuture.regions import MAP_REGIONS, Region
from socialcarefuture.utils import absolute_url, organisation_json_ld, unique_slug

from .icons import DEFAULT_ICON, THEME_ICONS
from .panels import SuggestionPanel

# Paths under /glimpses/ that belong to the index page's own routes.
RESERVED_SLUGS = {"share"}


# Themes ---------------------------------------------------------------------------------


class GlimpseTheme(models.Model):
    """What a glimpse is about, such as 'Friendship and belonging'."""

    name = models.CharField(
        max_length=60,
        unique=True,
        help_text="A short name people will understand, for example 'Speaking up'.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text=(
            "Used in the address of the filtered list, for example /glimpses/?theme=speaking-up. "
            "Leave empty to make one from the name."
        ),
    )
    description = models.CharField(
        "short description",
        max_length=200,
        blank=True,
        help_text="One sentence on what glimpses with this theme have in common. Shown above the filtered list.",
    )
    icon = models.CharField(
        max_length=20,
        choices=THEME_ICONS,
        default=DEFAULT_ICON,
        help_text="A small picture shown beside the theme's name on cards and pages.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug")], heading="Name"),
        MultiFieldPanel([FieldPanel("description"), FieldPanel("icon")], heading="How it is shown"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "glimpse theme"
        verbose_name_plural = "glimpse themes"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_url(self, listing_path=None):
        return f"{listing_path or GlimpseIndexPage.get_listing_path()}?theme={self.slug}"


# The index page ---------------------------------------------------------------------------


class GlimpseIndexPage(ListingPageMixin, RoutablePageMixin, BasePage):
    """/glimpses/: every glimpse, filtered by theme and region, with a map; and
    /glimpses/share/, the form to suggest one, with the pages that follow it."""

    introduction = models.TextField(
        max_length=600,
        blank=True,
        help_text="A sentence or two at the top of the page, saying what a glimpse of the future is.",
    )
    suggest_introduction = models.TextField(
        "introduction to the suggestion form",
        max_length=600,
        blank=True,
        default=(
            "Do you know a group, a project or a way of working that already lives our vision? "
            "Tell us about it. Our convenors read every suggestion."
        ),
        help_text="Shown at the top of the page where people suggest a glimpse (/glimpses/share/).",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("suggest_introduction"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["socialcarefuture.HomePage"]
    subpage_types = ["glimpses.GlimpsePage"]
    max_count = 1
    template = "glimpses/glimpse_index_page.html"
    type_label = "Glimpses"
    # Declared in glimpses/listing.py, which imports these models.
    listing_class = "glimpses.listing.GlimpseListing"

    class Meta:
        verbose_name = "glimpses index page"

    @classmethod
    def get_listing_path(cls):
        """The glimpses' own address (``/glimpses/`` on a normal site)."""
        index_page = cls.objects.live().only("id", "url_path", "path", "depth").first()
        if index_page is None:
            return "/glimpses/"
        return index_page.get_url() or "/glimpses/"

    def get_body_text(self):
        return self.introduction

    def get_glimpses(self):
        return GlimpsePage.objects.child_of(self).live().public()

    def get_listing_queryset(self, request):
        return self.get_glimpses().newest_first()

    def route_url(self, name, *args):
        """The path of one of this page's routes, such as ``route_url("thank_you")``."""
        base = (self.url or "/glimpses/").rstrip("/") + "/"
        return base + self.reverse_subpage(name, args=args).lstrip("/")

    # Routes -------------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        return self.serve_listing(request)

    @path("share/", name="share")
    def share_route(self, request):
        from .views import SuggestView

        return SuggestView.as_view(index=self)(request)

    @path("share/check-your-email/", name="check_email")
    def check_email_route(self, request):
        from .views import CheckEmailView

        return CheckEmailView.as_view(index=self)(request)

    # The links in emails (confirm, take it back) are not routes here but
    # plain Django URLs under /glimpses/share/ (glimpses/urls.py): their POST
    # must be CSRF-exempt (the signed token is the proof), and Django's CSRF
    # check runs on Wagtail's page view before any route is reached.

    @path("share/thank-you/", name="thank_you")
    def thank_you_route(self, request):
        from .views import ThankYouView

        return ThankYouView.as_view(index=self)(request)

    @path("share/withdrawn/", name="withdrawn")
    def withdrawn_route(self, request):
        from .views import WithdrawnView

        return WithdrawnView.as_view(index=self)(request)


# Glimpses -----------------------------------------------------------------------------------


class GlimpseQuerySet(CardQuerySet):
    def newest_first(self):
        return self.order_by(F("first_published_at").desc(nulls_last=True), "-pk")

    def for_listing(self):
        """Everything a card needs, in a fixed number of queries."""
        return (
            self.defer_streamfields()
            .with_card_pictures()
            .prefetch_related(Prefetch("themes", queryset=GlimpseTheme.objects.order_by("name")))
        )


GlimpseManager = PageManager.from_queryset(GlimpseQuerySet)


class HighlightBlock(blocks.CharBlock):
    class Meta:
        icon = "tick"
        label = "Point"


class GlimpsePage(BasePage):
    """One glimpse: the story, who makes it happen, where, and why it matters."""

    # Loaded with the page when it answers its address (see BasePage.get_route_queryset).
    card_related = (*BasePage.card_related, "image")
    route_related = card_related

    summary = models.CharField(
        "one-line summary",
        max_length=200,
        help_text="One sentence shown on cards and under the title, for example 'Friends who go to gigs together'.",
    )
    image = optional_image(
        "A bright picture of the glimpse, also used on cards. Its artist credit is shown with it.",
        verbose_name="main picture",
    )
    organisation = models.CharField(
        "who makes it happen",
        max_length=150,
        blank=True,
        help_text="The group, organisation or people behind it, as they like to be called.",
    )
    organisation_url = models.URLField(
        "their website",
        max_length=500,
        blank=True,
        help_text="The full address of their website or social media page, if they have one.",
    )
    place = models.CharField(
        max_length=120,
        blank=True,
        help_text="The town, city or area, for example 'Wokingham' or 'North Tyneside'. Leave empty if it is everywhere.",
    )
    region = models.CharField(
        max_length=30,
        choices=Region.choices,
        help_text="Which part of England it is in. People can filter glimpses by it, and it is shown on the map.",
    )
    themes = ParentalManyToManyField(
        GlimpseTheme,
        blank=True,
        related_name="glimpses",
        help_text="What it is about: one to three themes. New themes are added under Glimpses > Themes.",
    )
    body = StreamField(
        BodyBlock(),
        verbose_name="the story",
        help_text="What happens, who makes it happen and what difference it makes. Keep paragraphs short.",
    )
    highlights = StreamField(
        [("point", HighlightBlock(max_length=160))],
        blank=True,
        max_num=6,
        verbose_name="what makes this a glimpse of the future",
        help_text="Three or four short points, each one sentence. Shown as a highlighted list.",
    )
    more_url = models.URLField(
        "find out more: web address",
        max_length=500,
        blank=True,
        help_text="Where people can find out more, such as a report, a film or a news story.",
    )
    more_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="find out more: a page on this site",
        help_text="Or choose a page on this site, such as a blog post about it. It is used instead of the web address.",
    )
    more_text = models.CharField(
        "find out more: link text",
        max_length=100,
        blank=True,
        help_text="Say where the link goes, for example 'Watch their film'. Leave empty for 'Find out more'.",
    )
    easy_read_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Easy Read document",
        help_text="Or an Easy Read document (such as a PDF) to download. Shown with its type and size.",
    )
    featured = models.BooleanField(
        "show on the vision page",
        default=False,
        help_text="Tick to show this glimpse in the glimpses band on the vision (home) page. Three at most show.",
    )
    suggestion = models.OneToOneField(
        "glimpses.GlimpseSuggestion",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="glimpse_page",
        help_text="The suggestion from the public this draft was made from, if any.",
    )

    content_panels = Page.content_panels + [
        # Who suggested it and their consent, for convenors.
        SuggestionPanel(heading="Suggested by a member of the public"),
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("image")], heading="Summary and picture"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("organisation_url"),
                FieldPanel("place"),
                FieldPanel("region"),
            ],
            heading="Who makes it happen, and where",
        ),
        FieldPanel("themes", widget=CheckboxSelectMultiple),
        FieldPanel("body"),
        FieldPanel("highlights"),
        MultiFieldPanel(
            [FieldPanel("more_url"), PageChooserPanel("more_page"), FieldPanel("more_text")],
            heading="Find out more",
        ),
        # The Easy Read page is the shared BasePage field (easy_read_version).
        MultiFieldPanel(
            [
                FieldPanel("is_easy_read"),
                PageChooserPanel("easy_read_version"),
                FieldPanel("easy_read_document"),
            ],
            heading="Easy Read",
        ),
        FieldPanel("featured"),
    ]
    promote_panels = [panel for panel in BasePage.promote_panels if panel is not EASY_READ_PANEL]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("organisation"),
        index.SearchField("place"),
        index.FilterField("region"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    parent_page_types = ["glimpses.GlimpseIndexPage"]
    subpage_types = []
    template = "glimpses/glimpse_page.html"
    card_template = "glimpses/includes/glimpse_card.html"
    type_label = "Glimpse of the future"
    # A copy is a new glimpse, not the person's suggestion.
    exclude_fields_in_copy = ["suggestion"]

    objects = GlimpseManager()

    class Meta:
        verbose_name = "glimpse"
        verbose_name_plural = "glimpses"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"'{self.slug}' is kept for the suggestion form. Choose another address."}
            )

    # BasePage fallbacks

    def get_main_image(self):
        return self.image

    def get_body_text(self):
        return self.summary

    @property
    def more_link(self):
        """Where "find out more" goes: the chosen page if it is live, else the web address."""
        if self.more_page_id and self.more_page.live:
            return self.more_page.url
        return self.more_url

    # Where and what

    @property
    def is_on_map(self):
        return self.region in MAP_REGIONS

    @property
    def where(self):
        """'Wokingham · South East', or just the region."""
        region = self.get_region_display()
        if self.place and self.place.casefold() != region.casefold():
            return f"{self.place} · {region}"
        return region

    @cached_property
    def theme_list(self):
        """The themes, by name (uses a listing's prefetch when there is one)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("themes")
        if prefetched is not None:
            return list(prefetched)
        return sorted(self.themes.all(), key=lambda theme: theme.name.casefold())

    # Related glimpses

    def get_related(self, limit=3):
        """Live glimpses sharing the most themes (newest first), then others in the same region."""
        live = GlimpsePage.objects.live().public().exclude(pk=self.pk)
        theme_ids = [theme.pk for theme in self.theme_list]
        related = []
        if theme_ids:
            related = list(
                live.annotate(shared=Count("themes", filter=Q(themes__in=theme_ids), distinct=True))
                .filter(shared__gt=0)
                .order_by("-shared", F("first_published_at").desc(nulls_last=True), "-pk")
                .for_listing()[:limit]
            )
        if len(related) < limit:
            related.extend(
                live.filter(region=self.region)
                .exclude(pk__in=[glimpse.pk for glimpse in related])
                .newest_first()
                .for_listing()[: limit - len(related)]
            )
        return related

    # Structured data

    def get_json_ld(self, request=None, listing_path=None):
        url = self.get_absolute_url(request)
        listing_path = listing_path or GlimpseIndexPage.get_listing_path()
        organisation = organisation_json_ld()
        published = self.first_published_at or timezone.now()
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title[:110],
            "description": self.get_summary(),
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "datePublished": published.isoformat(),
            "dateModified": (self.last_published_at or published).isoformat(),
            "inLanguage": "en-GB",
            "publisher": organisation,
            "author": {key: organisation[key] for key in ("@type", "name", "url")},
            "about": [
                {
                    "@type": "DefinedTerm",
                    "name": theme.name,
                    "url": absolute_url(theme.get_url(listing_path)),
                    **({"description": theme.description} if theme.description else {}),
                }
                for theme in self.theme_list
            ],
            "spatialCoverage": self.spatial_coverage(),
        }
        if self.organisation:
            data["mentions"] = [
                {
                    "@type": "Organization",
                    "name": self.organisation,
                    **({"url": self.organisation_url} if self.organisation_url else {}),
                }
            ]
        image = self.get_social_image()
        if image:
            data["image"] = [absolute_url(image.get_rendition(SOCIAL_RENDITION).url)]
        return data

    def spatial_coverage(self):
        """Where the glimpse is, as a schema.org ``Place``."""
        if not self.is_on_map:
            # Across England, or online from anywhere in it.
            return {"@type": "Country", "name": "England"}
        region = self.get_region_display()
        address = {"@type": "PostalAddress", "addressRegion": region, "addressCountry": "GB"}
        if self.place:
            address["addressLocality"] = self.place
        return {"@type": "Place", "name": self.place or region, "address": address}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = GlimpseIndexPage.objects.live().first()
        listing_path = (index_page.get_url(request=request) if index_page else None) or "/glimpses/"
        context["glimpses_url"] = listing_path
        context["share_url"] = index_page.route_url("share") if index_page else None
        context["related_glimpses"] = self.get_related()
        context["share_links"] = self.get_share_links(request)
        context["json_ld"] = self.get_json_ld(request, listing_path=listing_path)
        context["og_type"] = "article"
        return context


# Suggestions from the public ------------------------------------------------------------------


def title_key(title):
    """What makes two suggested titles the same: case, spaces and punctuation aside."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return " ".join(re.findall(r"\w+", text))[:200]


class GlimpseSuggestion(ConfirmableRecord):
    """Someone who suggested a glimpse, and what they told us.

    One record per address and title: the same suggestion sent again (or twelve
    times at once) is the same record. Once the person confirms their address,
    ``on_confirmed`` makes one draft glimpse from it for the convenors.
    """

    connection = models.CharField(
        "their connection to it",
        max_length=200,
        help_text="What they told us about how they know it, in their words.",
    )
    title = models.CharField(max_length=120, help_text="What they called it.")
    title_key = models.CharField(
        max_length=200,
        editable=False,
        help_text="The title without case or punctuation, so that a suggestion sent twice is one record.",
    )
    place = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=30, choices=Region.choices)
    themes = models.ManyToManyField(GlimpseTheme, blank=True, related_name="suggestions")
    story = models.TextField(max_length=5000)
    website = models.URLField(
        "where to find out more", max_length=500, blank=True, help_text="A web address they gave us, if any."
    )
    told_published_at = models.DateTimeField(
        "told it was published",
        null=True,
        blank=True,
        help_text="When we emailed them to say their glimpse is on the site.",
    )

    held_in_label = "Glimpse suggestions"
    status_labels = {
        ConfirmableRecord.Status.PENDING: "Waiting for them to confirm",
        ConfirmableRecord.Status.CONFIRMED: "Confirmed: with the convenors",
        ConfirmableRecord.Status.WITHDRAWN: "Taken back",
    }
    # The links in emails: /glimpses/share/confirm/<token>/ and .../withdraw/<token>/.
    token_url_names = {"confirm": "glimpses:confirm", "manage": "glimpses:withdraw"}
    email_templates = {
        "confirm": "emails/glimpses/confirm",
        "already_confirmed": "emails/glimpses/already_confirmed",
        "received": "emails/glimpses/received",
        "published": "emails/glimpses/published",
        "convenors": "emails/glimpses/convenors",
    }
    # Sent with no record attached, so it is still sent after the record is deleted.
    declined_template = "emails/glimpses/declined"

    class Meta:
        verbose_name = "glimpse suggestion"
        verbose_name_plural = "glimpse suggestions"
        ordering = ["-signed_up_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email_normalised", "title_key"], name="glimpses_one_suggestion_per_address_and_title"
            ),
        ]
        # People make and change these themselves; convenors look, and download.
        default_permissions = ("view",)
        permissions = [("export_glimpsesuggestion", "Can download glimpse suggestions")]

    def __str__(self):
        return f"{self.title} (from {self.email})"

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        super().save(*args, **kwargs)

    @staticmethod
    def index_page():
        return GlimpseIndexPage.objects.first()

    def get_email_context(self, kind):
        context = super().get_email_context(kind)
        page = self.index_page()
        context.update(
            suggestion=self,
            region=self.get_region_display(),
            withdraw_url=self.link("manage"),
            glimpses_url=absolute_url(page.url if page else "/glimpses/"),
            share_url=absolute_url(page.route_url("share") if page else "/glimpses/share/"),
        )
        if kind == "published":
            glimpse = GlimpsePage.objects.filter(suggestion=self).first()
            context["glimpse_url"] = absolute_url(glimpse.url if glimpse else "/")
        if kind == "confirm":
            context["confirm_url"] = self.link("confirm")
            context["confirm_days"] = self.confirm_max_age.days
            context["retention_days"] = self.unconfirmed_retention.days
        return context

    # What happens when they confirm or take it back (moderation.py)

    def on_confirmed(self):
        from .moderation import submit_suggestion

        submit_suggestion(self)

    def on_withdrawn(self, method):
        from .moderation import suggestion_withdrawn

        suggestion_withdrawn(self)

    # Personal data

    def theme_names(self):
        return ", ".join(theme.name for theme in self.themes.all())

    theme_names.short_description = "Themes"

    def draft_status(self):
        page = GlimpsePage.objects.filter(suggestion=self).first()
        if page is None:
            return "No glimpse page yet" if self.status == self.Status.PENDING else "No glimpse page"
        return "Published" if page.live else "Draft, waiting for a convenor"

    draft_status.short_description = "Glimpse page"

    def export_fields(self):
        data = super().export_fields()
        page = GlimpsePage.objects.filter(suggestion=self).first()
        data.update(
            connection=self.connection,
            title=self.title,
            place=self.place,
            region=self.get_region_display(),
            themes=[theme.name for theme in self.themes.all()],
            story=self.story,
            website=self.website,
            told_published_at=self.told_published_at.isoformat() if self.told_published_at else None,
            glimpse_page=(absolute_url(page.url) if page.live else "a draft, not yet published")
            if page
            else None,
        )
        return data
