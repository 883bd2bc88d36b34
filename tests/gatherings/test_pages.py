"""Gathering pages: where they go in the tree, what convenors fill in, what a
reader sees (order, filters, cards, the page itself, JSON-LD) and query counts."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from gatherings.models import GatheringIndexPage, GatheringPage
from socialcarefuture.models import HomePage, StandardPage
from tests.factories import DocumentFactory, ImageFactory, build_site
from tests.gatherings.factories import (
    BookingFactory,
    GatheringIndexPageFactory,
    GatheringPageFactory,
    in_days,
    london,
)

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def card_titles(page):
    return [title.get_text(strip=True) for title in page.select(".gathering-card .card__title")]


# The page tree and the editor ----------------------------------------------------------------


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()

    def test_the_index_goes_only_under_the_vision_page_once(self):
        self.assertCanCreateAt(HomePage, GatheringIndexPage)
        self.assertCanNotCreateAt(StandardPage, GatheringIndexPage)
        self.assertAllowedSubpageTypes(GatheringIndexPage, {GatheringPage})
        GatheringIndexPageFactory(parent=self.home)
        assert not GatheringIndexPage.can_create_at(self.home)

    def test_gatherings_go_only_in_the_index_and_have_no_children(self):
        self.assertCanCreateAt(GatheringIndexPage, GatheringPage)
        self.assertCanNotCreateAt(HomePage, GatheringPage)
        self.assertCanNotCreateAt(StandardPage, GatheringPage)
        self.assertAllowedSubpageTypes(GatheringPage, set())

    def test_convenor_makes_an_online_festival_with_sessions_flyers_and_booking(self):
        self.login()
        index = GatheringIndexPageFactory(parent=self.home)
        flyer, easy_read = (
            DocumentFactory(title="Festival flyer"),
            DocumentFactory(title="Festival flyer Easy Read"),
        )
        self.assertCanCreate(
            index,
            GatheringPage,
            nested_form_data(
                {
                    "title": "Glimpses of the Future: A Festival for Change",
                    "slug": "festival",
                    "introduction": "A week of glimpses of the future.",
                    "audience": "Everyone.",
                    "hero_image": ImageFactory().pk,
                    "starts_at": "2030-11-18 11:00",
                    "ends_at": "2030-11-22 15:00",
                    "status": "scheduled",
                    "sessions": inline_formset(
                        [
                            {
                                "title": "Opening",
                                "starts_at": "2030-11-18 11:00",
                                "ends_at": "2030-11-18 12:30",
                            },
                            {
                                "title": "Closing",
                                "starts_at": "2030-11-22 13:30",
                                "ends_at": "2030-11-22 15:00",
                            },
                        ]
                    ),
                    "format": "online",
                    "region": "online",
                    "online_platform": "Zoom",
                    "joining_link": "https://meet.example.org/festival",
                    "live_captions": "on",
                    "bsl": "on",
                    "is_free": "on",
                    "flyer": flyer.pk,
                    "easy_read_flyer": easy_read.pk,
                    "booking_type": "built-in",
                    "capacity": "100",
                    "has_waiting_list": "on",
                    "body": streamfield([]),
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )
        festival = GatheringPage.objects.get(slug="festival")
        assert [session.title for session in festival.session_list] == ["Opening", "Closing"]
        assert festival.starts_at == london(2030, 11, 18, 11)
        assert festival.access_support == [
            ("British Sign Language (BSL) interpreters", "bsl"),
            ("Live captions", "captions"),
        ]
        assert festival.easy_read_flyer == easy_read

    def test_the_editor_says_what_is_missing_and_what_does_not_fit(self):
        self.login()
        index = GatheringIndexPageFactory(parent=self.home)
        response = self.client.post(
            f"/admin/pages/add/gatherings/gatheringpage/{index.pk}/",
            nested_form_data(
                {
                    "title": "Muddled",
                    "slug": "muddled",
                    "introduction": "Hmm.",
                    "starts_at": "2030-06-02 16:00",
                    "ends_at": "2030-06-02 10:00",
                    "status": "scheduled",
                    "sessions": inline_formset(
                        [
                            {
                                "title": "Too late",
                                "starts_at": "2030-06-03 10:00",
                                "ends_at": "2030-06-03 11:00",
                            }
                        ]
                    ),
                    "format": "in-person",
                    "region": "london",
                    "booking_type": "built-in",
                    "is_free": "",
                    "body": streamfield([]),
                    "action-publish": "publish",
                }
            ),
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert "The end must be after the start." in form.errors["ends_at"]
        assert form.errors["capacity"] == ["Say how many places there are, so we know when it is full."]
        assert form.errors["venue_name"] == ["Say where it is: the name of the venue."]
        assert form.errors["cost_notes"] == ["Say what it costs, as a price or in words."]
        assert not GatheringPage.objects.filter(slug="muddled").exists()

    def test_a_session_outside_the_gathering_is_pointed_out(self):
        self.login()
        index = GatheringIndexPageFactory(parent=self.home)
        response = self.client.post(
            f"/admin/pages/add/gatherings/gatheringpage/{index.pk}/",
            nested_form_data(
                {
                    "title": "Day",
                    "slug": "day",
                    "introduction": "A day.",
                    "starts_at": "2030-06-02 10:00",
                    "ends_at": "2030-06-02 16:00",
                    "status": "scheduled",
                    "sessions": inline_formset(
                        [
                            {
                                "title": "Too late",
                                "starts_at": "2030-06-03 10:00",
                                "ends_at": "2030-06-03 11:00",
                            }
                        ]
                    ),
                    "format": "online",
                    "region": "online",
                    "booking_type": "none",
                    "is_free": "on",
                    "body": streamfield([]),
                    "action-publish": "publish",
                }
            ),
        )
        assert response.status_code == 200
        session_errors = response.context["form"].formsets["sessions"].forms[0].errors
        assert "outside the gathering's own times" in session_errors["starts_at"][0]
        assert not GatheringPage.objects.filter(slug="day").exists()


# The listing ----------------------------------------------------------------------------------


@pytest.fixture
def timeline(index_page):
    """Past and upcoming gatherings, made out of order."""
    now = timezone.now()
    make = GatheringPageFactory
    return {
        "later": make(parent=index_page, title="Later", starts_at=in_days(40)),
        "long-ago": make(
            parent=index_page, title="Long ago", starts_at=london(2018, 11, 7, 9), format="online"
        ),
        "soon": make(parent=index_page, title="Soon", starts_at=in_days(3), region="london"),
        "happening": make(
            parent=index_page,
            title="Happening now",
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(hours=2),
        ),
        "recent": make(parent=index_page, title="Recent", starts_at=london(2020, 2, 4, 10), format="hybrid"),
    }


def test_upcoming_come_first_soonest_first_then_past_newest_first(client, timeline):
    page = soup(client.get("/gatherings/"))
    assert card_titles(page) == ["Happening now", "Soon", "Later", "Recent", "Long ago"]
    headings = [heading.get_text(strip=True) for heading in page.select(".gatherings__group-heading")]
    assert headings == ["Coming up", "Past gatherings"]
    upcoming = page.select_one("#gatherings-upcoming").find_next("ul")
    assert [t.get_text(strip=True) for t in upcoming.select(".card__title")] == [
        "Happening now",
        "Soon",
        "Later",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("when=upcoming", ["Happening now", "Soon", "Later"]),
        ("when=past", ["Recent", "Long ago"]),
        ("format=online", ["Long ago"]),
        ("format=in-person&when=upcoming", ["Happening now", "Soon", "Later"]),
        ("region=london", ["Soon"]),
        ("region=london&when=past", []),
    ],
)
def test_filters_by_when_format_and_region(client, timeline, query, expected):
    assert card_titles(soup(client.get(f"/gatherings/?{query}"))) == expected


def test_unknown_filter_values_show_a_clear_empty_state(client, timeline):
    response = client.get("/gatherings/?region=atlantis")
    page = soup(response)
    assert card_titles(page) == []
    assert "No gatherings to show" in page.get_text()
    assert "atlantis" in page.select_one(".active-filters").get_text()
    assert response["X-Robots-Tag"] == "noindex"


def test_past_gatherings_are_paginated(client, index_page):
    for number in range(14):
        GatheringPageFactory(
            parent=index_page, title=f"Past {number:02}", starts_at=london(2019, 1, 1 + number, 10)
        )
    first, second = soup(client.get("/gatherings/")), soup(client.get("/gatherings/?page=2"))
    assert card_titles(first) == [f"Past {number:02}" for number in range(13, 1, -1)]
    assert card_titles(second) == ["Past 01", "Past 00"]


def test_a_card_shows_when_where_format_and_access_support_as_icons_with_words(client, index_page):
    GatheringPageFactory(
        parent=index_page,
        title="Manchester",
        starts_at=london(2030, 2, 5, 10),
        ends_at=london(2030, 2, 5, 16),
        bsl=True,
        quiet_space=True,
    )
    page = soup(client.get("/gatherings/"))
    card = page.select_one(".gathering-card")
    assert "Tuesday 5 February 2030, 10am to 4pm" in card.get_text()
    assert card.select_one("time")["datetime"] == "2030-02-05T10:00+00:00"
    assert "Friends Meeting House, Manchester" in card.get_text()
    assert card.select_one(".card__type").get_text(strip=True).startswith("In person")
    items = card.select(".access-list__item")
    assert [item.get_text(strip=True) for item in items] == [
        "Step-free access",
        "British Sign Language (BSL) interpreters",
        "Hearing loop",
        "Quiet space",
    ]
    # One sprite, referenced with <use>; the icon is decoration beside its words.
    for item in items:
        svg = item.select_one("svg")
        assert svg["aria-hidden"] == "true"
        assert svg.select_one("use")["href"].split("#")[0].endswith("img/gatherings/icons.svg")
        assert not svg.select("path")


def test_listing_queries_do_not_grow_with_gatherings_sessions_or_bookings(client, index_page):
    def add(count):
        for number in range(count):
            start = in_days(5 + number)
            gathering = GatheringPageFactory(
                parent=index_page,
                starts_at=start,
                hero_image=ImageFactory(),
                sessions=[(f"Session {n}", start, start + datetime.timedelta(hours=1)) for n in range(3)],
            )
            BookingFactory.create_batch(2, gathering=gathering)

    def count_queries():
        client.get("/gatherings/")  # warm the site settings and renditions
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/gatherings/").status_code == 200
        return len(queries)

    add(2)
    small = count_queries()
    add(6)
    large = count_queries()
    assert small == large, (small, large)


def test_the_vision_page_shows_the_next_three_gatherings(client, index_page, timeline):
    GatheringPageFactory(parent=index_page, title="Called off", starts_at=in_days(1), status="cancelled")
    GatheringPageFactory(parent=index_page, title="Further off", starts_at=in_days(90))
    timeline["soon"].hero_image = ImageFactory()
    timeline["soon"].save_revision().publish()
    page = soup(client.get("/"))
    section = page.select_one(".next-gatherings")
    assert [t.get_text(strip=True) for t in section.select(".card__title")] == [
        "Happening now",
        "Soon",
        "Later",
    ]
    assert section.select_one("a.button")["href"] == "/gatherings/"
    # When and where on each card, but no pictures: the vision page has many already.
    assert len(section.select(".gathering-facts")) == 3
    assert not section.select("img")
    # The listing keeps its pictures.
    assert soup(client.get("/gatherings/")).select_one(".gathering-card img")


# One gathering --------------------------------------------------------------------------------------


def test_the_page_shows_programme_place_map_link_access_cost_and_flyers(client, index_page):
    flyer = DocumentFactory(title="The flyer")
    easy = DocumentFactory(title="The Easy Read flyer")
    start = london(2030, 11, 18, 11)
    gathering = GatheringPageFactory(
        parent=index_page,
        starts_at=start,
        ends_at=london(2030, 11, 19, 15),
        latitude="53.478230",
        longitude="-2.244880",
        flyer=flyer,
        easy_read_flyer=easy,
        is_free=False,
        price="25.00",
        cost_notes="£25 for organisations; free for people who draw on support.",
        sessions=[
            ("Opening", start, london(2030, 11, 18, 12, 30)),
            ("Closing", london(2030, 11, 19, 13, 30), london(2030, 11, 19, 15)),
        ],
    )
    page = soup(client.get(gathering.url))
    assert len(page.select("h1")) == 1
    assert (
        page.select_one(".gathering-glance")
        .get_text(" ", strip=True)
        .count("Monday 18 to Tuesday 19 November 2030")
    )
    days = [day.get_text(strip=True) for day in page.select(".programme__day")]
    assert days == ["Monday 18 November 2030", "Tuesday 19 November 2030"]
    assert [t.get_text(strip=True) for t in page.select(".programme__time")] == [
        "11am to 12:30pm",
        "1:30pm to 3pm",
    ]
    map_link = page.select_one("a[href^='https://www.openstreetmap.org/']")
    assert "OpenStreetMap" in map_link.get_text()
    assert (
        map_link["href"]
        == "https://www.openstreetmap.org/?mlat=53.47823&mlon=-2.24488#map=17/53.47823/-2.24488"
    )
    assert not page.select("iframe"), "no embedded third-party map"
    attachments = page.select(".attachment")
    assert [a.select_one(".attachment__title").get_text(strip=True) for a in attachments] == [
        "The flyer",
        "The Easy Read flyer",
    ]
    assert "PDF" in attachments[0].select_one(".attachment__meta").get_text()
    assert (
        "KB" in attachments[0].select_one(".attachment__meta").get_text()
        or "bytes" in attachments[0].get_text()
    )
    assert "£25 for organisations" in page.select_one(".gathering-glance").get_text()
    assert page.find("a", href=f"/gatherings/{gathering.slug}/calendar.ics")


def test_the_joining_link_is_never_on_the_page_when_booking_is_built_in(client, index_page):
    booked = GatheringPageFactory(
        parent=index_page, format="online", region="online", joining_link="https://meet.example.org/secret"
    )
    open_to_all = GatheringPageFactory(
        parent=index_page,
        format="online",
        region="online",
        booking_type="none",
        joining_link="https://meet.example.org/open",
    )
    assert b"meet.example.org/secret" not in client.get(booked.url).content
    assert "the link to join" in soup(client.get(booked.url)).select_one("#online-heading").parent.get_text()
    assert soup(client.get(open_to_all.url)).find("a", href="https://meet.example.org/open")


def test_booking_on_another_website_links_there(client, index_page):
    gathering = GatheringPageFactory(
        parent=index_page, booking_type="external", external_booking_url="https://tickets.example.org/e/1"
    )
    page = soup(client.get(gathering.url))
    assert page.select_one("#book").find("a", href="https://tickets.example.org/e/1")
    assert not page.select("form.booking-form")


def test_json_ld_describes_the_event(client, index_page):
    gathering = GatheringPageFactory(
        parent=index_page,
        title="Hybrid day",
        format="hybrid",
        starts_at=london(2030, 7, 1, 10),
        ends_at=london(2030, 7, 1, 16),
        is_free=False,
        price="10.00",
        cost_notes="£10",
        capacity=1,
    )
    data = json.loads(soup(client.get(gathering.url)).select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2030-07-01T10:00+01:00"
    assert data["endDate"] == "2030-07-01T16:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["postalCode"] == "M2 5NS"
    assert virtual == {
        "@type": "VirtualLocation",
        "url": "http://testserver/gatherings/" + gathering.slug + "/",
    }
    assert data["organizer"]["name"] == "Social Care Future"
    assert data["isAccessibleForFree"] is False
    assert data["offers"]["price"] == "10.00" and data["offers"]["priceCurrency"] == "GBP"
    assert data["offers"]["availability"] == "https://schema.org/InStock"

    BookingFactory(gathering=gathering)
    gathering.status = "cancelled"
    gathering.save_revision().publish()
    data = json.loads(soup(client.get(gathering.url)).select_one("script[type='application/ld+json']").string)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_a_free_online_gathering_has_a_virtual_location_and_no_offer(client, index_page):
    gathering = GatheringPageFactory(parent=index_page, format="online", region="online", venue_name="")
    data = json.loads(soup(client.get(gathering.url)).select_one("script[type='application/ld+json']").string)
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["isAccessibleForFree"] is True
    assert "offers" not in data


@pytest.mark.parametrize("path", ["/gatherings/", "/gatherings/?when=past", "GATHERING", "CHECK"])
def test_accessibility_invariants(client, index_page, path):
    gathering = GatheringPageFactory(parent=index_page)
    path = {"GATHERING": gathering.url, "CHECK": gathering.url + "check-your-email/"}.get(path, path)
    page = soup(client.get(path))
    assert page.html["lang"] == "en-GB"
    assert page.title.get_text(strip=True)
    assert len(page.select("h1")) == 1
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.select_one("main#main")
    for field in page.select("main input:not([type=hidden]), main textarea, main select"):
        if field.find_parent(class_="honeypot"):
            continue
        assert page.select_one(f"label[for='{field['id']}']"), field


def test_the_booking_form_on_the_page_has_no_csrf_token_so_the_page_stays_cacheable(client, index_page):
    gathering = GatheringPageFactory(parent=index_page)
    response = client.get(gathering.url)
    page = soup(response)
    form = page.select_one("form.booking-form")
    assert form["action"] == f"/bookings/{gathering.pk}/"
    assert not form.select("input[name=csrfmiddlewaretoken]")
    assert "public" in response["Cache-Control"]


def test_check_your_email_is_a_page_of_the_gathering(client, index_page):
    gathering = GatheringPageFactory(parent=index_page, title="Leeds day")
    page = soup(client.get(gathering.url + "check-your-email/"))
    assert page.h1.get_text(strip=True) == "Check your email"
    assert "Leeds day" in page.select_one(".panel").get_text()
