"""The public list of signatories at /pledge/signatories/ (the shared listing)
and the badge at /pledge/badge.svg."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from pledge.models import CommentStatus, OrganisationType, Signature
from tests.pledge.factories import BASE_TIME, SignatureFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def names(response):
    return [name.get_text() for name in soup(response).select(".signatory-cards .signatory__name")]


def person(name, days, **fields):
    moment = BASE_TIME + datetime.timedelta(days=days)
    return SignatureFactory(name=name, signed_up_at=moment, confirmed_at=moment, **fields)


@pytest.fixture
def people(pledge):
    return [
        person(
            "Ada Council", 1, organisation="Brambleford Council", organisation_type=OrganisationType.COUNCIL
        ),
        person("Ben Nurse", 3, organisation="Fernbrook Trust", organisation_type=OrganisationType.NHS),
        person("Cat Hidden", 4, organisation="Quiet Council", listed=False),
        person("Dee Events", 2, organisation="Harrowmere Events", organisation_type=OrganisationType.EVENTS),
        person("Eve Waiting", 5, status=Signature.Status.PENDING),
        person("Fay Gone", 6, status=Signature.Status.WITHDRAWN),
    ]


def test_confirmed_signatories_who_chose_to_be_listed_newest_first(client, people):
    response = client.get("/pledge/signatories/")
    assert names(response) == ["Ben Nurse", "Dee Events", "Ada Council"]
    page = soup(response)
    first = page.select_one(".signatory")
    assert first.select_one(".signatory__role").get_text() == "Director, Fernbrook Trust"
    assert first.select_one(".signatory__type").get_text() == "NHS"
    assert first.find("time")["datetime"] == "2026-01-08"
    assert first.find("time").get_text() == "8 January 2026"
    assert page.select_one(".listing__count").get_text(strip=True) == "3 signatories, newest first."
    # Four count (the hidden one too); three are listed.
    assert page.select_one(".signatories__summary").get_text().startswith("4 people have signed so far.")
    assert "@" not in page.select_one(".listing").get_text(), "no email address is ever shown"


def test_filter_by_type_of_organisation_with_counts(client, people):
    response = client.get("/pledge/signatories/?type=council")
    assert names(response) == ["Ada Council"]
    options = {
        option["value"]: option.get_text()
        for option in soup(response).select("#signatories-type option")
        if option["value"]
    }
    assert options == {"council": "Council (1)", "nhs": "NHS (1)", "events": "Events organiser (1)"}
    assert (
        soup(response).find("link", rel="canonical")["href"]
        == "http://testserver/pledge/signatories/?type=council"
    )
    assert "X-Robots-Tag" not in response


def test_search_by_name_or_organisation(client, people):
    assert names(client.get("/pledge/signatories/?q=fernbrook")) == ["Ben Nurse"]
    assert names(client.get("/pledge/signatories/?q=DEE")) == ["Dee Events"]
    assert names(client.get("/pledge/signatories/?q=quiet")) == [], "unlisted people cannot be found"
    assert names(client.get("/pledge/signatories/?q=eve")) == ["Dee Events"], "nor people waiting to confirm"
    response = client.get("/pledge/signatories/?q=council&type=council")
    assert names(response) == ["Ada Council"]
    assert response["X-Robots-Tag"] == "noindex"


def test_an_unknown_type_says_why_the_list_is_empty(client, people):
    response = client.get("/pledge/signatories/?type=spaceship")
    assert response.status_code == 200
    page = soup(response)
    assert names(response) == []
    assert (
        "We do not have a type of organisation called “spaceship”"
        in page.select_one(".empty-state").get_text()
    )
    assert response["X-Robots-Tag"] == "noindex"


def test_empty_form_fields_lead_to_the_short_address(client, people):
    response = client.get("/pledge/signatories/?q=&type=nhs")
    assert (response.status_code, response["Location"]) == (302, "/pledge/signatories/?type=nhs")


def test_only_approved_comments_are_shown_and_always_escaped(client, pledge):
    person("Ada", 1, comment="<script>alert('x')</script> I'm in", comment_status=CommentStatus.APPROVED)
    person("Ben", 2, comment="Waiting words", comment_status=CommentStatus.WAITING)
    person("Cat", 3, comment="Rejected words", comment_status=CommentStatus.REJECTED)
    html = client.get("/pledge/signatories/").content.decode()
    page = BeautifulSoup(html, "html.parser")
    comments = [quote.get_text(strip=True) for quote in page.select(".signatory__comment")]
    assert comments == ["<script>alert('x')</script> I'm in"]
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "Waiting words" not in html and "Rejected words" not in html


def test_the_list_is_paginated_24_at_a_time(client, pledge):
    for number in range(30):
        person(f"Person {number:02}", number)
    first = client.get("/pledge/signatories/")
    assert len(names(first)) == 24 and names(first)[0] == "Person 29"
    second = client.get("/pledge/signatories/?page=2")
    assert names(second) == [f"Person {number:02}" for number in range(5, -1, -1)]
    assert soup(second).title.get_text().startswith("Who has signed the pledge (page 2 of 2)")
    assert names(client.get("/pledge/signatories/?page=99")) == names(second)


# The badge -------------------------------------------------------------------------------------


def test_the_badge_is_a_small_accessible_svg_with_the_count(client, pledge):
    SignatureFactory.create_batch(3)
    SignatureFactory(status=Signature.Status.PENDING)
    response = client.get("/pledge/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = ET.fromstring(response.content)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "badge-title badge-desc"
    assert svg.find("svg:title", ns).text == "3 signed the Social Care Future pledge"
    texts = [text.text for text in svg.findall("svg:text", ns)]
    assert texts[:2] == ["3", "signed the pledge"]
    assert len(response.content) < 2000
    # Nothing that could run, and nothing fetched from elsewhere.
    assert (
        not svg.findall(".//svg:script", ns)
        and b"href" not in response.content
        and b"style" not in response.content
    )


def test_the_badge_is_safe_to_embed_elsewhere_and_cached_briefly(client, pledge):
    response = client.get("/pledge/badge.svg")
    assert response["Cache-Control"] == "public, max-age=300, stale-while-revalidate=60"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response


def test_the_badge_count_follows_signing_and_withdrawing(client, pledge):
    signature = SignatureFactory()
    assert b">1</text>" in client.get("/pledge/badge.svg").content
    signature.withdraw("link")
    assert b">0</text>" in client.get("/pledge/badge.svg").content


def test_the_badge_only_answers_reading(client, pledge):
    response = client.post("/pledge/badge.svg")
    assert response.status_code == 405
    assert client.head("/pledge/badge.svg").status_code == 200
