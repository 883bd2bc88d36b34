"""The public list of signatories at /pledge/signatories/, declared on the
shared listing (socialcarefuture/listing.py): search by name or organisation,
filter by type of organisation, newest first, 24 a page (two or three across)."""

from socialcarefuture.listing import ChoiceFacet, Listing, ListingFilterSet, SearchFilter

from .models import OrganisationType


class SignatoryFilters(ListingFilterSet):
    q = SearchFilter(fields=["name", "organisation"], label="Name or organisation")
    type = ChoiceFacet(
        OrganisationType.choices,
        field_name="organisation_type",
        label="Type of organisation",
        all_label="All types",
        describe="({})",
        counts_in_select=True,
        unknown_message="We do not have a type of organisation called “{value}”. Choose one from the list.",
    )


class SignatoryListing(Listing):
    filterset_class = SignatoryFilters
    per_page = 24
    noun, noun_plural = "signatory", "signatories"
    id_prefix = "signatories"
    order_description = "newest first"
    form_heading, search_label, filters_legend, submit_label = (
        "Find someone who has signed",
        "Search by name or organisation",
        "Filter signatories",
        "Show signatories",
    )
