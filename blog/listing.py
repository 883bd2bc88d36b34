"""The list of posts at /blog/, declared on the shared listing
(socialcarefuture/listing.py): search, four filters and ten posts a page."""

from django.utils.functional import cached_property
from taggit.models import Tag

from socialcarefuture.listing import Listing, ListingFilterSet, ModelFacet, SearchFilter, YearFacet

from .models import BlogAuthor, BlogCategory


class BlogFilters(ListingFilterSet):
    q = SearchFilter(label="Search")
    category = ModelFacet(
        BlogCategory.objects.all(), label="Category", all_label="All categories", describe="in {}"
    )
    tag = ModelFacet(
        Tag.objects.all(),
        field_name="tagged_items__tag",
        label="Topic",
        all_label="All topics",
        describe="about ‘{}’",
    )
    author = ModelFacet(
        BlogAuthor.objects.all(),
        field_name="post_authors__author",
        label="Author",
        all_label="All authors",
        describe="by {}",
    )
    year = YearFacet(
        field_name="post_date", label="Year", all_label="Any year", describe="from {}", counts_in_select=True
    )


class BlogListing(Listing):
    filterset_class = BlogFilters
    noun, noun_plural = "post", "posts"
    id_prefix = "blog"
    order_description = "newest first"
    form_heading, search_label, filters_legend, submit_label = (
        "Find a post",
        "Search the blog",
        "Filter posts",
        "Show posts",
    )

    draws_only_cards = True

    def prepare(self, items):
        return items.for_listing()

    @cached_property
    def author(self):
        """The author whose page this is (the listing filtered to one author)."""
        return self.filters["author"].value

    @cached_property
    def category(self):
        return self.filters["category"].value
