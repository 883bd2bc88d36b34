"""The list of posts at /blog/: filters that combine, a search that looks at posts
only, the year archive and pagination.

Every filter is looked up by its slug. A value we do not know never raises an
error: it shows as an active filter the reader can remove, and the list is
empty with a clear message.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property
from taggit.models import Tag

from socialcarefuture.text import search_words, tidy
from socialcarefuture.views import paginate

from .models import BlogAuthor, BlogCategory, BlogPostAuthor, BlogPostPage, BlogPostTag

# The order filters appear in, in the query string and on the page.
FILTERS = ("category", "tag", "author", "year")
FILTER_LABELS = {"category": "Category", "tag": "Topic", "author": "Author", "year": "Year", "q": "Search"}
MAX_VALUE_LENGTH = 100
SEARCH_MAX_LENGTH = 200


@dataclass
class ActiveFilter:
    name: str  # the query-string parameter
    label: str  # "Category"
    text: str  # what the reader sees: "News", or the value as given when it is unknown
    known: bool
    remove_url: str


@dataclass
class Option:
    value: str
    text: str
    selected: bool


@dataclass
class YearLink:
    year: int
    count: int
    url: str
    current: bool


class BlogListing:
    def __init__(self, index, request):
        self.index = index
        self.request = request
        self.url = index.get_url(request=request) or "/blog/"
        self.values = self._read(request.GET)
        self.search_query = self.values.get("q", "")
        self.category = self.tag = self.author = self.year = None
        self.unknown = set()
        self._look_up_filters()
        self.page_obj = paginate(request, self.get_posts(), index.posts_per_page)

    # Reading the query string

    @classmethod
    def tidy_url(cls, index, request):
        """The same address without empty filters, or ``None`` when it is tidy already."""
        names = ("q", *FILTERS)
        query = request.GET
        if not any(name in query and not query.get(name, "").strip() for name in names):
            return None
        params = [(name, query[name]) for name in names if query.get(name, "").strip()]
        page = query.get("page", "")
        if page and page != "1":
            params.append(("page", page))
        url = index.get_url(request=request) or "/blog/"
        return url + ("?" + urlencode(params) if params else "")

    @staticmethod
    def _read(query):
        values = {}
        for name in FILTERS:
            value = tidy(query.get(name, ""), MAX_VALUE_LENGTH)
            if value:
                values[name] = value
        search = tidy(query.get("q", ""), SEARCH_MAX_LENGTH)
        if search:
            values["q"] = search
        return values

    def _look_up_filters(self):
        lookups = {
            "category": lambda value: BlogCategory.objects.filter(slug=value.lower()).first(),
            "tag": lambda value: Tag.objects.filter(slug=value.lower()).first(),
            "author": lambda value: BlogAuthor.objects.filter(slug=value.lower()).first(),
            "year": self._parse_year,
        }
        for name, look_up in lookups.items():
            value = self.values.get(name)
            if value is None:
                continue
            found = look_up(value)
            if found is None:
                self.unknown.add(name)
            else:
                setattr(self, name, found)

    @staticmethod
    def _parse_year(value):
        if value.isascii() and value.isdigit() and 1900 <= int(value) <= 2100:
            return int(value)
        return None

    @property
    def has_unknown_filter(self):
        return bool(self.unknown)

    @property
    def is_filtered(self):
        return bool(self.values)

    # The posts

    @cached_property
    def live_posts(self):
        """Live, public posts of this blog (``public()`` costs a query: work it out once)."""
        return BlogPostPage.objects.child_of(self.index).live().public()

    def get_posts(self):
        posts = self.live_posts.newest_first()
        if self.unknown:
            return posts.none()
        if self.category:
            posts = posts.filter(category=self.category)
        if self.tag:
            posts = posts.filter(pk__in=BlogPostTag.objects.filter(tag=self.tag).values("content_object_id"))
        if self.author:
            posts = posts.filter(pk__in=BlogPostAuthor.objects.filter(author=self.author).values("page_id"))
        if self.year:
            posts = posts.filter(post_date__year=self.year)
        if self.search_query:
            # The search backend cannot filter on tags and authors, so it finds the
            # matching posts and the database does the rest (newest first).
            words = search_words(self.search_query)
            if not words:
                return posts.none()
            matches = BlogPostPage.objects.live().only("pk").search(words, order_by_relevance=False)
            posts = posts.filter(pk__in=[match.pk for match in matches])
        return posts.for_listing()

    # Links that keep the other filters

    def url_with(self, **changes):
        """The listing's address with some values changed (``None`` removes one); always page 1.

        Values we could not make sense of are left out: every link on the page
        leads somewhere with posts to show.
        """
        known = {name: value for name, value in self.values.items() if name not in self.unknown}
        values = {**known, **changes}
        params = [(name, values[name]) for name in ("q", *FILTERS) if values.get(name) not in (None, "")]
        return self.url + ("?" + urlencode(params) if params else "")

    @property
    def query_string(self):
        """The current filters, URL-encoded, for the pagination links."""
        return self.url_with().partition("?")[2]

    # What the page shows

    @cached_property
    def active_filters(self):
        active = []
        if self.search_query:
            active.append(ActiveFilter("q", "Search", f"‘{self.search_query}’", True, self.url_with(q=None)))
        names = {
            "category": lambda: self.category.name,
            "tag": lambda: self.tag.name,
            "author": lambda: self.author.name,
            "year": lambda: str(self.year),
        }
        for name in FILTERS:
            if name not in self.values:
                continue
            known = name not in self.unknown
            text = names[name]() if known else self.values[name]
            active.append(ActiveFilter(name, FILTER_LABELS[name], text, known, self.url_with(**{name: None})))
        return active

    @cached_property
    def unknown_filters(self):
        return [item for item in self.active_filters if not item.known]

    @cached_property
    def description(self):
        """What the list shows, in words: 'posts in News by Jo Sample from 2020'."""
        parts = []
        if self.category:
            parts.append(f"in {self.category.name}")
        if self.tag:
            parts.append(f"about ‘{self.tag.name}’")
        if self.author:
            parts.append(f"by {self.author.name}")
        if self.year:
            parts.append(f"from {self.year}")
        if self.search_query:
            parts.append(f"matching ‘{self.search_query}’")
        return " ".join(["posts", *parts]) if parts else ""

    @cached_property
    def title(self):
        """For the ``<title>``: changes with every filter and page, for screen-reader users."""
        title = self.index.seo_title or self.index.title
        if self.description:
            title = f"{title}: {self.description}"
        if self.page_obj.number > 1:
            title = f"{title} (page {self.page_obj.number} of {self.page_obj.paginator.num_pages})"
        return title

    @cached_property
    def category_options(self):
        live = self.live_posts
        categories = BlogCategory.objects.filter(Exists(live.filter(category=OuterRef("pk"))))
        return self._options(categories, self.category, "slug", "name")

    @cached_property
    def tag_options(self):
        live = self.live_posts.values("pk")
        tags = Tag.objects.filter(
            Exists(BlogPostTag.objects.filter(tag=OuterRef("pk"), content_object_id__in=live))
        ).order_by("name")
        return self._options(tags, self.tag, "slug", "name")

    @cached_property
    def author_options(self):
        live = self.live_posts.values("pk")
        authors = BlogAuthor.objects.filter(
            Exists(BlogPostAuthor.objects.filter(author=OuterRef("pk"), page_id__in=live))
        ).order_by("name")
        return self._options(authors, self.author, "slug", "name")

    @cached_property
    def years(self):
        """The 'past posts' archive: every year with posts, newest first, with its count."""
        rows = (
            self.live_posts.with_post_date()
            .annotate(year=ExtractYear("post_date"))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return [
            YearLink(
                row["year"], row["count"], self.url_with(year=str(row["year"])), row["year"] == self.year
            )
            for row in rows
            if row["year"]
        ]

    @cached_property
    def year_options(self):
        return [Option(str(link.year), f"{link.year} ({link.count})", link.current) for link in self.years]

    @staticmethod
    def _options(queryset, current, value_field, text_field):
        current_pk = current.pk if current is not None else None
        return [
            Option(getattr(item, value_field), getattr(item, text_field), item.pk == current_pk)
            for item in queryset.only("pk", value_field, text_field)
        ]
