"""The shared listing (socialcarefuture/listing.py), declared here for things
that are not blog posts: mailing-list records (a plain model, searched by
field) and pictures (searched through Wagtail's index, filtered by collection).
The blog's own behaviour is tested in tests/blog/test_pages.py."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection

from socialcarefuture.listing import (
    ChoiceFacet,
    Listing,
    ListingFilterSet,
    ModelFacet,
    SearchFilter,
    YearFacet,
)
from socialcarefuture.mailing_list.models import Subscriber
from tests.factories import ImageFactory

STATUSES = [("pending", "Waiting"), ("confirmed", "On the list"), ("withdrawn", "Left")]


class PeopleFilters(ListingFilterSet):
    q = SearchFilter(fields=["name", "email"], label="Name or email")
    status = ChoiceFacet(STATUSES, label="Status", all_label="Any status", describe="who are {}")
    year = YearFacet(field_name="signed_up_at", label="Year", all_label="Any year", describe="from {}")


class PeopleListing(Listing):
    filterset_class = PeopleFilters
    noun, noun_plural = "person", "people"
    per_page = 3


class PictureFilters(ListingFilterSet):
    q = SearchFilter()
    collection = ModelFacet(
        Collection.objects.filter(depth__gt=1),
        to_field="name",
        text_field="name",
        label="Collection",
        show_empty=True,
    )


class PictureListing(Listing):
    filterset_class = PictureFilters
    noun, noun_plural = "picture", "pictures"


def listing(cls, query="", queryset=None):
    request = RequestFactory().get("/things/" + (f"?{query}" if query else ""))
    if queryset is None:
        queryset = Subscriber.objects.order_by("name") if cls is PeopleListing else None
    return cls(request, queryset, url="/things/", title="Things")


def person(name, status, year):
    moment = timezone.make_aware(datetime.datetime(year, 3, 1, 12))
    return Subscriber.objects.create(
        email=f"{name.lower()}@example.org", name=name, status=status, signed_up_at=moment
    )


@pytest.fixture
def people(db):
    return [
        person("Ada", "confirmed", 2024),
        person("Bea", "confirmed", 2025),
        person("Cal", "pending", 2025),
        person("Dev", "withdrawn", 2023),
        person("Eli", "confirmed", 2025),
    ]


def names(result):
    return [item.name for item in result.page_obj]


def test_filters_combine_and_options_carry_counts_and_links(people):
    result = listing(PeopleListing, "status=confirmed&year=2025")
    assert names(result) == ["Bea", "Eli"]
    status = result.filters["status"]
    # Each facet counts the items the OTHER filters leave: the statuses of people from
    # 2025 (nobody from 2025 left, so "Left" is not offered), the years of people on the list.
    assert [(o.value, o.text, o.count, o.selected) for o in status.options] == [
        ("pending", "Waiting", 1, False),
        ("confirmed", "On the list", 2, True),
    ]
    year = result.filters["year"]
    assert [(o.value, o.count) for o in year.options] == [("2025", 2), ("2024", 1)]
    # Each option's link keeps the other filters, and leads to as many items as it says.
    assert year.options[1].url == "/things/?status=confirmed&year=2024"
    assert names(listing(PeopleListing, "status=confirmed&year=2024")) == ["Ada"]
    assert result.description == "people who are On the list from 2025"
    assert result.title == "Things: people who are On the list from 2025"
    assert result.canonical_params == ("status", "year", "page")
    assert not result.noindex


def test_every_count_is_what_its_link_shows_with_a_search_too(people):
    result = listing(PeopleListing, "q=bea&year=2025")
    assert names(result) == ["Bea"]
    status = result.filters["status"]
    assert [(o.value, o.count) for o in status.options] == [("confirmed", 1)]
    assert [(o.value, o.count) for o in result.filters["year"].options] == [("2025", 1)]
    for option in status.options + result.filters["year"].options:
        query = option.url.partition("?")[2]
        assert len(listing(PeopleListing, query).page_obj.paginator.object_list) == option.count, option


def test_a_chosen_option_with_nothing_left_stays_chosen(people):
    result = listing(PeopleListing, "status=withdrawn&year=2025")
    assert names(result) == []
    status = result.filters["status"]
    assert [(o.value, o.count, o.selected) for o in status.options][-1] == ("withdrawn", 0, True)
    assert sum(o.selected for o in status.options) == 1


def test_each_active_filter_can_be_removed(people):
    result = listing(PeopleListing, "q=a&status=confirmed&year=2024")
    assert [(f.label, f.text, f.remove_url) for f in result.active_filters] == [
        ("Name or email", "‘a’", "/things/?status=confirmed&year=2024"),
        ("Status", "On the list", "/things/?q=a&year=2024"),
        ("Year", "2024", "/things/?q=a&status=confirmed"),
    ]
    assert names(result) == ["Ada"]
    # A search is not a page for search engines.
    assert result.noindex


def test_search_by_field_needs_every_word(people):
    assert names(listing(PeopleListing, "q=example.org")) == ["Ada", "Bea", "Cal"]  # page 1 of 2
    assert names(listing(PeopleListing, "q=bea+example")) == ["Bea"]
    assert names(listing(PeopleListing, "q=bea+nobody")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=lost", "We could not find the status “lost”"),
        ("year=20x5", "“20x5” is not a year we can show people for"),
        ("year=１９９９", "is not a year"),
        ("year=1850", "is not a year"),
        ("status=confirmed&year=nope", "“nope” is not a year"),
    ],
)
def test_values_we_do_not_know_empty_the_list_and_say_why(people, query, message):
    result = listing(PeopleListing, query)
    assert names(result) == []
    assert result.noindex
    assert len(result.unknown_filters) == 1
    assert message in result.unknown_filters[0].unknown_message
    # Every link on the page leaves the unknown value out.
    for option in result.filters["status"].options + result.filters["year"].options:
        assert "lost" not in option.url and "nope" not in option.url and "x5" not in option.url


@pytest.mark.parametrize(
    "query",
    [
        "status=%00",
        "q=%00%01&year=2025",
        "status=" + "x" * 5000,
        "q=" + "word+" * 400,
        "q=%22%27%3C%3E",
        "status=confirmed&status=<script>",
        "year=2025%0D%0ASet-Cookie:x",
        "page=-1",
        "page=99999999999999999999",
        "q=%F0%9F%8C%BB+%E2%80%AE",
    ],
)
def test_junk_never_raises(people, query):
    result = listing(PeopleListing, query)
    assert result.page_obj.number >= 1
    for item in result.active_filters:
        assert len(item.text) <= 202
        assert "\x00" not in item.text


def test_pagination_keeps_the_filters(people):
    result = listing(PeopleListing, "status=confirmed&page=1")
    assert result.query_string == "status=confirmed"
    assert names(result) == ["Ada", "Bea", "Eli"]
    result = listing(PeopleListing, "page=2")
    assert names(result) == ["Dev", "Eli"]
    assert result.title == "Things (page 2 of 2)"


def test_empty_fields_from_the_form_lead_to_a_short_address(people):
    request = RequestFactory().get("/things/?q=&status=pending&year=&page=2")
    assert PeopleListing.tidy_url(request, "/things/") == "/things/?status=pending&page=2"
    request = RequestFactory().get("/things/?status=pending")
    assert PeopleListing.tidy_url(request, "/things/") is None


def test_queries_do_not_grow_with_the_number_of_items(db):
    counts = {}
    for size in (4, 40):
        Subscriber.objects.all().delete()
        for number in range(size):
            person(f"Person{number:03}", STATUSES[number % 3][0], 2020 + number % 4)
        with CaptureQueriesContext(connection) as queries:
            result = listing(PeopleListing, "status=confirmed&year=2021")
            list(result.page_obj)
            [info.options for info in result.facets]
            result.active_filters  # noqa: B018 - what the template reads
        counts[size] = len(queries)
    assert counts[4] == counts[40], counts


# A model in Wagtail's search index, filtered through a relation --------------------------------


@pytest.fixture
def pictures(db):
    root = Collection.get_first_root_node()
    gardens = root.add_child(name="Gardens")
    kitchens = root.add_child(name="Kitchens")
    root.add_child(name="Empty shelf")
    return [
        ImageFactory(title="Tomatoes in raised beds", collection=gardens),
        ImageFactory(title="An allotment in spring", collection=gardens),
        ImageFactory(title="Bread on the table", collection=kitchens),
    ]


def test_a_model_facet_through_a_relation_and_index_search(pictures):
    Image = get_image_model()
    queryset = Image.objects.order_by("title")
    result = listing(PictureListing, "collection=GARDENS", queryset)
    assert [image.title for image in result.page_obj] == ["An allotment in spring", "Tomatoes in raised beds"]
    assert [(o.value, o.count, o.selected) for o in result.filters["collection"].options] == [
        ("Empty shelf", 0, False),
        ("Gardens", 2, True),
        ("Kitchens", 1, False),
    ]
    result = listing(PictureListing, "q=bread", queryset)
    assert [image.title for image in result.page_obj] == ["Bread on the table"]
    result = listing(PictureListing, "q=bread&collection=Gardens", queryset)
    assert list(result.page_obj) == []
    assert not result.unknown_filters
    result = listing(PictureListing, "collection=Attic", queryset)
    assert result.unknown_filters[0].unknown_message.startswith("We could not find the collection “Attic”")
