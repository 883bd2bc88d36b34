"""The demo content loader: Markdown to blocks, references, relative dates,
idempotence and error messages. Each test writes a small demo_content folder."""

import datetime
import textwrap

import pytest
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from blog.models import BlogAuthor, BlogCategory, BlogIndexPage, BlogPostPage
from socialcarefuture.demo import dates, markup
from socialcarefuture.demo.loader import DemoContent, DemoDataError
from socialcarefuture.models import SiteSettings
from tests.factories import png_bytes

TODAY = datetime.date(2026, 3, 10)


def write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"))
    return folder


MEDIA = {
    "sun.png": png_bytes(7),
    "images.yaml": """
        sun:
          title: A sunny day
          alt: People in the sun.
          source: sun.png
          credit: Drawn by a sample artist
        """,
    "documents.yaml": """
        report:
          title: A sample report
          filename: sample-report.pdf
          lines: [One line, Another line]
        report-easy:
          title: A sample report (Easy Read)
          lines: [Easy words]
          easy_read: true
        """,
}

ABOUT = """
    ---
    title: About the sample
    easy_read_version: about-easy   # made after this page: filled in at the end
    introduction: >-
      One sentence.
      Another sentence.
    ---
    ## Who we are

    We are **people** and *friends*,
    written over two lines.

    - one
    - two

    ***

    A new text block, with [a page](page:about-easy) and [a report](document:report).

    ### Smaller heading

    > Care is a springboard.
    > — Jo, a sample member

    ```image
    image: sun
    caption: A sunny day out.
    ```

    ```document
    document: report
    easy_read: report-easy
    ```

    ```call_to_action
    heading: Join us
    link: {url: /mailing-list/}
    button_text: Join the mailing list
    ```
    """


@pytest.fixture
def folder(tmp_path):
    return write(tmp_path / "demo_content", MEDIA)


def load(folder, parent, **kwargs):
    return DemoContent(folder, today=TODAY).pages(parent, **kwargs)


# Markdown ------------------------------------------------------------------------------------


def test_markdown_splits_into_headings_text_quotes_and_fenced_blocks():
    source = textwrap.dedent(
        """
        #WhenIGetOld is not a heading,
        and this line joins it.

        ## A heading
        > Words
        > on two lines.
        > — Sam

        ```image
        image: sun
        ```
        - a list
        ***
        after a break
        """
    )
    parts = markup.blocks(source)
    assert [type(part).__name__ for part in parts] == ["Text", "Heading", "Quote", "Fenced", "Text", "Text"]
    assert (
        markup.rich_text(parts[0].markdown) == "<p>#WhenIGetOld is not a heading, and this line joins it.</p>"
    )
    assert (parts[1].level, parts[1].text, parts[1].line) == (2, "A heading", 5)
    assert (parts[2].quote, parts[2].attribution) == ("Words on two lines.", "Sam")
    assert (parts[3].kind, parts[3].source) == ("image", "image: sun\n")
    assert markup.rich_text(parts[4].markdown) == "<ul><li>a list</li></ul>"


def test_rich_text_is_wagtails_own_html():
    html = markup.rich_text(
        "**Bold** and *italic*, a [link](https://example.org/)  \nand a break.\n\n1. one\n2. two",
        resolve_link=None,
    )
    assert html == (
        '<p><b>Bold</b> and <i>italic</i>, a <a href="https://example.org/">link</a><br/>and a break.</p>'
        "<ol><li>one</li><li>two</li></ol>"
    )
    assert markup.rich_text("[A page](page:about)", resolve_link=lambda kind, key: 42) == (
        '<p><a linktype="page" id="42">A page</a></p>'
    )
    assert markup.rich_text("<b>raw</b> & more") == "<p>&lt;b&gt;raw&lt;/b&gt; &amp; more</p>"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# Title", "use ## or ###"),
        ("```\nno type\n```", "needs a block type"),
        ("text with `code`", "cannot show `code`"),
        ("![a picture](x.png)", "own ```image block"),
        ("> just\n> - a list", "plain paragraphs only"),
    ],
)
def test_markdown_that_cannot_be_a_block_is_refused(source, message):
    with pytest.raises(markup.MarkupError, match=message):
        for part in markup.blocks(source):
            if isinstance(part, markup.Text):
                markup.rich_text(part.markdown)


# Dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-02-04", (datetime.date(2020, 2, 4), None)),
        ("2020-02-04 10:00", (datetime.date(2020, 2, 4), datetime.time(10, 0))),
        ("2020-02-04 at 9:30", (datetime.date(2020, 2, 4), datetime.time(9, 30))),
        ("today", (TODAY, None)),
        ("Tomorrow at 18:30", (datetime.date(2026, 3, 11), datetime.time(18, 30))),
        ("yesterday", (datetime.date(2026, 3, 9), None)),
        ("in 21 days at 10:00", (datetime.date(2026, 3, 31), datetime.time(10, 0))),
        ("in 1 week", (datetime.date(2026, 3, 17), None)),
        ("3 weeks ago", (datetime.date(2026, 2, 17), None)),
        ("in 2 months", (datetime.date(2026, 5, 10), None)),
        ("1 month ago", (datetime.date(2026, 2, 10), None)),
        (datetime.date(2019, 1, 2), (datetime.date(2019, 1, 2), None)),
    ],
)
def test_dates_fixed_or_counted_from_today(text, expected):
    assert dates.parse(text, TODAY) == expected


def test_months_never_overshoot_a_short_month():
    assert dates.to_date("in 1 month", datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 28)


@pytest.mark.parametrize("text", ["next tuesday", "2020-02-30", "in 3 fortnights", "today at 25:00", 2020])
def test_dates_that_cannot_be_read_say_how_to_write_them(text):
    with pytest.raises(dates.DateError):
        dates.parse(text, TODAY)


def test_date_times_are_in_the_sites_time_zone():
    moment = dates.to_datetime("2024-07-01 10:00", TODAY)
    assert timezone.localtime(moment).hour == 10 and moment.utcoffset() == datetime.timedelta(hours=1)


# Pages, references and idempotence ------------------------------------------------------------


@pytest.mark.django_db
def test_a_markdown_page_becomes_the_shared_blocks_with_references_resolved(folder, home_page, settings):
    write(
        folder,
        {
            "pages/01-about.md": ABOUT,
            "pages/02-about-easy.yaml": "title: About, easy\nis_easy_read: true\nlisting_image: sun\n",
        },
    )
    made = load(folder, home_page)

    about, easy = (page.specific for page in made)
    assert [page.slug for page in made] == ["about", "about-easy"]
    assert about.introduction == "One sentence. Another sentence."
    assert about.easy_read_version.specific == easy and easy.is_easy_read
    image = get_image_model().objects.get(title="A sunny day")
    report, report_easy = (
        get_document_model().objects.get(title=t) for t in ("A sample report", "A sample report (Easy Read)")
    )
    assert image.credit == "Drawn by a sample artist" and easy.listing_image == image
    assert report.file.name.endswith(".pdf")
    blocks = [{"type": block["type"], "value": block["value"]} for block in about.body.raw_data]
    assert blocks == [
        {"type": "heading", "value": {"text": "Who we are", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>We are <b>people</b> and <i>friends</i>, written over two lines.</p>"
            "<ul><li>one</li><li>two</li></ul>",
        },
        {
            "type": "paragraph",
            "value": f'<p>A new text block, with <a linktype="page" id="{easy.pk}">a page</a> and '
            f'<a linktype="document" id="{report.pk}">a report</a>.</p>',
        },
        {"type": "heading", "value": {"text": "Smaller heading", "level": "h3"}},
        {"type": "quote", "value": {"quote": "Care is a springboard.", "attribution": "Jo, a sample member"}},
        {"type": "image", "value": {"image": image.pk, "caption": "A sunny day out."}},
        {
            "type": "document",
            "value": {"document": report.pk, "title": "", "description": "", "easy_read": report_easy.pk},
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Join us",
                "text": "",
                "link": {"page": None, "url": "/mailing-list/"},
                "button_text": "Join the mailing list",
            },
        },
    ]
    # One published revision each, even for the page that waited for a later one.
    assert about.live and not about.has_unpublished_changes
    assert Revision.page_revisions.filter(object_id__in=[str(about.pk), str(easy.pk)]).count() == 2
    assert about.get_latest_revision().as_object().easy_read_version_id == easy.pk


@pytest.mark.django_db
def test_loading_twice_changes_nothing(folder, home_page):
    write(
        folder,
        {
            "pages/01-about.md": ABOUT,
            "pages/02-about-easy.yaml": "title: About, easy\n",
            "pages/01-about/child.yaml": "title: A child page\n",
        },
    )
    assert len(load(folder, home_page)) == 3

    def snapshot():
        return (
            list(Page.objects.order_by("path").values_list("path", "slug", "latest_revision_id")),
            get_image_model().objects.count(),
            get_document_model().objects.count(),
        )

    first = snapshot()
    again = DemoContent(folder, today=TODAY)
    assert again.pages(home_page) == [] and again.created == []
    assert snapshot() == first
    assert Page.objects.get(slug="child").get_parent().slug == "about"


@pytest.mark.django_db
def test_rows_children_tags_menus_and_relative_dates(folder, home_page):
    write(
        folder,
        {
            "categories.yaml": "- {name: News, slug: news}\n",
            "authors.yaml": """
                - name: Jo Whitfield
                  slug: jo-whitfield
                  photo: sun
                - name: Sam Okafor
                  slug: sam-okafor
                """,
            "pages/blog.yaml": "title: Blog\ntype: blog.BlogIndexPage\nmain_menu: {label: News, position: 1}\n",
            "pages/blog/2026-01-01-old.md": "---\ntitle: Old\ndate: 2026-01-01\n---\nOld words.\n",
            "pages/blog/2026-03-01-new.md": """
                ---
                title: New
                first_published_at: 3 days ago at 10:00
                category: news
                tags: [gatherings, people power]
                post_authors: [sam-okafor, jo-whitfield]
                related_links: [old]
                ---
                New words.
                """,
        },
    )
    SiteSettings.for_site(home_page.get_site()).save()
    demo = DemoContent(folder, today=TODAY)
    categories = demo.objects(BlogCategory, "categories.yaml")
    authors = demo.objects(BlogAuthor, "authors.yaml")
    demo.pages(home_page)

    assert list(categories) == ["news"] and authors["jo-whitfield"].photo.title == "A sunny day"
    post = BlogPostPage.objects.get(slug="new")
    assert post.category == categories["news"]
    assert sorted(post.tags.names()) == ["gatherings", "people power"]
    assert [author.slug for author in post.authors] == ["sam-okafor", "jo-whitfield"]
    assert [link.post.slug for link in post.related_links.all()] == ["old"]
    assert timezone.localtime(post.first_published_at) == timezone.make_aware(
        datetime.datetime(2026, 3, 7, 10)
    )
    assert post.date is None and BlogPostPage.objects.get(slug="old").date == datetime.date(2026, 1, 1)
    menu = SiteSettings.for_site(home_page.get_site()).main_menu
    assert [(link.value["page"].specific, link.value["label"]) for link in menu] == [
        (BlogIndexPage.objects.get(), "News")
    ]
    # A second run finds the rows and the one blog index, and adds no second menu link.
    again = DemoContent(folder, today=TODAY)
    again.objects(BlogCategory, "categories.yaml")
    again.objects(BlogAuthor, "authors.yaml")
    assert again.pages(home_page) == [] and again.created == []
    assert len(SiteSettings.for_site(home_page.get_site()).main_menu) == 1


# Errors -------------------------------------------------------------------------------------------


WRONG_PAGES = {
    "unknown block type": (
        "---\ntitle: A\n---\n```galery\nimage: sun\n```\n",
        r"01-a\.md, line 4: galery: unknown block type 'galery' \(this field has: heading, paragraph",
    ),
    "unknown image": (
        "---\ntitle: A\n---\n```image\nimage: moon\n```\n",
        r"01-a\.md, line 4: image: image: no image 'moon' in images\.yaml \(it has: sun\)",
    ),
    "unknown block field": (
        "---\ntitle: A\n---\n```image\npicture: sun\n```\n",
        r"01-a\.md, line 4: image: unknown field 'picture' \(this block has: image, caption\)",
    ),
    "unknown page": (
        "---\ntitle: A\neasy_read_version: nowhere\n---\n",
        r"01-a\.md: easy_read_version: no page with the slug or path 'nowhere'",
    ),
    "unknown field": (
        "---\ntitle: A\nintro: Hello\n---\n",
        r"01-a\.md: intro: a StandardPage has no field or relation 'intro'",
    ),
    "yes is not words": (
        "---\ntitle: A\nintroduction: yes\n---\n",
        r"01-a\.md: introduction: expected words, got True \(put it in quotes",
    ),
    "page type not allowed here": (
        "---\ntitle: A\ntype: blog.BlogPostPage\n---\n",
        r"01-a\.md: type: a BlogPostPage cannot go under 'Home'",
    ),
    "unknown page type": (
        "---\ntitle: A\ntype: blog.Nothing\n---\n",
        r"01-a\.md: type: unknown page type 'blog\.Nothing'",
    ),
    "broken front matter": ("---\ntitle: [A\n---\n", r"01-a\.md, line 3: the YAML cannot be read"),
    "top-level heading": ("---\ntitle: A\n---\nText\n\n# Big\n", r"01-a\.md, line 6: use ## or ###"),
    "broken block YAML": (
        "---\ntitle: A\n---\n```document\ndocument: report\n  bad: [\n```\n",
        r"01-a\.md, line 6: the YAML cannot be read",
    ),
    "no front matter": ("title: A\n", r"01-a\.md: a page file starts with its fields between two --- lines"),
    "no title": ("---\nintroduction: No title\n---\n", r"01-a\.md: a page needs a title"),
}


@pytest.mark.django_db
# (Not "page": pytest-playwright would take a parameter of that name for its browser page.)
@pytest.mark.parametrize(("page_file", "message"), list(WRONG_PAGES.values()), ids=list(WRONG_PAGES))
def test_wrong_data_names_the_file_and_the_key(folder, home_page, page_file, message):
    write(folder, {"pages/01-a.md": page_file})
    with pytest.raises(DemoDataError, match=message):
        load(folder, home_page)  # (load_demo_content runs in a transaction: nothing is left)


@pytest.mark.django_db
def test_a_bad_date_and_an_unknown_row_name_their_file(folder, home_page):
    write(
        folder,
        {
            "authors.yaml": "- name: Jo\n  slug: jo\n  photo: moon\n",
            "pages/blog.yaml": "title: Blog\ntype: blog.BlogIndexPage\n",
            "pages/blog/post.md": "---\ntitle: P\ndate: next tuesday\n---\n",
        },
    )
    demo = DemoContent(folder, today=TODAY)
    with pytest.raises(
        DemoDataError, match=r"authors\.yaml: jo: photo: no image 'moon' in images\.yaml \(it has: sun\)"
    ):
        demo.objects(BlogAuthor, "authors.yaml")
    with pytest.raises(DemoDataError, match=r"post\.md: date: cannot read the date 'next tuesday'"):
        demo.pages(home_page)
