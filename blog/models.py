"""The blog: an index page with filters, search, a year archive and a feed, and
posts by several authors, with a category, tags, downloads and related posts.

Authors and categories are snippets (see ``wagtail_hooks.py``). A post's date
is optional: without one, the post is dated by its first publication. Every
listing orders and filters on ``post_date``, the two folded together.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import DateField, F, Prefetch, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from socialcarefuture import fragments
from socialcarefuture.blocks import BodyBlock, DocumentBlock
from socialcarefuture.images import SOCIAL_RENDITION
from socialcarefuture.listing import ListingPageMixin
from socialcarefuture.models import BasePage, optional_image
from socialcarefuture.queries import CardQuerySet
from socialcarefuture.utils import absolute_url, join_names, organisation_json_ld, unique_slug

from .feeds import BlogFeed

# Paths under the blog that belong to the index's own routes, not to posts.
RESERVED_SLUGS = {"feed"}

TEAM_NAME = "the Social Care Future team"


# Snippets ---------------------------------------------------------------------------


class BlogAuthor(models.Model):
    """Someone who writes for the blog: a convenor, a member or a guest writer."""

    name = models.CharField(
        max_length=120,
        help_text="Their name as they like it written, for example 'Jo Whitfield'.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text=(
            "Used in the address of their page of posts, for example /blog/?author=jo-whitfield. "
            "Leave empty to make one from their name."
        ),
    )
    role = models.CharField(
        max_length=150,
        blank=True,
        help_text="A few words on who they are, for example 'Convenor' or 'Member of the People Power network'.",
    )
    bio = models.TextField(
        "short bio",
        max_length=600,
        blank=True,
        help_text="Two or three sentences about them, in their own words if possible. Shown under their posts.",
    )
    photo = optional_image(
        "A photo or drawing of them, only if they are happy to share one. Its credit is shown with it."
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("role")], heading="Who they are"),
        MultiFieldPanel([FieldPanel("bio"), FieldPanel("photo")], heading="Shown under their posts"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "blog author"
        verbose_name_plural = "blog authors"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_url(self, listing_path=None):
        """Their page: the blog filtered to their posts."""
        return f"{listing_path or BlogIndexPage.get_listing_path()}?author={self.slug}"


class BlogCategory(models.Model):
    """One kind of post, for example News, Blog, Publication or Event report."""

    name = models.CharField(
        max_length=60,
        unique=True,
        help_text="A short name people will understand, for example 'Event report'.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Used in the address of the filtered list, for example /blog/?category=news. Leave empty to make one from the name.",
    )
    description = models.CharField(
        max_length=250,
        blank=True,
        help_text="One sentence shown at the top of the list of posts in this category.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "blog category"
        verbose_name_plural = "blog categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_url(self, listing_path=None):
        return f"{listing_path or BlogIndexPage.get_listing_path()}?category={self.slug}"


# The blog index ----------------------------------------------------------------------


class BlogIndexPage(ListingPageMixin, RoutablePageMixin, BasePage):
    """The list of posts at /blog/, with filters, search, a year archive and the feed."""

    introduction = models.TextField(
        max_length=600,
        blank=True,
        help_text="A sentence or two at the top of the blog, saying what people will find here.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["socialcarefuture.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1
    template = "blog/blog_index_page.html"
    type_label = "Blog"
    # Declared in blog/listing.py, which imports these models.
    listing_class = "blog.listing.BlogListing"

    feed_length = 20

    class Meta:
        verbose_name = "blog index page"

    @classmethod
    def get_listing_path(cls):
        """The blog's own address (``/blog/`` on a normal site)."""
        from socialcarefuture.queries import first_live_page

        index_page = first_live_page(cls)
        if index_page is None:
            return "/blog/"
        return index_page.get_url() or "/blog/"

    def get_body_text(self):
        return self.introduction

    def get_posts(self):
        """Live, public posts of this blog, newest first."""
        return BlogPostPage.objects.child_of(self).live().public().newest_first()

    def get_listing_queryset(self, request):
        return self.get_posts()

    def get_listing_url(self, request):
        return self.get_url(request=request) or "/blog/"

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.serve_listing(request)

    @path("feed/", name="feed")
    def feed(self, request):
        return BlogFeed(self)(request)

    @path("feed/about/", name="feed_about")
    def feed_about(self, request):
        """What a feed is and how to follow the blog in one, in plain English."""
        blog_url = self.get_url(request=request)
        feed_path = blog_url + self.reverse_subpage("feed")
        return TemplateResponse(
            request,
            "blog/feed_about.html",
            {
                "blog": self,
                "feed_path": feed_path,
                "feed_url": absolute_url(feed_path),
                "crumbs": [(self.title, blog_url), ("Follow in a feed reader", None)],
            },
        )


# Posts -------------------------------------------------------------------------------


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogPostQuerySet(CardQuerySet):
    def with_post_date(self):
        """Annotate ``post_date``: the date set by hand, else the day of first publication."""
        return self.annotate(
            post_date=Coalesce("date", TruncDate("first_published_at"), output_field=DateField())
        )

    def newest_first(self):
        return self.with_post_date().order_by(
            F("post_date").desc(nulls_last=True), F("first_published_at").desc(nulls_last=True), "-pk"
        )

    def for_listing(self):
        """Everything a card needs, in a fixed number of queries."""
        return (
            self.defer_streamfields()
            .with_card_pictures()
            .select_related("category")
            .prefetch_related(
                Prefetch(
                    "post_authors",
                    queryset=BlogPostAuthor.objects.select_related("author").order_by("sort_order"),
                ),
            )
        )

    def for_feed(self):
        """Everything the feed needs, in a fixed number of queries."""
        return (
            self.defer_streamfields()
            .select_related("category")
            .prefetch_related(
                Prefetch(
                    "post_authors",
                    queryset=BlogPostAuthor.objects.select_related("author").order_by("sort_order"),
                ),
                Prefetch("tagged_items", queryset=BlogPostTag.objects.select_related("tag")),
            )
        )


BlogPostManager = PageManager.from_queryset(BlogPostQuerySet)


class BlogPostPage(BasePage):
    """One post: news, a blog, a publication with its downloads, or an event report."""

    # Loaded with the page when it answers its address (see BasePage.get_route_queryset).
    card_related = (*BasePage.card_related, "hero_image")
    route_related = (*card_related, "category")

    date = models.DateField(
        "post date",
        null=True,
        blank=True,
        help_text=(
            "Leave empty and the post is dated the day it is first published. "
            "Set a date only for posts moved from the old site, or to correct one."
        ),
    )
    category = models.ForeignKey(
        BlogCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text="What kind of post this is. People can filter the blog by it.",
    )
    tags = ClusterTaggableManager(
        "topics",
        through=BlogPostTag,
        blank=True,
        help_text=(
            "Two to five topics, for example 'gatherings' or 'people power'. Start typing to reuse a "
            "topic that already exists. Related posts are found through shared topics."
        ),
    )
    introduction = models.TextField(
        max_length=400,
        blank=True,
        help_text="One or two sentences under the title that say what the post is about. Plain English.",
    )
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="main picture",
        help_text="A bright picture at the top of the post, also used on cards. Its artist credit is shown with it.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="The post itself. Use headings to break it up, and keep paragraphs short.",
    )
    downloads = StreamField(
        [("document", DocumentBlock())],
        blank=True,
        help_text=(
            "For a publication: the report and its Easy Read version, shown together under "
            "'Downloads'. Add one block per report."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("introduction"), FieldPanel("hero_image")],
            heading="Introduction and picture",
        ),
        MultipleChooserPanel(
            "post_authors",
            chooser_field_name="author",
            heading="Authors",
            label="Author",
            help_text="Who wrote the post, in the order to show them. Leave empty to sign it from the team.",
        ),
        MultiFieldPanel(
            # A handful of categories: radio buttons, not a pop-up chooser.
            [FieldPanel("date"), FieldPanel("category", widget=forms.RadioSelect), FieldPanel("tags")],
            heading="Date, category and topics",
        ),
        FieldPanel("body"),
        FieldPanel("downloads"),
        MultipleChooserPanel(
            "related_links",
            chooser_field_name="post",
            heading="Related posts",
            label="Related post",
            max_num=3,
            help_text=(
                "Up to three posts to suggest at the end, in order. Leave empty and we suggest "
                "the newest posts that share a topic with this one."
            ),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("downloads"),
        index.FilterField("date"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("post_authors", [index.RelatedFields("author", [index.SearchField("name")])]),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    template = "blog/blog_post_page.html"

    # The partial listings, related posts, the vision page and site search use for a post.
    card_template = "blog/includes/post_card.html"
    type_label = "Blog post"

    objects = BlogPostManager()

    class Meta:
        verbose_name = "blog post"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"'{self.slug}' is kept for the blog's feed. Choose another address."}
            )

    # Dates

    @property
    def display_date(self):
        """The date to show: ``post_date`` when a listing annotated it, else worked out here."""
        annotated = getattr(self, "post_date", None)
        if annotated:
            return annotated
        if self.date:
            return self.date
        moment = self.first_published_at or self.go_live_at or timezone.now()
        return timezone.localdate(moment)

    @property
    def published_at(self):
        """When the post was published, as an aware datetime (for the feed and JSON-LD)."""
        date = self.display_date
        if self.first_published_at and timezone.localdate(self.first_published_at) == date:
            return self.first_published_at
        return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))

    @property
    def modified_at(self):
        return max(filter(None, [self.last_published_at, self.published_at]))

    # People and topics

    @cached_property
    def authors(self):
        """The post's authors, in order (uses the listing's prefetch when there is one)."""
        links = self.post_authors.all()
        if "post_authors" not in getattr(self, "_prefetched_objects_cache", {}):
            # One query for the links, the authors and their photos (a no-op on
            # the in-memory links of a preview).
            links = links.select_related("author", "author__photo")
        return [link.author for link in links if link.author_id]

    @property
    def byline(self):
        return join_names(author.name for author in self.authors) or TEAM_NAME

    @cached_property
    def tag_list(self):
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("tagged_items")
        if prefetched is not None:
            return sorted((item.tag for item in prefetched), key=lambda tag: tag.name)
        return list(self.tags.order_by("name"))

    # BasePage fallbacks

    def get_main_image(self):
        return self.hero_image

    def get_body_text(self):
        return self.introduction

    # Related posts

    def get_related_posts(self, limit=3):
        """Hand-picked posts first, then the newest that share a topic, ``limit`` at most."""
        picked_ids = []
        for link in self.related_links.all():
            if link.post_id and link.post_id != self.pk and link.post_id not in picked_ids:
                picked_ids.append(link.post_id)
        live = BlogPostPage.objects.live().public()
        picked = {}
        if picked_ids:
            picked = {post.pk: post for post in live.filter(pk__in=picked_ids).with_post_date().for_listing()}
        related = [picked[pk] for pk in picked_ids if pk in picked][:limit]

        tag_ids = [tag.pk for tag in self.tag_list]
        if len(related) < limit and tag_ids:
            sharing = BlogPostTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
            more = (
                live.filter(pk__in=Subquery(sharing))
                .exclude(pk__in=[self.pk, *(post.pk for post in related)])
                .newest_first()
                .for_listing()[: limit - len(related)]
            )
            related.extend(more)
        return related

    # Structured data

    def get_json_ld(self, request=None, listing_path=None):
        url = self.get_absolute_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title[:110],
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "datePublished": self.published_at.isoformat(),
            "dateModified": self.modified_at.isoformat(),
            "inLanguage": "en-GB",
            "publisher": organisation_json_ld(),
        }
        summary = self.get_summary()
        if summary:
            data["description"] = summary
        if self.authors:
            data["author"] = [
                {
                    "@type": "Person",
                    "name": author.name,
                    "url": absolute_url(author.get_url(listing_path)),
                    **({"jobTitle": author.role} if author.role else {}),
                }
                for author in self.authors
            ]
        else:
            organisation = organisation_json_ld()
            data["author"] = [{key: organisation[key] for key in ("@type", "name", "url")}]
        image = self.get_social_image()
        if image:
            data["image"] = [absolute_url(image.get_rendition(SOCIAL_RENDITION).url)]
        if self.category_id:
            data["articleSection"] = self.category.name
        keywords = [tag.name for tag in self.tag_list]
        if keywords:
            data["keywords"] = keywords
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        blog_url = BlogIndexPage.get_listing_path()
        context["blog_url"] = blog_url
        # Read only when the template's fragment is not kept (socialcarefuture/fragments.py).
        context["related_posts"] = SimpleLazyObject(self.get_related_posts)
        context["share_links"] = self.get_share_links(request)
        # The article below the menus is kept drawn, and this with it
        # (socialcarefuture/fragments.py): a kept post asks only for its route.
        context["json_ld"] = fragments.cached(
            "post-json-ld", request, lambda: self.get_json_ld(request, listing_path=blog_url), self.pk
        )
        context["og_type"] = "article"
        return context


class BlogPostAuthor(Orderable):
    """One author of one post, in the order the convenor set."""

    page = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey(
        BlogAuthor,
        on_delete=models.CASCADE,
        related_name="post_links",
        help_text="Choose an author. New authors are added under Blog > Authors in the menu.",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "post author"


class BlogPostRelatedPost(Orderable):
    """A post hand-picked to suggest at the end of another."""

    page = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="related_links")
    post = models.ForeignKey(
        BlogPostPage,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A post readers of this one would enjoy next.",
    )

    panels = [FieldPanel("post")]

    class Meta(Orderable.Meta):
        verbose_name = "related post"
