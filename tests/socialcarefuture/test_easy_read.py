"""Easy Read: the picture-and-sentence block, the picture library, and the link
between any page and its Easy Read version."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from socialcarefuture.blocks import EasyReadBlock, EasyReadRowBlock
from socialcarefuture.demo.site import stream
from socialcarefuture.easy_read import COLLECTION_NAME, load_pictures, manifest
from socialcarefuture.models import SiteSettings, StandardPage
from tests.blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from tests.factories import ImageFactory, StandardPageFactory


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def pictures(db):
    load_pictures()
    return {key: get_image_model().objects.get(title=spec["title"]) for key, spec in manifest().items()}


def easy_read(*rows):
    return ("easy_read", {"rows": [{"picture": picture.pk, "text": text} for picture, text in rows]})


# The picture library -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_puts_the_library_in_its_collection_with_alt_text_once():
    call_command("load_easy_read_pictures", stdout=open("/dev/null", "w"))
    images = get_image_model().objects.filter(collection__name=COLLECTION_NAME)
    assert images.count() == len(manifest()) >= 20
    for image in images:
        assert image.title.startswith("Easy Read: ")
        assert image.description and image.description.endswith(".")  # its alt text
        assert image.credit == "OpenMoji, CC BY-SA 4.0"
        assert image.is_svg() and image.width == image.height == 72
        assert image.tags.exists()
    call_command("load_easy_read_pictures", stdout=open("/dev/null", "w"))
    assert get_image_model().objects.filter(collection__name=COLLECTION_NAME).count() == len(manifest())


@pytest.mark.django_db
def test_convenors_find_library_pictures_by_a_word(pictures):
    found = list(get_image_model().objects.search("money"))
    assert pictures["money"] in found


@pytest.mark.django_db
def test_the_picture_chooser_opens_on_the_easy_read_collection(admin_client, pictures):
    url = EasyReadRowBlock().child_blocks["picture"].widget.get_chooser_modal_url()
    assert "collection_id=" in url
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Easy Read: travel" in html  # the newest first, 20 to a page
    other = ImageFactory(title="A garden party")
    assert other.title not in admin_client.get(url).content.decode()
    assert other.title in admin_client.get(url.split("?")[0]).content.decode()


@pytest.mark.django_db
def test_the_library_covers_the_ideas_easy_read_needs(pictures):
    titles = " ".join(picture.title for picture in pictures.values())
    for idea in ["home", "people together", "wheelchair", "talking", "listening", "email", "letter", "phone"]:
        assert idea in titles
    for idea in ["meeting", "calendar", "time", "place", "money", "signing", "question", "yes", "no"]:
        assert idea in titles
    for idea in ["help", "a good life", "community", "website"]:
        assert idea in titles


# The block -----------------------------------------------------------------------------


def row_errors(text, picture):
    with pytest.raises(StructBlockValidationError) as error:
        EasyReadRowBlock().clean(EasyReadRowBlock().to_python({"picture": picture.pk, "text": text}))
    return " ".join(error.value.block_errors["text"].messages)


@pytest.mark.django_db
def test_a_short_row_is_fine(pictures):
    block = EasyReadRowBlock()
    value = block.clean(
        block.to_python({"picture": pictures["home"].pk, "text": "We want you to live at home."})
    )
    assert value["text"] == "We want you to live at home."


@pytest.mark.django_db
def test_a_sentence_over_15_words_gets_a_friendly_error(pictures):
    long = "We want everyone in every town and city to have a good life in the place they love."
    message = row_errors(long, pictures["home"])
    assert "This sentence has 18 words" in message
    assert "15 words or fewer, or split it in two" in message


@pytest.mark.django_db
def test_more_than_two_sentences_in_a_row_gets_a_friendly_error(pictures):
    message = row_errors("We meet. We talk. We plan.", pictures["meeting"])
    assert "3 sentences" in message and "one idea per row" in message.lower()


@pytest.mark.django_db
def test_the_block_shows_each_picture_beside_its_sentence_and_credits_openmoji(home_page, client, pictures):
    page = StandardPageFactory(
        parent=home_page,
        is_easy_read=True,
        body=stream(
            easy_read(
                (pictures["home"], "We want everyone to live in a place they call home."),
                (pictures["money"], "Speakers get paid.\nThey get support too."),
            )
        ),
    )
    html = soup(client.get(page.url))
    rows = html.select(".easy-read .easy-read__row")
    assert len(rows) == 2
    first = rows[0]
    assert (
        first.select_one(".easy-read__text").get_text()
        == "We want everyone to live in a place they call home."
    )
    img = first.select_one(".easy-read__picture img")
    # Decorative: the sentence beside it says the same, so screen readers hear it once.
    assert img["alt"] == ""
    assert img["src"].endswith(".svg")
    assert rows[1].select_one(".easy-read__text br") is not None
    assert (img["width"], img["height"]) == ("72", "72")
    credit = html.select_one(".easy-read__credit")
    assert credit.get_text(" ", strip=True) == "Pictures: OpenMoji , CC BY-SA 4.0"
    assert [a["href"] for a in credit.find_all("a")] == [
        "https://openmoji.org/",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ]
    assert "is-easy-read" in html.body["class"]
    # Nothing but the rows and the credit: no template comment leaks into the page.
    assert [child.name for child in html.select_one(".easy-read").find_all(recursive=False)] == [
        "div",
        "div",
        "p",
    ]
    assert "{#" not in html.select_one(".easy-read").get_text()


@pytest.mark.django_db
def test_a_block_of_many_rows_costs_the_same_queries_as_a_short_one(home_page, client, pictures):
    keys = list(pictures)
    short = StandardPageFactory(
        parent=home_page, body=stream(easy_read(*[(pictures[k], "One short idea.") for k in keys[:2]]))
    )
    long = StandardPageFactory(
        parent=home_page, body=stream(easy_read(*[(pictures[k], "One short idea.") for k in keys[:12]]))
    )
    client.get(short.url), client.get(long.url)  # renditions made once, as on a live site
    counts = []
    for page in (short, long):
        with CaptureQueriesContext(connection) as queries:
            html = soup(client.get(page.url))
        counts.append(len(queries))
        assert len(html.select(".easy-read__row img")) in (2, 12)
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_block_offers_a_preview_from_the_library(pictures):
    preview = EasyReadBlock().get_preview_value()
    assert len(preview["rows"]) == 3 and all(row["picture"] for row in preview["rows"])


# A convenor in the admin ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_convenor_is_told_beside_the_row_when_a_sentence_is_too_long(admin_client, home_page, pictures):
    long = "Our gatherings are open to everyone who wants care and support to mean a good life at home."
    data = nested_form_data(
        {
            "title": "Gatherings in Easy Read",
            "slug": "gatherings-easy-read",
            "introduction": "",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Hello.</p>")),
                    (
                        "easy_read",
                        {"rows": streamfield([("item", {"picture": pictures["meeting"].pk, "text": long})])},
                    ),
                ]
            ),
            "is_easy_read": "on",
            "easy_read_version": "",
            "listing_summary": "",
            "social_text": "",
        }
    )
    # A ListBlock's rows post like a stream's (count, order, deleted, value); the extra "type" is ignored.
    response = admin_client.post(f"/admin/pages/add/socialcarefuture/standardpage/{home_page.pk}/", data)
    assert response.status_code == 200
    assert not StandardPage.objects.filter(slug="gatherings-easy-read").exists()
    assert "This sentence has 18 words" in response.content.decode()


# The link to the Easy Read version, on any page type --------------------------------------


@pytest.mark.django_db
def test_any_page_type_links_to_its_easy_read_version_and_back(home_page, client):
    easy = StandardPageFactory(parent=home_page, title="Our news in Easy Read", is_easy_read=True)
    blog = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=blog, title="Our news", easy_read_version=easy)
    other = BlogPostPageFactory(parent=blog, title="Other news")

    link = soup(client.get(post.url)).select_one(".easy-read-link a")
    assert link["href"] == easy.url
    assert link.get_text(" ", strip=True) == "Easy Read version of this page"
    assert link.svg["aria-hidden"] == "true" and link.find("img") is None

    assert soup(client.get(other.url)).select_one(".easy-read-link") is None

    back = soup(client.get(easy.url)).select_one(".easy-read-link a")
    assert back["href"] == post.url
    assert back.get_text(strip=True) == "Full version of this page"


@pytest.mark.django_db
def test_no_link_to_an_easy_read_version_that_is_not_live(home_page, client):
    easy = StandardPageFactory(parent=home_page, is_easy_read=True, live=False)
    page = StandardPageFactory(parent=home_page, easy_read_version=easy)
    assert soup(client.get(page.url)).select_one(".easy-read-link") is None


@pytest.mark.django_db
def test_finding_the_full_version_costs_the_same_whatever_the_page_type(home_page, django_assert_num_queries):
    # One query across every page type (joined from Page); the private
    # sections .public() leaves out are read once and kept (queries.py).
    easy = StandardPageFactory(parent=home_page, is_easy_read=True)
    full = StandardPageFactory(parent=home_page, easy_read_version=easy)
    blog = BlogIndexPageFactory(parent=home_page)
    easy_post = StandardPageFactory(parent=home_page, is_easy_read=True)
    post = BlogPostPageFactory(parent=blog, easy_read_version=easy_post)
    StandardPage.objects.get(pk=easy.pk).standard_version  # noqa: B018 - reads the private sections once
    for page, expected in ((easy, full), (easy_post, post)):
        page = StandardPage.objects.get(pk=page.pk)
        with django_assert_num_queries(1):
            assert page.standard_version.pk == expected.pk


# The demo --------------------------------------------------------------------------------


def test_the_demo_has_easy_read_in_the_main_menu_and_an_easy_read_page_of_rows(demo_site, client):
    menu = SiteSettings.objects.get().main_menu
    last = menu[len(menu) - 1]
    assert last.value["label"] == "Easy Read"
    assert last.value["page"].specific.is_easy_read
    html = soup(client.get("/"))
    nav_links = [(a.get_text(strip=True), a["href"]) for a in html.select("header nav a")]
    assert ("Easy Read", "/about-easy-read/") in nav_links
    easy = soup(client.get("/about-easy-read/"))
    rows = easy.select(".easy-read__row")
    assert len(rows) >= 10
    for row in rows:
        sentence = row.select_one(".easy-read__text").get_text(" ")
        assert all(len(part.split()) <= 15 for part in sentence.split(". "))
        assert row.select_one("img")["src"].endswith(".svg")
