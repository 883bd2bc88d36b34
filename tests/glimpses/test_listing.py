"""/glimpses/: theme and region filters that combine, with counts; the map of
England's regions and its plain list; clear empty states for unknown values;
and the same number of queries at 10 and at 200 glimpses."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.signal_handlers import disable_reference_index_auto_update

from socialcarefuture.regions import MAP_REGIONS, Region
from tests.factories import ImageFactory
from tests.glimpses.factories import GlimpsePageFactory, GlimpseThemeFactory


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text().split())


def card_titles(page):
    return [link.get_text(strip=True) for link in page.select(".glimpse-cards .card__link")]


@pytest.fixture
def some_glimpses(make_glimpse, themes):
    """Five glimpses in four regions with three themes."""
    friendship, speaking, home = themes["friendship"], themes["speaking-up"], themes["home"]
    make_glimpse("Gig buddies", region="south-west", place="Bristol", themes=[friendship])
    make_glimpse("Daily video calls", region="online", place="", themes=[speaking, friendship])
    make_glimpse("A charter", region="south-east", place="Wokingham", themes=[speaking])
    make_glimpse("Shared lives", region="east-midlands", place="Leicester", themes=[home, friendship])
    make_glimpse("A time bank", region="south-west", place="Falmouth", themes=[])
    make_glimpse("A draft", region="london", themes=[friendship], live=False)
    return themes


@pytest.mark.django_db
def test_the_listing_shows_live_glimpses_newest_first(client, some_glimpses):
    page = soup(client.get("/glimpses/"))
    assert card_titles(page) == [
        "A time bank",
        "Shared lives",
        "A charter",
        "Daily video calls",
        "Gig buddies",
    ]
    assert text(page.select_one(".listing__count")) == "5 glimpses, newest first."
    assert page.find("h2", id="glimpses-results-heading").get_text() == "All glimpses"
    assert len(page.find_all("h1")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected", "heading"),
    [
        (
            "theme=friendship",
            ["Shared lives", "Daily video calls", "Gig buddies"],
            "Glimpses about Friendship and belonging",
        ),
        ("region=south-west", ["A time bank", "Gig buddies"], "Glimpses in the South West"),
        ("region=online", ["Daily video calls"], "Glimpses online"),
        (
            "theme=friendship&region=south-west",
            ["Gig buddies"],
            "Glimpses about Friendship and belonging in the South West",
        ),
        ("theme=speaking-up&region=online", ["Daily video calls"], "Glimpses about Speaking up online"),
        ("theme=home&region=south-west", [], "Glimpses about A home of your own in the South West"),
        (
            "theme=FRIENDSHIP",
            ["Shared lives", "Daily video calls", "Gig buddies"],
            "Glimpses about Friendship and belonging",
        ),
    ],
)
def test_filters_combine(client, some_glimpses, query, expected, heading):
    response = client.get(f"/glimpses/?{query}")
    page = soup(response)
    assert card_titles(page) == expected
    assert page.find("h2", id="glimpses-results-heading").get_text() == heading
    assert f"Glimpses of the future: {heading[0].lower()}{heading[1:]}" in page.title.get_text()
    # A filtered listing is its own page for search engines.
    assert "X-Robots-Tag" not in response
    assert page.find("meta", attrs={"name": "robots"}) is None


@pytest.mark.django_db
def test_a_theme_filter_says_what_the_theme_is(client, some_glimpses):
    page = soup(client.get("/glimpses/?theme=friendship"))
    assert text(page.select_one(".listing__about")) == "Friends and nights out."


@pytest.mark.django_db
def test_the_filter_form_has_counts_works_without_script_and_keeps_choices(client, some_glimpses):
    page = soup(client.get("/glimpses/?theme=friendship&region=south-west"))
    form = page.select_one("form.finder__form")
    assert form["method"] == "get" and form["action"] == "/glimpses/"
    for control in form.select("select"):
        assert page.find("label", attrs={"for": control["id"]}), control
    themes = [option.get_text() for option in form.select("#glimpses-theme option")]
    # Only themes with live glimpses in the region chosen are offered.
    assert themes == ["All themes", "Friendship and belonging"]
    regions = [option["value"] for option in form.select("#glimpses-region option")]
    assert regions == ["", *[region.value for region in Region]]
    assert page.select_one("#glimpses-theme option[selected]")["value"] == "friendship"
    assert page.select_one("#glimpses-region option[selected]")["value"] == "south-west"
    chips = {text(link): link["href"] for link in page.select(".active-filters__list a")}
    assert chips == {
        "Remove filter Theme: Friendship and belonging×": "/glimpses/?region=south-west",
        "Remove filter Region: South West×": "/glimpses/?theme=friendship",
    }
    # Empty fields from the form are dropped by a redirect to the short address.
    response = client.get("/glimpses/?theme=friendship&region=")
    assert (response.status_code, response["Location"]) == (302, "/glimpses/?theme=friendship")


@pytest.mark.django_db
def test_the_map_shows_every_region_with_its_count_and_links_to_its_filter(client, some_glimpses):
    page = soup(client.get("/glimpses/?theme=friendship"))
    svg = page.select_one("svg.region-map")
    assert svg["role"] == "group" and page.find(id=svg["aria-labelledby"]).get_text().startswith(
        "Map of England"
    )
    links = svg.select("a")
    assert len(links) == len(MAP_REGIONS) == 9
    by_label = {link["aria-label"]: link for link in links}
    # Links keep the other filters (here, the theme); counts are of the glimpses with that
    # theme, as everywhere on the shared listing (disjunctive faceting), so a region that
    # says 1 shows one: the South West's time bank has no theme and is not counted.
    assert by_label["South West: 1 glimpse"]["href"] == "/glimpses/?theme=friendship&region=south-west"
    assert by_label["East Midlands: 1 glimpse"]["href"] == "/glimpses/?theme=friendship&region=east-midlands"
    assert by_label["London: 0 glimpses"]["href"] == "/glimpses/?theme=friendship&region=london"
    assert "region-map__region--none" in by_label["London: 0 glimpses"]["class"]
    assert [link.select_one(".region-map__count").get_text() for link in links] == [
        "0", "0", "0", "1", "0", "0", "0", "0", "1",
    ]  # fmt: skip
    for link in links:
        assert link.path["d"].startswith("M") and link.path["d"].endswith("Z")
    # The plain list beside the map is its text equivalent, with the two places not on a map.
    items = [text(item) for item in page.select(".region-list li")]
    assert items[:2] == ["North East (0 glimpses)", "North West (0 glimpses)"]
    assert items[-2:] == ["Across England (0 glimpses)", "Online (1 glimpse)"]
    assert len(items) == 11


@pytest.mark.django_db
def test_the_chosen_region_is_marked_on_the_map_and_in_the_list(client, some_glimpses):
    page = soup(client.get("/glimpses/?region=south-east"))
    current = page.select("svg.region-map a[aria-current]")
    assert [link["aria-label"] for link in current] == ["South East: 1 glimpse"]
    assert text(page.select_one(".region-list a[aria-current]")).startswith("South East")


@pytest.mark.django_db
def test_theme_links_have_icons_and_counts(client, some_glimpses):
    page = soup(client.get("/glimpses/?region=south-west"))
    links = page.select(".theme-finder__link")
    # Counts of the live glimpses in the region chosen (the time bank there has no
    # theme): a theme with none there is not offered. The links keep the region.
    assert [text(link) for link in links] == ["Friendship and belonging (1 glimpse)"]
    assert links[0]["href"] == "/glimpses/?theme=friendship&region=south-west"
    assert links[0].use["href"].endswith("#icon-people")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=nope", "We could not find the theme “nope”"),
        ("region=atlantis", "We could not find the region “atlantis”"),
        ("theme=nope&region=london", "We could not find the theme “nope”"),
    ],
)
def test_unknown_values_show_a_clear_empty_state(client, some_glimpses, query, message):
    response = client.get(f"/glimpses/?{query}")
    page = soup(response)
    assert card_titles(page) == []
    empty = text(page.select_one(".empty-state"))
    assert message in empty
    assert page.select_one(".empty-state a")["href"] == "/glimpses/"
    assert response["X-Robots-Tag"] == "noindex"
    for link in page.select(".region-map a, .theme-finder a"):
        assert "nope" not in link["href"] and "atlantis" not in link["href"]


@pytest.mark.django_db
def test_a_real_region_without_glimpses_says_so(client, some_glimpses):
    page = soup(client.get("/glimpses/?region=north-east"))
    assert "No glimpses match all of these at once" in text(page.select_one(".empty-state"))


@pytest.mark.django_db
def test_no_glimpses_yet(client, glimpses):
    page = soup(client.get("/glimpses/"))
    assert "There are no glimpses yet" in text(page.select_one(".empty-state"))
    assert len(page.select("svg.region-map a")) == 9


@pytest.mark.django_db
def test_the_listing_asks_for_suggestions_at_the_end(client, glimpses):
    page = soup(client.get("/glimpses/"))
    assert page.select_one(".suggest-band a")["href"] == "/glimpses/share/"


@pytest.mark.django_db
def test_pages_of_twelve_keep_the_filters(client, make_glimpse, themes):
    for _ in range(13):
        make_glimpse(themes=[themes["home"]])
    make_glimpse("Not about home")
    page = soup(client.get("/glimpses/?theme=home"))
    assert len(card_titles(page)) == 12
    next_link = page.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "?theme=home&page=2"
    assert len(card_titles(soup(client.get("/glimpses/" + next_link)))) == 1


# Queries ---------------------------------------------------------------------------------------------


def add_glimpses(glimpses, count, image, themes):
    # Wagtail's own switch for making many pages at once: the reference index
    # (which pages link to which) has nothing to do with the listing.
    with disable_reference_index_auto_update():
        for number in range(count):
            GlimpsePageFactory(
                parent=glimpses,
                image=image,
                region=MAP_REGIONS[number % len(MAP_REGIONS)].value,
                themes=[themes[number % len(themes)], themes[(number + 1) % len(themes)]],
            )


def count_queries(client, url):
    client.get(url)  # make the renditions once: the first render of a new picture costs more
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_listing_takes_the_same_queries_at_10_and_200_glimpses(
    client, glimpses, django_assert_max_num_queries
):
    image = ImageFactory()
    themes = [GlimpseThemeFactory() for _ in range(4)]
    # Each address shows glimpses at both sizes (the first glimpse is in the North East).
    urls = ["/glimpses/", f"/glimpses/?theme={themes[0].slug}&region=north-east", "/glimpses/?page=2"]
    counts = {}
    add_glimpses(glimpses, 10, image, themes)
    counts[10] = [count_queries(client, url) for url in urls]
    add_glimpses(glimpses, 190, image, themes)
    counts[200] = [count_queries(client, url) for url in urls]
    assert counts[10] == counts[200], counts
    with django_assert_max_num_queries(25):
        client.get("/glimpses/")


@pytest.mark.django_db
def test_a_glimpse_and_the_vision_page_take_the_same_queries_however_many_glimpses(
    client, glimpses, home_page
):
    image = ImageFactory()
    themes = [GlimpseThemeFactory() for _ in range(4)]
    add_glimpses(glimpses, 4, image, themes)
    target = GlimpsePageFactory(parent=glimpses, themes=themes[:2], image=image, featured=True)
    GlimpsePageFactory(parent=glimpses, featured=True, image=image, themes=themes[2:])
    before = (count_queries(client, target.url), count_queries(client, "/"))
    add_glimpses(glimpses, 40, image, themes)
    GlimpsePageFactory(parent=glimpses, featured=True, image=image, themes=themes)
    after = (count_queries(client, target.url), count_queries(client, "/"))
    assert before == after
