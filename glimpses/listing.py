"""The list of glimpses at /glimpses/, declared on the shared listing
(socialcarefuture/listing.py): two filters that combine, theme and region,
with counts, and the map of England's regions drawn from the region counts."""

from dataclasses import dataclass

from django.utils.functional import cached_property

from socialcarefuture.listing import ChoiceFacet, Listing, ListingFilterSet, ModelFacet, Option
from socialcarefuture.regions import MAP_REGIONS, Region

from .models import GlimpseTheme
from .region_map import VIEW_BOX, london_leader, region_shapes

#: How a region reads in a sentence: "glimpses in the North East", "glimpses online".
REGION_PHRASES = {
    Region.NORTH_EAST: "in the North East",
    Region.NORTH_WEST: "in the North West",
    Region.YORKSHIRE: "in Yorkshire and the Humber",
    Region.EAST_MIDLANDS: "in the East Midlands",
    Region.WEST_MIDLANDS: "in the West Midlands",
    Region.EAST: "in the East of England",
    Region.LONDON: "in London",
    Region.SOUTH_EAST: "in the South East",
    Region.SOUTH_WEST: "in the South West",
    Region.NATIONAL: "across England",
    Region.ONLINE: "online",
}


class RegionPhrase(str):
    """The listing fills ``describe.format(region name)``; a region reads
    better with its own phrase ("across England", not "in Across England")."""

    def format(self, text):
        labels = {str(region.label): phrase for region, phrase in REGION_PHRASES.items()}
        return labels.get(text, f"in {text}")


class GlimpseFilters(ListingFilterSet):
    theme = ModelFacet(
        GlimpseTheme.objects.all(),
        field_name="themes",
        label="Theme",
        all_label="All themes",
        describe="about {}",
    )
    region = ChoiceFacet(
        Region.choices,
        field_name="region",
        label="Region",
        all_label="Anywhere in England",
        describe=RegionPhrase("in {}"),
        show_empty=True,  # the map shows every region, with 0 where there are none
    )


@dataclass
class MapRegion:
    """One region on the map: its outline and labels, and its filter link and count."""

    shape: object
    option: Option

    @property
    def label(self):
        noun = "glimpse" if self.option.count == 1 else "glimpses"
        return f"{self.option.text}: {self.option.count} {noun}"


class GlimpseListing(Listing):
    filterset_class = GlimpseFilters
    per_page = 12
    noun, noun_plural = "glimpse", "glimpses"
    id_prefix = "glimpses"
    order_description = "newest first"
    form_heading, filters_legend, submit_label = "Find a glimpse", "Filter glimpses", "Show glimpses"

    def prepare(self, items):
        return items.for_listing()

    @cached_property
    def theme(self):
        """The theme the list is filtered to, if any (for its description)."""
        return self.filters["theme"].value

    @cached_property
    def themes(self):
        """Each theme with glimpses, as ``(option, theme)``, for the links with icons."""
        by_slug = {theme.slug: theme for theme in GlimpseTheme.objects.all()}
        return [
            (option, by_slug[option.value])
            for option in self.filters["theme"].options
            if option.value in by_slug
        ]

    @cached_property
    def regions(self):
        return {option.value: option for option in self.filters["region"].options}

    @cached_property
    def map_regions(self):
        shapes = region_shapes()
        return [MapRegion(shapes[region], self.regions[region.value]) for region in MAP_REGIONS]

    @cached_property
    def other_regions(self):
        """Across England and online: in the list beside the map, not on it."""
        return [self.regions[region.value] for region in Region if region not in MAP_REGIONS]

    map_view_box = VIEW_BOX

    @property
    def london_leader(self):
        return london_leader()
