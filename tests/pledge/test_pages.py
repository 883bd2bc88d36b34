"""The pledge page: where it can go, how convenors make it, what it shows, its
routes, the vision page's band, and the query counts."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pledge.models import CommentStatus, PledgePage, Signature
from socialcarefuture.models import HomePage, StandardPage
from tests.factories import ImageFactory, StandardPageFactory, build_site
from tests.pledge.factories import PledgePageFactory, SignatureFactory, signature_rows


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


class PledgePageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()

    def test_the_pledge_goes_under_the_vision_page_only(self):
        self.assertCanCreateAt(HomePage, PledgePage)
        self.assertCanNotCreateAt(StandardPage, PledgePage)
        self.assertCanNotCreateAt(Page, PledgePage)
        self.assertCanNotCreateAt(PledgePage, StandardPage)
        self.assertAllowedSubpageTypes(PledgePage, {})

    def test_there_is_only_one_pledge(self):
        PledgePageFactory(parent=self.home)
        self.assertFalse(PledgePage.can_create_at(self.home))

    def test_a_convenor_creates_the_pledge_page_in_the_admin(self):
        self.login()
        guidance = StandardPageFactory(parent=self.home, title="Guidance for event organisers")
        self.assertCanCreate(
            self.home,
            PledgePage,
            nested_form_data(
                {
                    "title": "The pledge",
                    "slug": "pledge",
                    "introduction": "A promise from leaders and event organisers.",
                    "pledge_heading": "Our pledge",
                    "pledge_text": "We commit that the events we run give people an equal place.",
                    "commitments": streamfield(
                        [
                            ("commitment", "We pay people for their time."),
                            ("commitment", "We meet access needs."),
                        ]
                    ),
                    "body": streamfield(
                        [
                            ("heading", {"text": "Why it matters", "level": "h2"}),
                            ("paragraph", rich_text("<p>People are the experts.</p>")),
                        ]
                    ),
                    "image": ImageFactory().pk,
                    "goal": "250",
                    "form_heading": "Sign the pledge",
                    "form_introduction": "It takes two minutes.",
                    "thank_you_text": "Thank you.",
                    "guidance_page": guidance.pk,
                    "guidance_text": "How to plan events together.",
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )
        page = PledgePage.objects.get()
        self.assertEqual(
            [block.value for block in page.commitments],
            ["We pay people for their time.", "We meet access needs."],
        )
        self.assertEqual((page.goal, page.guidance_page.specific), (250, guidance))
        html = Client().get("/pledge/").content.decode()
        self.assertIn("We meet access needs.", html)
        self.assertIn("Why it matters", html)

    def test_the_page_renders_and_is_previewable(self):
        page = PledgePageFactory(parent=self.home)
        self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(page, route_path="/signatories/")
        self.assertPageIsRenderable(page, route_path="/check-your-inbox/")
        self.assertPageIsRenderable(page, route_path="/withdrawn/")
        self.login()
        self.assertPageIsPreviewable(
            page,
            post_data=nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "introduction": "Previewed first.",
                    "pledge_heading": "Our pledge",
                    "pledge_text": "We commit.",
                    "commitments": streamfield([]),
                    "body": streamfield([]),
                    "goal": "",
                    "form_heading": "Sign the pledge",
                    "form_introduction": "",
                    "thank_you_text": "",
                    "guidance_text": "",
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )


# What the page shows ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_shows_the_count_progress_recent_signatories_and_the_guidance(client, home_page):
    guidance = StandardPageFactory(parent=home_page, title="Guidance for event organisers", slug="guidance")
    pledge = PledgePageFactory(parent=home_page, goal=8, guidance_page=guidance, guidance_text="How to plan.")
    for number in range(7):
        SignatureFactory(name=f"Person {number}", listed=number != 3)
    SignatureFactory(name="Waiting Person", status=Signature.Status.PENDING)
    SignatureFactory(name="Gone Person", status=Signature.Status.WITHDRAWN)
    page = soup(client.get("/pledge/"))
    assert page.select_one(".pledge-count__number").get_text() == "7"
    assert page.select_one(".pledge-count__words").get_text() == "people have signed the pledge"
    bar = page.select_one("progress.pledge-count__bar")
    assert (bar["max"], bar["value"]) == ("8", "7")
    assert (
        page.select_one(".pledge-count__goal").get_text(strip=True)
        == "87% of the way to our goal of 8 signatures."
    )
    # The newest six who chose to be listed; never someone unlisted, waiting or gone.
    assert [name.get_text() for name in page.select(".pledge-recent .signatory__name")] == [
        "Person 6",
        "Person 5",
        "Person 4",
        "Person 2",
        "Person 1",
        "Person 0",
    ]
    section = page.select_one(".pledge-guidance")
    assert section.h2.get_text() == "Guidance for event organisers"
    assert section.find("a")["href"] == "/guidance/"
    assert page.h1.get_text() == pledge.title
    assert len(page.find_all("h1")) == 1
    assert [item.get_text() for item in page.select(".pledge-commitments__item")] == [
        "We pay people for their time.",
        "We meet access needs.",
    ]


@pytest.mark.django_db
def test_the_count_reads_well_for_one_and_past_the_goal(client, home_page):
    PledgePageFactory(parent=home_page, goal=1)
    SignatureFactory()
    page = soup(client.get("/pledge/"))
    assert page.select_one(".pledge-count__words").get_text() == "person has signed the pledge"
    SignatureFactory()
    page = soup(client.get("/pledge/"))
    assert page.select_one("progress")["value"] == "1"  # a bar cannot go past its end
    assert "We have reached our goal of 1 signatures" in page.select_one(".pledge-count__goal").get_text()


@pytest.mark.django_db
def test_the_page_is_cacheable_and_its_form_carries_no_token(client, pledge):
    response = client.get("/pledge/")
    assert "public" in response["Cache-Control"]
    assert "csrftoken" not in response.cookies
    assert b"csrfmiddlewaretoken" not in response.content


@pytest.mark.django_db
def test_routes_have_their_own_breadcrumbs_titles_and_canonical_addresses(client, pledge):
    cases = {
        "/pledge/": ("The pledge", "http://testserver/pledge/", ["Home", "The pledge"]),
        "/pledge/signatories/?type=council&utm=x": (
            "Who has signed the pledge",
            "http://testserver/pledge/signatories/?type=council",
            ["Home", "The pledge", "Who has signed"],
        ),
        "/pledge/check-your-inbox/": ("Check your email", None, ["Home", "The pledge", "Check your email"]),
        "/pledge/withdrawn/": (
            "Your signature is withdrawn",
            None,
            ["Home", "The pledge", "Signature withdrawn"],
        ),
    }
    for path, (heading, canonical, crumbs) in cases.items():
        page = soup(client.get(path))
        assert page.h1.get_text(strip=True) == heading, path
        assert [item.get_text(strip=True) for item in page.select(".breadcrumbs__item")] == crumbs, path
        assert page.select(".breadcrumbs [aria-current=page]")[-1].get_text(strip=True) == crumbs[-1], path
        if canonical:
            assert page.find("link", rel="canonical")["href"] == canonical, path
        else:
            assert page.find("meta", attrs={"name": "robots", "content": "noindex"}), path


@pytest.mark.django_db
def test_the_sitemap_lists_the_pledge_and_its_signatories(client, pledge):
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/pledge/</loc>" in body
    assert "<loc>http://testserver/pledge/signatories/</loc>" in body


@pytest.mark.django_db
def test_the_vision_page_shows_the_count_and_a_call_to_sign(client, pledge):
    SignatureFactory.create_batch(3)
    SignatureFactory(status=Signature.Status.PENDING)
    band = soup(client.get("/")).select_one(".home-pledge")
    assert band.h2.get_text() == "The pledge"
    assert band.select_one(".pledge-count__number").get_text() == "3"
    assert band.find("a", string="Sign the pledge")["href"] == "/pledge/#sign"


@pytest.mark.django_db
def test_no_pledge_no_band(client, home_page):
    assert soup(client.get("/")).select_one(".home-pledge") is None


@pytest.mark.django_db
def test_search_finds_the_pledge_and_shows_its_card(client, pledge):
    SignatureFactory.create_batch(2)
    results = soup(client.get("/search/?q=pledge"))
    result = results.select_one(".result.pledge-card")
    assert result.h2.get_text(strip=True) == "The pledge"
    assert result.select_one(".pledge-card__meta").get_text() == "2 people have signed"


# Speed ---------------------------------------------------------------------------------------


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/pledge/", "/pledge/signatories/", "/pledge/signatories/?type=council&q=bulk&page=2", "/"]
)
def test_queries_are_the_same_at_ten_and_a_thousand_signatures(home_page, path):
    PledgePageFactory(parent=home_page)
    client = Client()
    client.get(path)  # the first view makes the site settings row
    counts = {}
    for size in (10, 1000):
        Signature.objects.all().delete()
        Signature.objects.bulk_create(signature_rows(size))
        counts[size] = queries_for(client, path)
    assert counts[10] == counts[1000], counts


@pytest.mark.django_db
def test_the_list_shows_approved_comments_without_loading_more_per_row(client, pledge):
    """Approved comments are read with the row (a deferred field would cost a
    query per signatory)."""
    Signature.objects.bulk_create(signature_rows(30))
    page = soup(client.get("/pledge/signatories/"))
    assert len(page.select(".signatory__comment")) == 8  # every third of the newest 24
    assert queries_for(client, "/pledge/signatories/") == queries_for(client, "/pledge/signatories/?page=2")
    assert Signature.objects.filter(comment_status=CommentStatus.APPROVED).count() == 10
