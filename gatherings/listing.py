"""The list of gatherings at /gatherings/, on the shared listing
(socialcarefuture/listing.py): upcoming first (soonest first), then past
(newest first), ten a page, filtered by when, format and region."""

from django.utils import timezone

from socialcarefuture.listing import ChoiceFacet, Listing, ListingFilterSet
from socialcarefuture.regions import Region

from .models import Format

WHEN_CHOICES = [("upcoming", "Coming up"), ("past", "Past gatherings")]


class GatheringFilters(ListingFilterSet):
    when = ChoiceFacet(
        WHEN_CHOICES,
        method="filter_when",
        label="When",
        all_label="Coming up and past",
        describe="{}",
        counts_in_select=True,
    )
    format = ChoiceFacet(
        [(value, label) for value, label in Format.choices],
        label="Format",
        all_label="Any format",
        describe="({})",
        counts_in_select=True,
    )
    region = ChoiceFacet(
        Region.choices,
        label="Region",
        all_label="Anywhere",
        describe="in {}",
        counts_in_select=True,
    )

    def filter_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.upcoming(timezone.now())
        if value == "past":
            return queryset.past(timezone.now())
        return queryset


class GatheringListing(Listing):
    filterset_class = GatheringFilters
    noun, noun_plural = "gathering", "gatherings"
    id_prefix = "gatherings"
    order_description = "coming up first"
    form_heading, filters_legend, submit_label = ("Find a gathering", "Filter gatherings", "Show gatherings")

    def prepare(self, items):
        return items.for_listing()

    @property
    def sections(self):
        """The current page's gatherings in two groups: coming up, then past."""
        upcoming, past = [], []
        now = timezone.now()
        for item in self.page_obj:
            (past if item.is_over(now) else upcoming).append(item)
        return [
            group
            for group in (("upcoming", "Coming up", upcoming), ("past", "Past gatherings", past))
            if group[2]
        ]
