"""Glimpses: where their pages can be created, the admin, what a glimpse page
shows (story, who, where, themes, highlights, links, Easy Read), its JSON-LD,
related glimpses, cards, and the vision page's featured glimpses."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from glimpses.icons import OTHER_ICONS, THEME_ICONS
from glimpses.models import GlimpseIndexPage, GlimpsePage, GlimpseTheme
from socialcarefuture.models import HomePage, StandardPage
from tests.factories import DocumentFactory, ImageFactory, StandardPageFactory, build_site
from tests.glimpses.factories import GlimpseIndexPageFactory, GlimpsePageFactory, GlimpseThemeFactory


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text().split())


# Where pages can be created, and the admin ------------------------------------------------


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()

    def test_glimpses_page_only_under_the_vision_page_and_only_once(self):
        self.assertCanCreateAt(HomePage, GlimpseIndexPage)
        self.assertCanNotCreateAt(StandardPage, GlimpseIndexPage)
        self.assertCanNotCreateAt(Page, GlimpseIndexPage)
        self.assertCanNotCreateAt(GlimpseIndexPage, GlimpseIndexPage)
        GlimpseIndexPageFactory(parent=self.home)
        self.assertFalse(GlimpseIndexPage.can_create_at(self.home))

    def test_glimpses_only_on_the_glimpses_page_and_have_no_children(self):
        self.assertCanCreateAt(GlimpseIndexPage, GlimpsePage)
        self.assertCanNotCreateAt(HomePage, GlimpsePage)
        self.assertCanNotCreateAt(StandardPage, GlimpsePage)
        self.assertCanNotCreateAt(GlimpsePage, GlimpsePage)
        self.assertAllowedSubpageTypes(GlimpseIndexPage, {GlimpsePage})
        self.assertAllowedSubpageTypes(GlimpsePage, set())
        self.assertAllowedParentPageTypes(GlimpsePage, {GlimpseIndexPage})

    def test_convenor_writes_a_glimpse_in_the_admin(self):
        self.login()
        index = GlimpseIndexPageFactory(parent=self.home)
        friendship = GlimpseThemeFactory(name="Friendship and belonging", slug="friendship")
        speaking = GlimpseThemeFactory(name="Speaking up", slug="speaking-up")
        image = ImageFactory()
        easy_read = DocumentFactory(title="Our club in Easy Read")
        data = nested_form_data(
            {
                "title": "Late-night gigs with a gig buddy",
                "slug": "late-night-gigs",
                "summary": "Friends who go to gigs together.",
                "image": image.pk,
                "organisation": "Night Owls Club",
                "organisation_url": "https://night-owls.example.org",
                "place": "Bristol",
                "region": "south-west",
                "body": streamfield(
                    [
                        ("heading", {"text": "How it started", "level": "h2"}),
                        ("paragraph", rich_text("<p>Friends noticed nobody came to gigs.</p>")),
                    ]
                ),
                "highlights": streamfield([("point", "Nights out end when the band stops.")]),
                "more_url": "https://night-owls.example.org/film",
                "more_text": "Watch their film",
                "easy_read_version": "",
                "easy_read_document": easy_read.pk,
                "featured": "on",
                "listing_summary": "",
                "social_text": "",
            }
        )
        # A list in nested_form_data becomes numbered fields; the checkboxes send one name.
        data["themes"] = [friendship.pk, speaking.pk]
        self.assertCanCreate(index, GlimpsePage, data)
        glimpse = GlimpsePage.objects.get(slug="late-night-gigs")
        assert sorted(theme.slug for theme in glimpse.themes.all()) == ["friendship", "speaking-up"]
        assert (glimpse.region, glimpse.place, glimpse.featured) == ("south-west", "Bristol", True)
        assert [block.value for block in glimpse.highlights] == ["Nights out end when the band stops."]
        assert glimpse.easy_read_document == easy_read

    def test_the_editor_groups_its_fields_with_headings_and_help(self):
        self.login()
        index = GlimpseIndexPageFactory(parent=self.home)
        html = self.client.get(f"/admin/pages/add/glimpses/glimpsepage/{index.pk}/").content.decode()
        for words in (
            "Summary and picture",
            "Who makes it happen, and where",
            "What makes this a glimpse of the future",
            "Find out more",
            "Easy Read",
            "Show on the vision page",
        ):
            assert words in html, words
        # Only a glimpse made from a suggestion shows who suggested it.
        assert "Suggested by a member of the public" not in html

    def test_pages_render_and_are_previewable(self):
        self.login()
        index = GlimpseIndexPageFactory(parent=self.home)
        glimpse = GlimpsePageFactory(parent=index)
        self.assertPageIsRenderable(index)
        self.assertPageIsRenderable(glimpse)
        self.assertPageIsPreviewable(
            glimpse,
            post_data=nested_form_data(
                {
                    "title": "A draft in preview",
                    "slug": glimpse.slug,
                    "summary": "Previewed before publishing.",
                    "region": "london",
                    "place": "",
                    "organisation": "",
                    "organisation_url": "",
                    "body": streamfield([("paragraph", rich_text("<p>Draft words.</p>"))]),
                    "highlights": streamfield([]),
                    "more_url": "",
                    "more_text": "",
                    "easy_read_version": "",
                    "easy_read_document": "",
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )
        self.assertPageIsPreviewable(
            index,
            post_data=nested_form_data(
                {
                    "title": "Glimpses",
                    "slug": "glimpses",
                    "introduction": "Stories.",
                    "suggest_introduction": "Tell us.",
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )

    def test_share_is_not_a_slug_a_glimpse_can_take(self):
        index = GlimpseIndexPageFactory(parent=self.home)
        glimpse = GlimpsePage(title="Share", slug="share", summary="x", region="london", body="[]")
        index.add_child(
            instance=GlimpsePage(title="Fine", slug="fine", summary="x", region="london", body="[]")
        )
        with pytest.raises(ValidationError) as error:
            glimpse.full_clean()
        assert "slug" in error.value.message_dict


@pytest.mark.django_db
def test_themes_have_an_admin_listing_with_search_and_counts(admin_client, make_glimpse, themes):
    make_glimpse("Gigs", themes=[themes["friendship"]])
    make_glimpse("Draft gigs", themes=[themes["friendship"]], live=False)
    html = admin_client.get("/admin/snippets/glimpses/glimpsetheme/").content.decode()
    assert "Friendship and belonging" in html and "Speaking up" in html and "Live glimpses" in html
    listing = BeautifulSoup(html, "html.parser")
    row = next(row for row in listing.select("tbody tr") if "Friendship and belonging" in row.get_text())
    assert "Two people: friendship and belonging" in row.get_text()
    assert re.search(r"\b1\b", row.find_all("td")[-1].get_text())
    html = admin_client.get("/admin/snippets/glimpses/glimpsetheme/?q=speaking").content.decode()
    assert "Speaking up" in html and "Friendship and belonging" not in html


@pytest.mark.django_db
def test_themes_get_a_slug_from_their_name(db):
    assert GlimpseTheme.objects.create(name="Neighbours and sharing").slug == "neighbours-and-sharing"
    assert GlimpseTheme.objects.create(name="Neighbours & sharing").slug == "neighbours-sharing"


def test_every_icon_a_theme_can_have_is_drawn_in_the_sprite():
    sprite = (Path(settings.BASE_DIR) / "static" / "img" / "glimpses-icons.svg").read_text()
    drawn = set(re.findall(r'<symbol id="icon-([\w-]+)"', sprite))
    assert {value for value, _label in THEME_ICONS} | set(OTHER_ICONS) == drawn


# A glimpse --------------------------------------------------------------------------------


@pytest.fixture
def full_glimpse(make_glimpse, themes, home_page):
    easy_page = StandardPageFactory(parent=home_page, title="Gigs in Easy Read", is_easy_read=True)
    return make_glimpse(
        "Late-night gigs with a gig buddy",
        summary="Friends who go to gigs together.",
        image=ImageFactory(credit="Illustration by Ali Artist"),
        organisation="Night Owls Club",
        organisation_url="https://night-owls.example.org",
        place="Bristol",
        region="south-west",
        themes=[themes["friendship"], themes["speaking-up"]],
        body=json.dumps([{"type": "paragraph", "value": "<p>Nights out do not end at nine.</p>"}]),
        highlights=json.dumps(
            [
                {"type": "point", "value": "Members choose the gigs."},
                {"type": "point", "value": "Friendships grow from shared music."},
            ]
        ),
        more_url="https://night-owls.example.org/film",
        more_text="Watch their film",
        easy_read_version=easy_page,
        easy_read_document=DocumentFactory(title="Night Owls in Easy Read"),
    )


@pytest.mark.django_db
def test_a_glimpse_shows_its_story_who_where_themes_and_links(client, full_glimpse):
    page = soup(client.get(full_glimpse.url))
    assert len(page.find_all("h1")) == 1
    header = text(page.select_one(".glimpse-header"))
    assert "Late-night gigs with a gig buddy" in header and "Friends who go to gigs together." in header
    assert "Bristol" in header and "Illustration by Ali Artist" in header
    assert page.select_one(".glimpse-header__where a")["href"] == "/glimpses/?region=south-west"
    assert "Nights out do not end at nine." in text(page.select_one(".glimpse-body__main"))
    highlights = page.select_one(".glimpse-highlights")
    assert highlights.h2.get_text() == "What makes this a glimpse of the future"
    assert [li.get_text() for li in highlights.select("li")] == [
        "Members choose the gigs.",
        "Friendships grow from shared music.",
    ]
    more = page.select_one(".glimpse-more a")
    assert more["href"] == "https://night-owls.example.org/film"
    assert text(more) == "Watch their film about Late-night gigs with a gig buddy"
    facts = page.select_one(".glimpse-facts")
    assert facts.find("a", string="Night Owls Club")["href"] == "https://night-owls.example.org"
    assert [a["href"] for a in facts.select(".theme-tags a")] == [
        "/glimpses/?theme=friendship",
        "/glimpses/?theme=speaking-up",
    ]
    # Each theme's icon comes from the one sprite file.
    uses = [use["href"] for use in facts.select(".theme-tags use")]
    assert len(uses) == 2 and all(re.match(r"/static/img/glimpses-icons\.[\w.]*svg#icon-", u) for u in uses)
    assert page.select_one(".easy-read-link a")["href"] == full_glimpse.easy_read_version.url
    attachment = text(page.select_one(".glimpse-facts__easy-read"))
    assert "Easy Read" in attachment and "Night Owls in Easy Read" in attachment and "PDF" in attachment


@pytest.mark.django_db
def test_find_out_more_can_be_a_page_on_this_site_while_it_is_live(client, full_glimpse, home_page):
    post = StandardPageFactory(parent=home_page, title="How the gigs began", slug="how-the-gigs-began")
    full_glimpse.more_page = post
    full_glimpse.save_revision().publish()
    assert soup(client.get(full_glimpse.url)).select_one(".glimpse-more a")["href"] == "/how-the-gigs-began/"
    post.unpublish()
    assert soup(client.get(full_glimpse.url)).select_one(".glimpse-more a")["href"] == (
        "https://night-owls.example.org/film"
    )


@pytest.mark.django_db
def test_a_glimpse_without_the_optional_parts_still_reads_well(client, make_glimpse):
    glimpse = make_glimpse("A quiet glimpse", place="", region="online")
    page = soup(client.get(glimpse.url))
    assert page.select_one(".glimpse-highlights") is None
    assert page.select_one(".glimpse-more") is None
    assert page.select_one(".easy-read-link") is None
    assert text(page.select_one(".glimpse-header__where")) == "More glimpses from Online"


@pytest.mark.django_db
def test_json_ld_is_an_article_about_its_themes_covering_its_place(client, full_glimpse):
    page = soup(client.get(full_glimpse.url))
    blocks = page.head.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads(blocks[0].string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == "Late-night gigs with a gig buddy"
    assert data["mainEntityOfPage"]["@id"] == "http://testserver" + full_glimpse.url
    assert [(about["@type"], about["name"], about["url"]) for about in data["about"]] == [
        ("DefinedTerm", "Friendship and belonging", "http://testserver/glimpses/?theme=friendship"),
        ("DefinedTerm", "Speaking up", "http://testserver/glimpses/?theme=speaking-up"),
    ]
    assert data["spatialCoverage"] == {
        "@type": "Place",
        "name": "Bristol",
        "address": {
            "@type": "PostalAddress",
            "addressRegion": "South West",
            "addressCountry": "GB",
            "addressLocality": "Bristol",
        },
    }
    assert data["mentions"] == [
        {"@type": "Organization", "name": "Night Owls Club", "url": "https://night-owls.example.org"}
    ]
    assert data["publisher"]["name"] == "Social Care Future"
    assert data["image"][0].startswith("http://testserver/") and data["image"][0].endswith(".jpg")


@pytest.mark.django_db
def test_json_ld_for_glimpses_online_and_across_england(make_glimpse):
    for region in ("online", "national"):
        glimpse = make_glimpse(region=region, place="")
        assert glimpse.get_json_ld()["spatialCoverage"] == {"@type": "Country", "name": "England"}
    in_london = make_glimpse(region="london", place="")
    assert in_london.get_json_ld()["spatialCoverage"]["name"] == "London"


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script(client, make_glimpse):
    glimpse = make_glimpse("Closing </script><script>alert(1)</script> tags")
    head = client.get(glimpse.url).content.decode().split("</head>")[0]
    assert "<script>alert(1)" not in head


@pytest.mark.django_db
def test_related_glimpses_share_themes_first_then_the_region(client, make_glimpse, themes):
    friendship, speaking, home = themes["friendship"], themes["speaking-up"], themes["home"]
    glimpse = make_glimpse("The glimpse", region="london", themes=[friendship, speaking])
    make_glimpse("Same region, newest", region="london", themes=[home])
    make_glimpse("One theme, older", region="north-east", themes=[speaking])
    make_glimpse("Two themes, oldest", region="north-east", themes=[friendship, speaking])
    make_glimpse("Nothing in common", region="south-west", themes=[home])
    make_glimpse("Draft, two themes", region="london", themes=[friendship, speaking], live=False)
    # Created in this order, so each is newer than the one before.
    related = glimpse.get_related()
    assert [item.title for item in related] == [
        "Two themes, oldest",
        "One theme, older",
        "Same region, newest",
    ]
    page = soup(client.get(glimpse.url))
    assert [a.get_text() for a in page.select(".related-glimpses .card__link")] == [
        "Two themes, oldest",
        "One theme, older",
        "Same region, newest",
    ]


@pytest.mark.django_db
def test_related_glimpses_never_include_the_glimpse_itself_and_can_be_none(client, make_glimpse):
    lonely = make_glimpse("Lonely", region="east-midlands")
    assert lonely.get_related() == []
    assert soup(client.get(lonely.url)).select_one(".related-glimpses") is None


@pytest.mark.django_db
def test_a_card_shows_picture_credit_title_place_themes_and_summary(make_glimpse, themes):
    from django.template.loader import render_to_string

    glimpse = make_glimpse(
        "A circle of support",
        place="Hackney",
        region="london",
        summary="Friends meet every month.",
        image=ImageFactory(credit="Illustration by Ali Artist"),
        themes=[themes["friendship"]],
    )
    card = BeautifulSoup(render_to_string(glimpse.card_template, {"item": glimpse}), "html.parser")
    assert card.article["class"] == ["card", "glimpse-card"]
    assert card.h3.a["href"] == glimpse.url and card.h3.get_text(strip=True) == "A circle of support"
    assert text(card.select_one(".glimpse-where")) == "Hackney · London"
    assert "Illustration by Ali Artist" in text(card)
    assert text(card.select_one(".card__summary")) == "Friends meet every month."
    assert [text(tag) for tag in card.select(".theme-tag")] == ["Friendship and belonging"]
    assert card.select_one(".theme-tag use")["href"].endswith("#icon-people")
    result = BeautifulSoup(
        render_to_string(glimpse.card_template, {"item": glimpse, "variant": "result"}), "html.parser"
    )
    assert result.img is None and "Glimpse of the future" in text(result)
    assert text(result.select_one(".glimpse-where")) == "Hackney · London"


@pytest.mark.django_db
def test_site_search_finds_glimpses_and_shows_them_with_their_partial(client, make_glimpse):
    make_glimpse("A library of things", summary="Neighbours borrow drills and wheelchairs.")
    page = soup(client.get("/search/?q=wheelchairs"))
    result = page.select_one(".glimpse-result")
    assert result is not None and "A library of things" in text(result)


# The vision page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_vision_page_shows_up_to_three_featured_glimpses(client, make_glimpse):
    for number in range(4):
        make_glimpse(f"Featured {number}", featured=True)
    make_glimpse("Not featured")
    make_glimpse("Featured draft", featured=True, live=False)
    band = soup(client.get("/")).select_one(".home-glimpses")
    assert band.h2.get_text() == "Glimpses of the future"
    assert [a.get_text() for a in band.select(".card__link")] == ["Featured 3", "Featured 2", "Featured 1"]
    assert band.select_one(".section__more a")["href"] == "/glimpses/"


@pytest.mark.django_db
def test_no_featured_glimpses_means_no_band(client, make_glimpse):
    make_glimpse("Not featured")
    assert soup(client.get("/")).select_one(".home-glimpses") is None
