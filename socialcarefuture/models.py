"""Site-wide models: images, the abstract base page, the vision (home) page,
standard pages and the site settings."""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .blocks import BodyBlock, MenuBlock, WayOfWorkingBlock
from .publishing.forms import PageForm
from .sections import HomeSection
from .utils import absolute_url, share_links

# Images ---------------------------------------------------------------------


def optional_image(help_text, verbose_name=None):
    """A picture a convenor may choose; if it is deleted, the page keeps working."""
    return models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


class CustomImage(AbstractImage):
    """Every picture carries alt text and a credit for the artist who made it."""

    # Wagtail's own "description" field is its alt text; here it is required.
    description = models.CharField(
        "alt text",
        max_length=255,
        help_text=(
            "Describe what the picture shows for someone who cannot see it, in one "
            "short sentence. For example: 'Three people planting vegetables together "
            "in a community garden'."
        ),
    )
    credit = models.CharField(
        "artist credit",
        max_length=255,
        help_text=(
            "Who made this picture. Shown beside it wherever it appears, "
            "for example 'Illustration by Sam Lee'."
        ),
    )

    admin_form_fields = Image.admin_form_fields + ("credit",)

    @property
    def default_alt_text(self):
        return self.description

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"
        permissions = [("choose_image", "Can choose image")]


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# The base page ----------------------------------------------------------------


EASY_READ_PANEL = MultiFieldPanel(
    [FieldPanel("is_easy_read"), PageChooserPanel("easy_read_version")],
    heading="Easy Read",
)


def easy_read_page_models():
    """Every concrete page type with the Easy Read fields (each subclasses ``BasePage``
    directly, so ``Page`` reaches its table by the model's name)."""
    from wagtail.models import get_page_models

    return [
        model
        for model in get_page_models()
        if issubclass(model, BasePage) and not model._meta.abstract and model._meta.parents.get(Page)
    ]


class BasePage(Page):
    """Fields every page shares: how it looks in listings and when shared."""

    listing_image = optional_image(
        "Shown on cards that link to this page. Leave empty to use the main picture."
    )
    listing_summary = models.TextField(
        "listing summary",
        max_length=300,
        blank=True,
        help_text=(
            "One or two sentences shown on cards and in search results. "
            "Leave empty to use the search description."
        ),
    )
    social_image = optional_image(
        "Shown when someone shares this page on social media (best at 1200 x 630). "
        "Leave empty to use the listing picture."
    )
    social_text = models.CharField(
        "social media text",
        max_length=255,
        blank=True,
        help_text="Shown under the title when the page is shared. Leave empty to use the summary.",
    )
    hide_from_search_engines = models.BooleanField(
        default=False,
        help_text="Tick to ask search engines not to list this page (for example a thank-you page).",
    )
    # Easy Read: any page may have an Easy Read version, and any page may be one.
    easy_read_version = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Easy Read version",
        help_text=(
            "If this page has an Easy Read version, choose it here. A clear link to it "
            "is shown at the top of this page, and a link back on the Easy Read page."
        ),
    )
    is_easy_read = models.BooleanField(
        "this page is Easy Read",
        default=False,
        help_text=(
            "Tick if this page is written in Easy Read. It gets larger text, an Easy Read "
            "label and stronger colours. Use the Easy Read block for its pictures and sentences."
        ),
    )

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="Address and search engines",
        ),
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("listing_image")],
            heading="How this page looks in lists and search results",
        ),
        MultiFieldPanel(
            [FieldPanel("social_text"), FieldPanel("social_image")],
            heading="How this page looks when shared",
        ),
        FieldPanel("hide_from_search_engines"),
        EASY_READ_PANEL,
        # Wagtail's "Show in menus" tick box is left out: the site's menus are
        # chosen in the site settings, and a tick box that did nothing misled people.
        HelpPanel(
            content=(
                "<p>To put this page in the menu at the top or bottom of every page, go to "
                "<strong>Settings</strong>, then <strong>Site settings</strong>, then the "
                "<strong>Menus</strong> tab.</p>"
            ),
            heading="Menus",
        ),
    ]

    # The editing form: clear scheduling and page-address messages (see
    # socialcarefuture/publishing/forms.py). A page type with its own form
    # subclasses PageForm.
    base_form_class = PageForm

    search_fields = Page.search_fields + [
        index.SearchField("listing_summary"),
        index.SearchField("search_description"),
    ]

    # The partial that shows this page type in listings, related items, the vision
    # page and search results. Page types extend components/card.html.
    card_template = "components/card.html"
    # What the page type is called on cards and in search results.
    type_label = "Page"

    class Meta:
        abstract = True

    # Sensible fallbacks for listings and sharing.

    def get_main_image(self):
        """The page's own main picture, if its type has one."""
        return None

    def get_listing_image(self):
        return self.listing_image or self.get_main_image() or self.social_image

    def get_social_image(self):
        return self.social_image or self.get_listing_image()

    def get_body_text(self):
        """Plain text to summarise from when no summary was written."""
        return ""

    def get_summary(self):
        text = self.listing_summary or self.search_description or self.get_body_text()
        return Truncator(text).words(40)

    def get_social_text(self):
        return self.social_text or self.get_summary()

    def get_meta_description(self):
        return self.search_description or self.get_summary()

    # Easy Read

    @cached_property
    def live_easy_read_version(self):
        """The Easy Read version to link to, if it is live and public."""
        if not self.easy_read_version_id:
            return None
        return (
            Page.objects.live()
            .public()
            .filter(pk=self.easy_read_version_id)
            .only("id", "title", "url_path")
            .first()
        )

    @cached_property
    def standard_version(self):
        """For an Easy Read page: the live page of any type whose Easy Read version it is.

        One query whatever the number of page types: each concrete page type that
        has the field is joined from ``Page`` through its own table."""
        if not self.is_easy_read or not self.pk:
            return None
        condition = models.Q()
        for model in easy_read_page_models():
            condition |= models.Q(**{f"{model._meta.model_name}__easy_read_version": self.pk})
        return (
            Page.objects.live()
            .public()
            .filter(condition)
            .exclude(pk=self.pk)
            .only("id", "title", "url_path")
            .order_by("path")
            .first()
        )

    def get_sitemap_urls(self, request=None):
        if self.hide_from_search_engines:
            return []
        return super().get_sitemap_urls(request=request)

    # Serving, in few queries (see socialcarefuture/queries.py)

    @classmethod
    def get_route_queryset(cls):
        """How a page of this type is loaded when it answers an address. A type
        adds ``select_related`` for what its page always shows."""
        return cls._default_manager.select_related(*cls.route_related)

    #: The foreign keys a card of this type shows (its pictures), loaded with it
    #: in listings (``socialcarefuture.queries.CardQuerySet``).
    card_related = ("listing_image", "social_image")
    #: What ``get_route_queryset`` loads with a page of this type.
    route_related = card_related

    @classmethod
    def prepare_cards(cls, pages):
        """Load what cards of this type need beyond the pages' own fields, for a
        list of ``pages`` from anywhere (site search mixes types): one query at
        most, never one per page."""

    def route(self, request, path_components):
        from . import queries

        if path_components:
            return queries.route_below(self, request, path_components)
        if not self.live:
            raise Http404
        if self.get_deferred_fields():  # the site's home page, as a stand-in
            return RouteResult(queries.whole_page(self, request))
        return RouteResult(self)

    def get_view_restrictions(self):
        from . import queries

        if not queries.restricted_sections():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    # Sharing

    def get_absolute_url(self, request=None):
        return absolute_url(self.get_url(request=request))

    def get_share_links(self, request=None):
        return share_links(self.get_absolute_url(request), self.title)


# The vision (home) page ------------------------------------------------------------


class HomePage(BasePage):
    """The vision: the movement's story, how it works, and what is happening now.

    Later apps add their own sections (latest posts, next gatherings, glimpses,
    the pledge count, the mailing list) through the ``home_page_sections`` hook:
    see ``get_sections``.
    """

    hero_heading = models.CharField(
        "main heading",
        max_length=120,
        help_text="The big line at the top of the page. Keep it short and hopeful.",
    )
    vision = RichTextField(
        "vision statement",
        features=["bold", "italic", "link"],
        help_text="The movement's vision in two or three short sentences.",
    )
    hero_image = optional_image("A bright picture beside the vision. Its credit is shown with it.")
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="button links to",
        help_text="Where the main button under the vision goes, for example the About page.",
    )
    hero_link_text = models.CharField(
        "button text",
        max_length=60,
        blank=True,
        default="Find out more about us",
        help_text="Say where the button goes, for example 'Read our story'.",
    )
    ways_heading = models.CharField(
        "heading for how we work",
        max_length=120,
        default="How we make change happen",
    )
    ways_intro = models.TextField(
        "introduction to how we work",
        blank=True,
        max_length=600,
    )
    ways = StreamField(
        [("way", WayOfWorkingBlock())],
        blank=True,
        verbose_name="ways of working",
        help_text="The movement's ways of working, in the order to show them.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name="more content",
        help_text="Anything else for the vision page, shown after the sections below.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("vision"),
                FieldPanel("hero_image"),
                PageChooserPanel("hero_link_page"),
                FieldPanel("hero_link_text"),
            ],
            heading="The vision",
        ),
        MultiFieldPanel(
            [FieldPanel("ways_heading"), FieldPanel("ways_intro"), FieldPanel("ways")],
            heading="How we work",
        ),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("vision"),
        index.SearchField("ways"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "socialcarefuture/home_page.html"
    type_label = "Home"

    class Meta:
        verbose_name = "vision (home) page"

    card_related = (*BasePage.card_related, "hero_image")
    route_related = (*card_related, "hero_link_page")

    def get_main_image(self):
        return self.hero_image

    def get_body_text(self):
        return strip_tags(self.vision)

    def get_sections(self, request):
        """Sections other apps add to the vision page, in order.

        A function registered with ``@hooks.register("home_page_sections")``
        takes ``(page, request)`` and returns ``None`` (nothing to show) or a
        ``socialcarefuture.sections.HomeSection(template, context, order)``.
        """
        sections = []
        for fn in hooks.get_hooks("home_page_sections"):
            section = fn(self, request)
            if section is None:
                continue
            if not isinstance(section, HomeSection):
                raise TypeError(
                    f"{fn.__module__}.{fn.__name__} must return a HomeSection or None, not {section!r}"
                )
            sections.append(section)
        return sorted(sections, key=lambda section: section.order)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the template's fragment is not kept (``fragments.py``).
        context["sections"] = SimpleLazyObject(lambda: self.get_sections(request))
        return context


# Standard pages ------------------------------------------------------------------


class StandardPage(BasePage):
    """About, people power, guidance, privacy, accessibility, contact and the like."""

    introduction = models.TextField(
        max_length=600,
        blank=True,
        help_text="A short opening paragraph in large text. Plain English, two sentences at most.",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        EASY_READ_PANEL,
    ]
    promote_panels = [panel for panel in BasePage.promote_panels if panel is not EASY_READ_PANEL]

    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["socialcarefuture.HomePage", "socialcarefuture.StandardPage"]
    subpage_types = ["socialcarefuture.StandardPage"]
    template = "socialcarefuture/standard_page.html"

    class Meta:
        verbose_name = "standard page"

    def get_body_text(self):
        return self.introduction


# Site settings ------------------------------------------------------------------


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details, social links, the footer and the menus."""

    contact_email = models.EmailField(
        blank=True,
        help_text="The address people can write to. Shown in the footer of every page.",
    )
    twitter_url = models.URLField(
        "Twitter/X address",
        blank=True,
        help_text="The full address, for example https://x.com/socialcarefuture",
    )
    facebook_url = models.URLField(
        "Facebook address",
        blank=True,
        help_text="The full address of the Facebook page.",
    )
    footer_text = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="A short note at the bottom of every page, for example who hosts the movement.",
    )
    main_menu = StreamField(
        MenuBlock(),
        blank=True,
        help_text="The links across the top of every page, in order. Five or six at most.",
    )
    footer_menu = StreamField(
        MenuBlock(),
        blank=True,
        help_text="Links at the bottom of every page, such as the privacy notice and accessibility statement.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("contact_email"),
                    MultiFieldPanel(
                        [FieldPanel("twitter_url"), FieldPanel("facebook_url")],
                        heading="Social media",
                    ),
                    FieldPanel("footer_text"),
                ],
                heading="Contact and footer",
            ),
            ObjectList(
                [FieldPanel("main_menu"), FieldPanel("footer_menu")],
                heading="Menus",
            ),
        ]
    )

    class Meta:
        verbose_name = "site settings"
