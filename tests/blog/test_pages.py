"""The blog: where its pages can be created, what the listing, a post and the
feed show, that bad input never errors, and that the queries stay fixed."""

import datetime
import io
import json
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import (
    BlogAuthor,
    BlogCategory,
    BlogIndexPage,
    BlogPostAuthor,
    BlogPostPage,
    BlogPostRelatedPost,
)
from socialcarefuture.models import HomePage, SiteSettings, StandardPage
from tests.blog.factories import (
    BlogAuthorFactory,
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPostPageFactory,
)
from tests.factories import DocumentFactory, ImageFactory, StandardPageFactory, build_site

DC = "{http://purl.org/dc/elements/1.1/}"


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    """An element's text as a reader hears it, with runs of white space collapsed."""
    return " ".join(element.get_text().split())


def card_titles(page_soup):
    return [link.get_text(strip=True) for link in page_soup.select(".blog-cards .card__link")]


# Where pages can be created, and the admin ------------------------------------------


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()

    def test_blog_index_only_under_the_vision_page_and_only_once(self):
        self.assertCanCreateAt(HomePage, BlogIndexPage)
        self.assertCanNotCreateAt(StandardPage, BlogIndexPage)
        self.assertCanNotCreateAt(Page, BlogIndexPage)
        self.assertCanNotCreateAt(BlogIndexPage, BlogIndexPage)
        BlogIndexPageFactory(parent=self.home)
        self.assertFalse(BlogIndexPage.can_create_at(self.home))

    def test_posts_only_in_the_blog_and_have_no_children(self):
        self.assertCanCreateAt(BlogIndexPage, BlogPostPage)
        self.assertCanNotCreateAt(HomePage, BlogPostPage)
        self.assertCanNotCreateAt(StandardPage, BlogPostPage)
        self.assertCanNotCreateAt(BlogPostPage, BlogPostPage)
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertAllowedSubpageTypes(BlogPostPage, set())
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})

    def test_convenor_writes_a_post_with_two_authors_topics_and_a_publication(self):
        self.login()
        blog = BlogIndexPageFactory(parent=self.home)
        jo = BlogAuthorFactory(name="Jo Whitfield", slug="jo-whitfield")
        sam = BlogAuthorFactory(name="Sam Okafor", slug="sam-okafor")
        news = BlogCategoryFactory(name="Publication", slug="publication")
        earlier = BlogPostPageFactory(parent=blog, title="An earlier post")
        image = ImageFactory()
        report = DocumentFactory(title="The full report")
        easy_read = DocumentFactory(title="The Easy Read summary")
        self.assertCanCreate(
            blog,
            BlogPostPage,
            nested_form_data(
                {
                    "title": "Talking about a brighter social care future",
                    "slug": "talking-about-a-brighter-future",
                    "introduction": "Our framing report.",
                    "hero_image": image.pk,
                    "post_authors": inline_formset([{"author": sam.pk}, {"author": jo.pk}]),
                    "date": "2019-10-15",
                    "category": news.pk,
                    "tags": "reframing, easy read",
                    "body": streamfield(
                        [
                            ("heading", {"text": "What is in it", "level": "h2"}),
                            ("paragraph", rich_text("<p>How to talk about care and support.</p>")),
                        ]
                    ),
                    "downloads": streamfield(
                        [
                            (
                                "document",
                                {
                                    "document": report.pk,
                                    "title": "",
                                    "description": "The full report.",
                                    "easy_read": easy_read.pk,
                                },
                            )
                        ]
                    ),
                    "related_links": inline_formset([{"post": earlier.pk}]),
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )
        post = BlogPostPage.objects.get(slug="talking-about-a-brighter-future")
        assert [author.name for author in post.authors] == ["Sam Okafor", "Jo Whitfield"]
        assert sorted(tag.name for tag in post.tags.all()) == ["easy read", "reframing"]
        assert post.date == datetime.date(2019, 10, 15)
        assert post.downloads[0].value["easy_read"] == easy_read
        assert [link.post for link in post.related_links.all()] == [earlier]

    def test_the_editor_shows_author_and_related_post_choosers(self):
        self.login()
        blog = BlogIndexPageFactory(parent=self.home)
        response = self.client.get(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        for text in (
            "Authors",
            "Related posts",
            "Date, category and topics",
            "Leave empty and the post is dated",
        ):
            assert text in html, text

    def test_posts_are_previewable(self):
        self.login()
        blog = BlogIndexPageFactory(parent=self.home)
        post = BlogPostPageFactory(parent=blog, title="A draft")
        self.assertPageIsRenderable(post)
        self.assertPageIsRenderable(blog)
        self.assertPageIsPreviewable(
            post,
            post_data=nested_form_data(
                {
                    "title": "A draft in preview",
                    "slug": post.slug,
                    "introduction": "",
                    "post_authors": inline_formset([]),
                    "related_links": inline_formset([]),
                    "tags": "preview",
                    "body": streamfield([("paragraph", rich_text("<p>Draft words.</p>"))]),
                    "downloads": streamfield([]),
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )

    def test_the_blog_page_is_previewable(self):
        self.login()
        blog = BlogIndexPageFactory(parent=self.home)
        BlogPostPageFactory(parent=blog, title="Already published")
        self.assertPageIsPreviewable(
            blog,
            post_data=nested_form_data(
                {
                    "title": "Blog",
                    "slug": "blog",
                    "introduction": "Stories from the movement.",
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )

    def test_feed_is_not_a_slug_a_post_can_take(self):
        blog = BlogIndexPageFactory(parent=self.home)
        post = BlogPostPage(title="Feed", slug="feed")
        blog.add_child(instance=BlogPostPage(title="Fine", slug="fine"))
        with pytest.raises(ValidationError) as error:
            post.full_clean()
        assert "slug" in error.value.message_dict


@pytest.mark.django_db
def test_authors_and_categories_have_admin_listings_with_search_and_filters(admin_client, home_page):
    photo = ImageFactory()
    BlogAuthorFactory(name="Jo Whitfield", slug="jo-whitfield", photo=photo)
    BlogAuthorFactory(name="Sam Okafor", slug="sam-okafor", bio="")
    BlogCategoryFactory(name="Event report", slug="event-report")

    html = admin_client.get("/admin/snippets/blog/blogauthor/").content.decode()
    assert "Jo Whitfield" in html and "Sam Okafor" in html and "Posts" in html
    html = admin_client.get("/admin/snippets/blog/blogauthor/?q=jo").content.decode()
    assert "Jo Whitfield" in html and "Sam Okafor" not in html
    html = admin_client.get("/admin/snippets/blog/blogauthor/?has_photo=true").content.decode()
    assert "Jo Whitfield" in html and "Sam Okafor" not in html
    html = admin_client.get("/admin/snippets/blog/blogauthor/?has_bio=false").content.decode()
    assert "Sam Okafor" in html and "Jo Whitfield" not in html
    html = admin_client.get("/admin/snippets/blog/blogcategory/").content.decode()
    assert "Event report" in html and "Live posts" in html


@pytest.mark.django_db
def test_authors_and_categories_get_a_slug_from_their_name(home_page):
    first = BlogAuthor.objects.create(name="Jo Whitfield")
    second = BlogAuthor.objects.create(name="Jo Whitfield")
    assert (first.slug, second.slug) == ("jo-whitfield", "jo-whitfield-2")
    assert BlogCategory.objects.create(name="Event report").slug == "event-report"


# The listing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_listing_shows_newest_first_twelve_a_page(client, make_post):
    # Twelve: whole rows of one, two, three or four cards.
    for number in range(14):
        make_post(f"Post {number:02}", published=f"2024-01-{number + 1:02}")
    page_one = soup(client.get("/blog/"))
    assert card_titles(page_one) == [f"Post {number:02}" for number in range(13, 1, -1)]
    assert page_one.select_one(".pagination [aria-current=page]").get_text(" ", strip=True) == "Page 1"
    page_two = soup(client.get("/blog/?page=2"))
    assert card_titles(page_two) == ["Post 01", "Post 00"]
    assert "(page 2 of 2)" in page_two.title.get_text()


@pytest.mark.django_db
def test_card_shows_what_a_reader_needs(client, make_post):
    jo = BlogAuthorFactory(name="Jo Whitfield")
    sam = BlogAuthorFactory(name="Sam Okafor")
    news = BlogCategoryFactory(name="News", slug="news")
    make_post(
        "Gatherings in 2020",
        published="2020-01-14",
        category=news,
        authors=[jo, sam],
        hero_image=ImageFactory(credit="Illustration by Ali Artist"),
        listing_summary="We are meeting every three months.",
    )
    card = soup(client.get("/blog/")).select_one(".post-card")
    text = card.get_text(" ", strip=True)
    assert "News" in text
    assert "14 January 2020" in text and card.time["datetime"] == "2020-01-14"
    assert "By Jo Whitfield and Sam Okafor" in text
    assert "We are meeting every three months." in text
    assert "Illustration by Ali Artist" in text
    assert card.img["srcset"] and ".webp" in card.img["srcset"]
    more = card.select_one(".post-card__more-link")
    assert more.get_text(" ", strip=True) == "Read more of “Gatherings in 2020”"


@pytest.mark.django_db
def test_a_post_without_authors_is_signed_by_the_team(client, make_post):
    make_post("From the team")
    assert "By the Social Care Future team" in soup(client.get("/blog/")).select_one(".post-card").get_text()


@pytest.mark.django_db
def test_date_defaults_to_first_publication_and_can_be_set_by_hand(client, blog, make_post):
    make_post("Dated by hand", published="2025-03-01", date=datetime.date(2018, 11, 23))
    make_post("Dated by publication", published="2021-06-09 14:30")
    undated = BlogPostPage(title="Published today", slug="published-today")
    blog.add_child(instance=undated)
    undated.save_revision().publish()

    page = soup(client.get("/blog/"))
    assert card_titles(page) == ["Published today", "Dated by publication", "Dated by hand"]
    dates = [time["datetime"] for time in page.select(".blog-cards time")]
    assert dates == [timezone.localdate().isoformat(), "2021-06-09", "2018-11-23"]
    # The year archive uses the same dates.
    years = {link.year: link.count for link in soup_years(client)}
    assert years == {timezone.localdate().year: 1, 2021: 1, 2018: 1}


def soup_years(client):
    from types import SimpleNamespace

    page = soup(client.get("/blog/"))
    links = []
    for link in page.select(".blog-years__link"):
        year, count = text(link).split(" ", 1)
        links.append(SimpleNamespace(year=int(year), count=int(count.strip("()").split()[0])))
    return links


@pytest.fixture
def filtered_blog(make_post):
    """Six posts across two categories, three authors, two years and three topics."""
    news = BlogCategoryFactory(name="News", slug="news")
    reports = BlogCategoryFactory(name="Event report", slug="event-report")
    jo = BlogAuthorFactory(
        name="Jo Whitfield", slug="jo-whitfield", bio="Jo helps run a self-advocacy group."
    )
    sam = BlogAuthorFactory(name="Sam Okafor", slug="sam-okafor")
    morgan = BlogAuthorFactory(name="Morgan Ellis", slug="morgan-ellis")
    make_post(
        "Manchester gathering", published="2020-02-10", category=reports, authors=[jo], tags=["gatherings"]
    )
    make_post(
        "Festival online",
        published="2020-11-30",
        category=reports,
        authors=[sam],
        tags=["gatherings", "online"],
    )
    make_post("Pledge news", published="2021-09-07", category=news, authors=[jo, sam], tags=["the pledge"])
    make_post("Charter news", published="2021-02-14", category=news, authors=[morgan], tags=["local change"])
    make_post(
        "Providers gathering", published="2021-07-05", category=reports, authors=[sam], tags=["gatherings"]
    )
    make_post("Uncategorised thoughts", published="2020-06-09", authors=[morgan])
    return {"news": news, "reports": reports, "jo": jo, "sam": sam, "morgan": morgan}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=news", ["Pledge news", "Charter news"]),
        ("tag=gatherings", ["Providers gathering", "Festival online", "Manchester gathering"]),
        ("author=jo-whitfield", ["Pledge news", "Manchester gathering"]),
        ("year=2020", ["Festival online", "Uncategorised thoughts", "Manchester gathering"]),
        ("category=event-report&year=2021", ["Providers gathering"]),
        ("tag=gatherings&author=sam-okafor", ["Providers gathering", "Festival online"]),
        ("category=news&author=jo-whitfield&year=2021", ["Pledge news"]),
        ("tag=gatherings&year=2021&author=jo-whitfield", []),
        ("category=NEWS", ["Pledge news", "Charter news"]),
    ],
)
def test_filters_combine(client, filtered_blog, query, expected):
    assert card_titles(soup(client.get(f"/blog/?{query}"))) == expected


@pytest.mark.django_db
def test_active_filters_are_shown_and_each_can_be_removed(client, filtered_blog):
    page = soup(client.get("/blog/?category=news&author=jo-whitfield&year=2021&page=1"))
    chips = {link.get_text(" ", strip=True): link["href"] for link in page.select(".active-filters__list a")}
    assert chips == {
        "Remove filter Category: News ×": "/blog/?author=jo-whitfield&year=2021",
        "Remove filter Author: Jo Whitfield ×": "/blog/?category=news&year=2021",
        "Remove filter Year: 2021 ×": "/blog/?category=news&author=jo-whitfield",
    }
    assert page.select_one(".active-filters__clear a")["href"] == "/blog/"
    # The form shows the current choices, so that changing one keeps the others.
    assert page.select_one("#blog-category option[selected]")["value"] == "news"
    assert page.select_one("#blog-author option[selected]")["value"] == "jo-whitfield"
    assert page.select_one("#blog-year option[selected]")["value"] == "2021"
    assert page.find("h2", id="blog-results-heading").get_text() == "Posts in News by Jo Whitfield from 2021"


@pytest.mark.django_db
def test_filter_form_offers_only_what_has_posts_and_works_without_script(client, filtered_blog, blog):
    BlogCategoryFactory(name="Empty category", slug="empty")
    page = soup(client.get("/blog/"))
    form = page.select_one("form.finder__form")
    assert form["method"] == "get" and form["action"] == "/blog/"
    assert form.select_one("fieldset legend").get_text() == "Filter posts"
    for control in form.select("input, select"):
        assert page.find("label", attrs={"for": control["id"]}), control
    categories = [option.get_text() for option in form.select("#blog-category option")]
    assert categories == ["All categories", "Event report", "News"]
    years = [option.get_text() for option in form.select("#blog-year option")]
    assert years == ["Any year", "2021 (3)", "2020 (3)"]
    assert [option["value"] for option in form.select("#blog-tag option")][1:] == [
        "gatherings",
        "local-change",
        "online",
        "the-pledge",
    ]


@pytest.mark.django_db
def test_year_archive_links_keep_the_other_filters_and_mark_the_current_year(client, filtered_blog):
    page = soup(client.get("/blog/?author=sam-okafor&year=2021"))
    links = {text(link): link for link in page.select(".blog-years__link")}
    # Counted with the other filters (Sam's posts), so each link shows as many as it says.
    assert links["2020 (1 post)"]["href"] == "/blog/?author=sam-okafor&year=2020"
    assert links["2021 (2 posts)"]["aria-current"] == "true"
    assert "aria-current" not in links["2020 (1 post)"].attrs
    # News has posts only in 2021: no link to an empty 2020.
    page = soup(client.get("/blog/?category=news&year=2021"))
    assert [text(link) for link in page.select(".blog-years__link")] == ["2021 (2 posts)"]


@pytest.mark.django_db
def test_an_author_filter_is_the_authors_page(client, filtered_blog):
    page = soup(client.get("/blog/?author=jo-whitfield"))
    intro = page.select_one(".author-intro").get_text(" ", strip=True)
    assert "Jo Whitfield" in intro and "Jo helps run a self-advocacy group." in intro
    assert page.find("h2", id="blog-results-heading").get_text() == "Posts by Jo Whitfield"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("tag=nope", "We could not find the topic “nope”"),
        ("category=nope", "We could not find the category “nope”"),
        ("author=nobody", "We could not find the author “nobody”"),
        ("year=abcd", "“abcd” is not a year"),
        ("year=1800", "“1800” is not a year"),
        ("year=２０２１", "is not a year"),
        ("tag=nope&category=news", "We could not find the topic “nope”"),
    ],
)
def test_unknown_filters_show_a_clear_empty_state(client, filtered_blog, query, message):
    response = client.get(f"/blog/?{query}")
    page = soup(response)
    assert card_titles(page) == []
    empty = page.select_one(".empty-state").get_text(" ", strip=True)
    assert message in empty
    assert page.select_one(".empty-state a")["href"] == "/blog/"
    assert response["X-Robots-Tag"] == "noindex"
    # Links on the page drop the value we could not use.
    for link in page.select(".blog-years__link"):
        assert "nope" not in link["href"] and "abcd" not in link["href"]


@pytest.mark.django_db
def test_a_real_year_without_posts_says_so(client, filtered_blog):
    page = soup(client.get("/blog/?year=2019"))
    assert "No posts match all of these at once" in page.select_one(".empty-state").get_text()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected_page"),
    [("page=abc", 1), ("page=0", 1), ("page=-2", 1), ("page=999", 2), ("page=2", 2), ("page=1.5", 1)],
)
def test_a_bad_page_number_never_errors(client, make_post, query, expected_page):
    for number in range(14):
        make_post(published=f"2023-03-{number + 1:02}")
    page = soup(client.get(f"/blog/?{query}"))
    current = page.select_one(".pagination [aria-current=page]").get_text(" ", strip=True)
    assert current == f"Page {expected_page}"


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, make_post):
    news = BlogCategoryFactory(name="News", slug="news")
    for number in range(13):
        make_post(published=f"2022-05-{number + 1:02}", category=news)
    make_post("Not news", published="2022-06-01")
    page = soup(client.get("/blog/?category=news"))
    next_link = page.select_one(".pagination a[rel=next]")["href"]
    assert parse_qs(urlsplit(next_link.replace("&amp;", "&")).query) == {"category": ["news"], "page": ["2"]}
    assert len(card_titles(soup(client.get("/blog/" + next_link)))) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "tag=<script>alert(1)</script>",
        "q=<b>bold</b>",
        "author=" + "x" * 5000,
        "q=" + "word " * 500,
        "category=%00",
        "q=%00nul&tag=a%00b",
        "year=2021&year=abcd",
        "q=%22unbalanced",
        "q=%22",
        "q=%21%3F+-+*",
        "q=caf%C3%A9+%F0%9F%8C%BB",
        "tag=news%0D%0ASet-Cookie:+x=1",
    ],
)
def test_odd_input_is_safe(client, filtered_blog, query):
    response = client.get(f"/blog/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "Set-Cookie" not in response.headers


# Search ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_looks_at_posts_only_and_combines_with_filters(client, home_page, filtered_blog, make_post):
    StandardPageFactory(parent=home_page, title="Kaleidoscope page", introduction="kaleidoscope")
    make_post("A kaleidoscope of support", published="2021-03-01", category=filtered_blog["news"])
    make_post("Another kaleidoscope", published="2020-03-01")
    assert card_titles(soup(client.get("/blog/?q=kaleidoscope"))) == [
        "A kaleidoscope of support",
        "Another kaleidoscope",
    ]
    assert card_titles(soup(client.get("/blog/?q=kaleidoscope&year=2021"))) == ["A kaleidoscope of support"]
    page = soup(client.get("/blog/?q=  kaleidoscope   support "))
    assert page.select_one("#blog-q")["value"] == "kaleidoscope support"


@pytest.mark.django_db
def test_search_with_no_match_offers_a_way_back(client, filtered_blog):
    response = client.get("/blog/?q=zebra+crossing")
    page = soup(response)
    assert card_titles(page) == []
    assert "No posts to show" in page.select_one(".empty-state").get_text()
    assert page.select_one(".active-filters__list a")["href"] == "/blog/"
    assert response["X-Robots-Tag"] == "noindex"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.django_db
def test_site_search_shows_posts_with_the_blog_partial(client, make_post):
    make_post("Knowing your rights", published="2023-06-20", introduction="The Care Act makes promises.")
    page = soup(client.get("/search/?q=rights"))
    result = page.select_one(".post-result")
    assert result is not None
    assert "Blog post" in result.get_text() and result.time["datetime"] == "2023-06-20"


# A post -----------------------------------------------------------------------------------


@pytest.fixture
def full_post(blog, make_post):
    jo = BlogAuthorFactory(
        name="Jo Whitfield", slug="jo-whitfield", role="Member", bio="Jo loves live music."
    )
    jo.photo = ImageFactory(credit="Photo by a friend")
    jo.save()
    morgan = BlogAuthorFactory(name="Morgan Ellis", slug="morgan-ellis", role="Researcher")
    report = DocumentFactory(title="The report")
    easy = DocumentFactory(title="The report in Easy Read")
    return make_post(
        "Talking about a brighter social care future",
        published="2019-10-15 09:30",
        category=BlogCategoryFactory(name="Publication", slug="publication"),
        introduction="Our framing report.",
        hero_image=ImageFactory(credit="Illustration by Ali Artist"),
        authors=[morgan, jo],
        tags=["reframing", "easy read"],
        body=json.dumps([{"type": "paragraph", "value": "<p>How we talk about care matters.</p>"}]),
        downloads=json.dumps(
            [
                {
                    "type": "document",
                    "value": {"document": report.pk, "title": "", "description": "", "easy_read": easy.pk},
                }
            ]
        ),
    )


@pytest.mark.django_db
def test_post_shows_authors_date_category_topics_picture_and_downloads(client, full_post):
    page = soup(client.get(full_post.url))
    assert len(page.find_all("h1")) == 1
    header = page.select_one(".post-header").get_text(" ", strip=True)
    assert "Publication" in header and "By Morgan Ellis and Jo Whitfield" in header
    assert page.select_one(".post-byline time")["datetime"] == "2019-10-15"
    assert "Tuesday 15 October 2019" in header
    assert page.select_one(".post-header__category a")["href"] == "/blog/?category=publication"
    assert "Illustration by Ali Artist" in header
    assert [a["href"] for a in page.select(".tag-list a")] == ["/blog/?tag=easy-read", "/blog/?tag=reframing"]
    downloads = page.select_one(".post-downloads").get_text(" ", strip=True)
    assert "The report" in downloads and "Easy Read" in downloads and "The report in Easy Read" in downloads
    authors = page.select(".author-card")
    assert [card.h3.get_text() for card in authors] == ["Morgan Ellis", "Jo Whitfield"]
    assert (
        "Jo loves live music." in authors[1].get_text()
        and "Picture: Photo by a friend" in authors[1].get_text()
    )
    assert authors[1].select_one(".author-card__more a")["href"] == "/blog/?author=jo-whitfield"
    assert "How we talk about care matters." in page.select_one(".post-body").get_text()


@pytest.mark.django_db
def test_share_links_are_plain_urls_without_third_party_scripts(client, full_post):
    response = client.get(full_post.url)
    page = soup(response)
    links = [a["href"] for a in page.select(".share__list a")]
    url = "http://testserver/blog/" + full_post.slug + "/"
    assert links[0].startswith("mailto:?subject=Talking%20about")
    hosts = [urlsplit(link).netloc for link in links[1:]]
    assert hosts == ["x.com", "www.facebook.com", "www.linkedin.com"]
    for link in links[1:]:
        assert url in [value for values in parse_qs(urlsplit(link).query).values() for value in values]
    scripts = [script.get("src") for script in page.find_all("script") if script.get("src")]
    assert all(src.startswith("/static/") for src in scripts)


@pytest.mark.django_db
def test_json_ld_describes_the_post(client, full_post):
    page = soup(client.get(full_post.url))
    blocks = page.head.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads(blocks[0].string)
    assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
    assert data["headline"] == "Talking about a brighter social care future"
    assert datetime.datetime.fromisoformat(data["datePublished"]) == full_post.first_published_at
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= full_post.first_published_at
    assert [author["name"] for author in data["author"]] == ["Morgan Ellis", "Jo Whitfield"]
    assert data["author"][1]["url"] == "http://testserver/blog/?author=jo-whitfield"
    assert data["image"][0].startswith("http://testserver/") and data["image"][0].endswith(".jpg")
    assert data["publisher"]["name"] == "Social Care Future"
    assert data["mainEntityOfPage"]["@id"] == "http://testserver" + full_post.url
    assert data["keywords"] == ["easy read", "reframing"]


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script(client, make_post):
    post = make_post("Closing </script><script>alert(1)</script> tags & more")
    html = client.get(post.url).content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in head
    block = BeautifulSoup(head, "html.parser").find("script", type="application/ld+json")
    assert json.loads(block.string)["headline"].startswith("Closing </script>")


@pytest.mark.django_db
def test_post_keeps_a_strict_content_security_policy(client, full_post):
    response = client.get(full_post.url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_related_posts_hand_picked_first_then_shared_topics_newest_first(client, make_post):
    post = make_post("The post", published="2024-01-01", tags=["gatherings", "online"])
    picked_old = make_post("Picked, old", published="2019-01-01")
    make_post("Shares a topic, oldest", published="2020-01-01", tags=["online"])
    shares_newer = make_post("Shares a topic, newer", published="2023-01-01", tags=["gatherings"])
    shares_newest = make_post(
        "Shares two topics, newest", published="2023-06-01", tags=["gatherings", "online"]
    )
    make_post("Shares nothing", published="2024-06-01", tags=["other"])
    draft = make_post("Shares a topic, draft", published="2024-02-01", tags=["gatherings"], live=False)
    BlogPostRelatedPost.objects.create(page=post, post=picked_old, sort_order=0)
    BlogPostRelatedPost.objects.create(page=post, post=draft, sort_order=1)

    related = post.get_related_posts()
    assert [item.title for item in related] == [picked_old.title, shares_newest.title, shares_newer.title]
    page = soup(client.get(post.url))
    assert [a.get_text() for a in page.select(".related-posts .card__link")] == [
        "Picked, old",
        "Shares two topics, newest",
        "Shares a topic, newer",
    ]


@pytest.mark.django_db
def test_related_posts_never_include_the_post_itself_and_can_be_none(client, make_post):
    lonely = make_post("Lonely", tags=["unique"])
    BlogPostRelatedPost.objects.create(page=lonely, post=lonely, sort_order=0)
    assert lonely.get_related_posts() == []
    assert soup(client.get(lonely.url)).select_one(".related-posts") is None


# The feed --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_feed_is_valid_rss_with_the_latest_twenty(client, make_post):
    jo = BlogAuthorFactory(name="Jo Whitfield")
    sam = BlogAuthorFactory(name="Sam Okafor")
    news = BlogCategoryFactory(name="News", slug="news")
    for number in range(25):
        make_post(
            f"Post {number:02}",
            published=f"2024-02-{number + 1:02}",
            authors=[jo, sam] if number % 2 else [],
            category=news,
            tags=["gatherings"],
            listing_summary=f"Summary of post {number:02}.",
        )
    response = client.get("/blog/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.attrib["version"] == "2.0"
    channel = root.find("channel")
    assert channel.findtext("link") == "http://testserver/blog/"
    assert channel.findtext("title") and channel.findtext("description")
    items = channel.findall("item")
    assert len(items) == 20
    assert [item.findtext("title") for item in items[:3]] == ["Post 24", "Post 23", "Post 22"]
    newest, second = items[0], items[1]
    assert (
        newest.findtext("link")
        == "http://testserver/blog/" + BlogPostPage.objects.get(title="Post 24").slug + "/"
    )
    assert newest.findtext("description") == "Summary of post 24."
    assert parsedate_to_datetime(newest.findtext("pubDate")).date() == datetime.date(2024, 2, 25)
    assert newest.findtext(f"{DC}creator") == "The Social Care Future team"
    assert second.findtext(f"{DC}creator") == "Jo Whitfield and Sam Okafor"
    assert [category.text for category in newest.findall("category")] == ["News", "gatherings"]
    for item in items:
        assert item.findtext("link").startswith("http://testserver/")
        assert item.findtext("guid").startswith("http://testserver/")
        parsedate_to_datetime(item.findtext("pubDate"))


@pytest.mark.django_db
def test_feed_dates_a_back_dated_post_on_its_own_day(client, make_post):
    make_post("Moved from the old site", published="2025-01-01", date=datetime.date(2018, 11, 23))
    item = ET.fromstring(client.get("/blog/feed/").content).find("channel/item")
    assert parsedate_to_datetime(item.findtext("pubDate")).date() == datetime.date(2018, 11, 23)


@pytest.mark.django_db
def test_every_page_links_to_the_feed(client, full_post):
    for url in ("/", "/blog/", full_post.url):
        link = soup(client.get(url)).find("link", rel="alternate", type="application/rss+xml")
        assert link["href"] == "/blog/feed/"


# The vision page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_vision_page_shows_the_newest_three_posts(client, make_post):
    for number in range(5):
        make_post(f"Post {number}", published=f"2024-04-{number + 1:02}")
    make_post("Not published", published="2024-05-01", live=False)
    section = soup(client.get("/")).select_one(".latest-posts")
    assert [a.get_text() for a in section.select(".card__link")] == ["Post 4", "Post 3", "Post 2"]
    assert section.select_one(".section__more a")["href"] == "/blog/"


@pytest.mark.django_db
def test_vision_page_has_no_latest_posts_section_without_posts(client, blog):
    assert soup(client.get("/")).select_one(".latest-posts") is None


# Accessibility invariants ----------------------------------------------------------------------


@pytest.mark.django_db
def test_blog_pages_keep_the_accessibility_invariants(client, full_post):
    for url in ("/blog/", "/blog/?category=publication", "/blog/?q=nothing-here", full_post.url):
        page = soup(client.get(url))
        assert page.html["lang"] == "en-GB"
        assert page.title.get_text(strip=True)
        assert len(page.find_all("h1")) == 1, url
        assert page.select_one("a.skip-link")["href"] == "#main"
        assert page.find("main", id="main")
        for control in page.select("main input, main select"):
            assert page.find("label", attrs={"for": control["id"]}), (url, control)
        for image in page.select("main img"):
            assert image.get("alt") and image.get("width") and image.get("height"), (url, image)


# Demo content ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_blog_content_loads_once(demo_site, client):
    out = io.StringIO()

    def snapshot():
        return {
            "posts": sorted(BlogPostPage.objects.values_list("slug", "latest_revision_id", "live")),
            "authors": sorted(BlogAuthor.objects.values_list("slug", "name")),
            "categories": sorted(BlogCategory.objects.values_list("slug", "name")),
            "links": BlogPostAuthor.objects.count(),
            "related": BlogPostRelatedPost.objects.count(),
            "menu": [dict(block["value"]) for block in SiteSettings.objects.get().main_menu.raw_data],
        }

    first = snapshot()
    call_command("load_demo_content", stdout=out)
    assert snapshot() == first
    assert "Blog demo content already exists" in out.getvalue()

    blog = BlogIndexPage.objects.get()
    posts = list(blog.get_posts())
    assert len(posts) >= 12
    assert {post.post_date.year for post in posts} >= set(range(2018, 2026))
    assert {post.category.name for post in posts} == {"News", "Stories", "Publication", "Event report"}
    assert all(post.tags.exists() for post in posts)
    assert len({author.slug for post in posts for author in post.authors}) >= 3
    assert any(post.date is None for post in posts), "some posts are dated by first publication"
    menu_pages = [block["page"] for block in first["menu"]]
    assert menu_pages.count(blog.pk) == 1

    publication = BlogPostPage.objects.get(title="Talking about a brighter social care future")
    download = publication.downloads[0].value
    assert download["easy_read"] and "Easy Read" in download["easy_read"].title

    page = soup(client.get("/blog/"))
    assert page.select_one(".main-nav a[aria-current]").get_text() == "Blog"


@pytest.mark.django_db
def test_the_filter_form_leads_to_a_short_address(client, filtered_blog):
    response = client.get("/blog/?q=gathering&category=news&tag=&author=&year=")
    assert response.status_code == 302
    assert response["Location"] == "/blog/?q=gathering&category=news"
    assert client.get("/blog/?q=&category=&tag=&author=&year=")["Location"] == "/blog/"
    assert client.get("/blog/?category=news").status_code == 200
