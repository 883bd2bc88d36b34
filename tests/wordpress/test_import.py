"""A whole import of an old site: what each kind of thing becomes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex

from blog.models import BlogAuthor, BlogCategory, BlogPostPage
from socialcarefuture.blocks import BodyBlock
from socialcarefuture.models import StandardPage
from wordpress.models import ImportedItem

from . import movement
from .wxr import AttachmentFactory, AuthorFactory, CategoryFactory, ItemFactory, PageFactory, TagFactory

Image = get_image_model()
Document = get_document_model()


@pytest.fixture
def imported(blog, uploads, export, run_import):
    """The sample old site, imported."""
    return run_import(movement.write(export, uploads), uploads=uploads)


def post(wordpress_id):
    record = ImportedItem.objects.get(kind="post", wordpress_id=str(wordpress_id))
    return BlogPostPage.objects.get(pk=record.object_id)


def page(wordpress_id):
    record = ImportedItem.objects.get(kind="page", wordpress_id=str(wordpress_id))
    return StandardPage.objects.get(pk=record.object_id)


def imported_object(kind, wordpress_id):
    return ImportedItem.objects.get(kind=kind, wordpress_id=str(wordpress_id)).content_object


def blocks(page_object):
    return [(block.block_type, block.value) for block in page_object.body]


# Counts and the report ---------------------------------------------------------------


def test_everything_that_maps_is_created_once(imported, blog):
    assert BlogPostPage.objects.count() == 8  # 10 posts, less the one in the bin and the automatic draft
    assert StandardPage.objects.count() == 5
    assert Image.objects.count() == 2
    assert Document.objects.count() == 4
    # Jo, Sam, and "writer", who wrote posts but is not in the export's list of authors.
    assert sorted(BlogAuthor.objects.values_list("name", flat=True)) == ["Jo Sample", "Sam Example", "writer"]
    assert sorted(BlogCategory.objects.values_list("name", flat=True)) == [
        "Easy Read reports",
        "News",
        "Reports",
    ]
    assert set(Tag.objects.values_list("name", flat=True)) == {"People power", "Gatherings", "Reports"}
    assert BlogPostPage.objects.child_of(blog).count() == 8


def test_the_report_says_what_happened_to_everything(imported):
    created = {(row["kind"], row["wordpress_id"]) for row in imported.rows_for(action="created")}
    assert ("post", "100") in created and ("page", "201") in created and ("image", "50") in created
    assert ("document", "53") in created and ("author", "2") in created and ("category", "news") in created
    skipped = {row["wordpress_id"]: row["reason"] for row in imported.rows_for(action="skipped")}
    assert "bin" in skipped["106"]
    assert "empty draft" in skipped["107"]
    assert "menu item" in skipped["300"]
    assert "earlier version" in skipped["301"]
    assert "'event'" in skipped["302"]
    assert ".doc" in skipped["57"]
    assert "comment(s) were not brought over" in imported.output
    assert "The full report is in" in imported.output


def test_things_that_could_not_be_mapped_are_reported_with_the_reason(imported):
    problems = {
        (row["kind"], row["wordpress_id"], row["reason"]) for row in imported.rows_for(action="problem")
    }
    reasons = " | ".join(reason for _, _, reason in problems)
    assert ("image", "56") in {(kind, number) for kind, number, _ in problems}
    assert "not in the uploads folder: 2019/06/missing.png" in reasons
    assert "[su_button]" in reasons
    assert "Removed a script" in reasons
    assert "no alt text" in reasons
    assert "A picture is not in the export" in reasons or "could not be imported" in reasons


# Posts --------------------------------------------------------------------------------


def test_a_post_keeps_its_title_slug_dates_summary_and_search_description(imported):
    first = post(100)
    assert first.title == "A new story for care – and how we tell it"
    assert first.slug == "a-new-story-for-care"
    assert first.url_path.endswith("/blog/a-new-story-for-care/")
    assert first.date == datetime.date(2019, 5, 3)
    assert first.first_published_at == datetime.datetime(2019, 5, 3, 10, 0, tzinfo=datetime.UTC)
    assert first.introduction == "How we talk about care and support matters."
    assert first.search_description == "Our framing research, in plain words."
    assert first.live and not first.has_unpublished_changes
    assert first.live_revision_id == first.latest_revision_id is not None


def test_a_post_has_its_author_category_topics_and_picture(imported):
    first = post(100)
    assert [author.name for author in first.authors] == ["Jo Sample"]
    assert first.category.name == "News"
    # A second category is kept as a topic.
    assert sorted(tag.name for tag in first.tags.all()) == ["People power", "Reports"]
    assert first.hero_image == imported_object("image", 50)
    assert post(109).authors == first.authors  # one author per WordPress user
    assert post(109).category.name == "Easy Read reports"


def test_uncategorised_posts_have_no_category(imported):
    second = post(101)
    assert second.category is None
    assert [tag.name for tag in second.tags.all()] == ["Gatherings"]
    assert [author.name for author in second.authors] == ["Sam Example"]


@pytest.mark.parametrize(
    ("wordpress_id", "reason"),
    [
        (102, None),
        (103, "private"),
        (104, "waiting for review"),
        (105, "scheduled"),
        (108, "password"),
    ],
)
def test_drafts_private_pending_scheduled_and_password_posts_come_in_as_drafts(
    imported, wordpress_id, reason
):
    draft = post(wordpress_id)
    assert not draft.live
    assert draft.has_unpublished_changes
    assert draft.latest_revision_id is not None and draft.live_revision_id is None
    if reason:
        assert any(reason in text for text in imported.reasons(wordpress_id=wordpress_id))


def test_a_draft_without_a_date_or_slug_gets_them_from_its_title(imported):
    draft = post(102)
    assert draft.slug == "unfinished-thoughts"
    assert draft.date is None and draft.first_published_at is None


def test_trash_and_automatic_drafts_are_not_imported(imported):
    assert not ImportedItem.objects.filter(wordpress_id__in=["106", "107"]).exists()
    assert not BlogPostPage.objects.filter(title__in=["Binned", "Auto Draft"]).exists()


def test_every_imported_page_has_the_imports_revision_and_a_history_entry(imported):
    for record in ImportedItem.objects.filter(kind__in=["post", "page"]):
        imported_page = record.content_object
        assert imported_page.latest_revision_id == record.revision_id
    entry = PageLogEntry.objects.get(page=post(100), action="wordpress.import")
    assert entry.revision_id == post(100).latest_revision_id


# Body blocks -------------------------------------------------------------------------------


def test_a_posts_body_becomes_the_sites_blocks(imported):
    body = blocks(post(100))
    assert [kind for kind, _ in body] == [
        "paragraph",
        "heading",
        "image",
        "paragraph",
        "quote",
        "document",
        "video",
        "paragraph",
    ]
    assert body[1][1]["text"] == "What we found" and body[1][1]["level"] == "h2"
    image = body[2][1]
    assert image["image"] == imported_object("image", 50)
    assert image["caption"] == "People planting vegetables together"
    assert "<li" in body[3][1].source and "charter together" in body[3][1].source
    assert body[4][1]["quote"] == "I want to live in my own home, with the people I love."
    assert body[4][1]["attribution"] == "A member of the movement"
    assert body[6][1]["video"].url == "https://www.youtube.com/watch?v=AbCdEfGhIjK"
    assert body[6][1]["title"] == "The framing research in five minutes"


def test_a_pdf_that_says_easy_read_is_the_easy_read_version_of_the_document_beside_it(imported):
    document = dict(blocks(post(100)))["document"]
    assert document["document"] == imported_object("document", 52)
    assert document["easy_read"] == imported_object("document", 53)
    assert document["title"] == "Read the full report"


def test_an_easy_read_version_listed_first_is_paired_too(imported):
    downloads = [value for kind, value in blocks(post(101)) if kind == "document"]
    assert len(downloads) == 1
    assert downloads[0]["document"] == imported_object("document", 54)
    assert downloads[0]["easy_read"] == imported_object("document", 55)


def test_documents_linked_from_a_sentence_get_a_download_after_it(blog, uploads, export, run_import):
    uploads.add("2020/02/flyer.pdf")
    uploads.add("2020/02/flyer-easy-read.pdf")
    flyer = AttachmentFactory(id=5, file="2020/02/flyer.pdf", title="Gathering flyer")
    easy = AttachmentFactory(id=6, file="2020/02/flyer-easy-read.pdf", title="Gathering flyer")
    content = (
        f'Come on Tuesday 4 February 2020: read <a href="{movement.UPLOADS}/2020/02/flyer.pdf">the flyer</a> '
        f'or <a href="{movement.UPLOADS}/2020/02/flyer-easy-read.pdf">the Easy Read one</a>.\n\n'
        f'See you there. <a href="{movement.UPLOADS}/2020/02/flyer.pdf">Flyer</a> again.'
    )
    run_import(export([flyer, easy, ItemFactory(id=1, content=content)]), uploads=uploads)
    body = blocks(post(1))
    assert [kind for kind, _ in body] == ["paragraph", "document", "paragraph"]
    document, easy_read = imported_object("document", 5), imported_object("document", 6)
    assert f'<a linktype="document" id="{document.pk}">the flyer</a>' in body[0][1].source
    assert body[1][1]["document"] == document and body[1][1]["easy_read"] == easy_read
    assert f'<a linktype="document" id="{document.pk}">Flyer</a>' in body[2][1].source  # one download a post


def test_a_gallery_becomes_its_pictures(imported):
    pictures = [value["image"] for kind, value in blocks(post(101)) if kind == "image"]
    assert pictures == [imported_object("image", 50), imported_object("image", 51)]


def test_scripts_event_handlers_and_iframes_do_not_survive(imported):
    raw = str(post(100).body.raw_data)
    for banned in ("<script", "document.write", "tracking", "onclick", "steal", "<iframe", "su_button"):
        assert banned not in raw
    assert "Join us" in raw


def test_links_in_text_point_at_the_new_site(imported):
    text = [value.source for kind, value in blocks(post(100)) if kind == "paragraph"][-1]
    report = imported_object("document", 52)
    about = page(200)
    # A link to an uploaded file becomes a link to the document.
    assert f'<a linktype="document" id="{report.pk}">our report</a>' in text
    # A page imported before the post is linked as a page (so the link follows it if it moves).
    assert f'<a linktype="page" id="{about.pk}">who we are</a>' in text
    # A post imported after it is linked by its old address, which redirects.
    assert '<a href="/2019/11/28/gathering-in-birmingham/">the gathering</a>' in text
    follow_up = [value.source for kind, value in blocks(post(109)) if kind == "paragraph"][0]
    assert f'<a linktype="page" id="{post(100).pk}">our first post</a>' in follow_up


def test_imported_bodies_are_valid_for_the_editor(imported):
    body_block = BodyBlock()
    for record in ImportedItem.objects.filter(kind__in=["post", "page"]):
        value = record.content_object.specific.body
        without_video = body_block.to_python([block for block in value.raw_data if block["type"] != "video"])
        body_block.clean(without_video)


def test_an_imported_post_renders_and_opens_in_the_editor(imported, client):
    follow_up = post(109)
    assert client.get(follow_up.url).status_code == 200
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "password")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{post(100).pk}/edit/")
    assert response.status_code == 200
    assert "A new story for care" in response.content.decode()


def test_the_reference_index_knows_where_pictures_and_documents_are_used(imported):
    picture = imported_object("image", 50)
    report = imported_object("document", 52)
    users = {reference.object_id for reference in ReferenceIndex.get_references_to(picture)}
    assert str(post(100).pk) in users and str(post(101).pk) in users
    assert str(post(100).pk) in {
        reference.object_id for reference in ReferenceIndex.get_references_to(report)
    }


def test_imported_posts_can_be_found_by_site_search(imported, client):
    response = client.get("/search/", {"q": "springboard"})
    assert response.status_code == 200
    assert "A new story for care" in response.content.decode()


# Pages ---------------------------------------------------------------------------------------


def test_pages_keep_their_parents_and_menu_order_under_the_vision_page(imported, home_page):
    about, history, contact = page(200), page(201), page(203)
    assert about.get_parent().pk == home_page.pk and contact.get_parent().pk == home_page.pk
    assert [child.title for child in about.get_children()] == ["Our team", "Our history"]
    top_level = [child.title for child in home_page.get_children() if child.title != "Blog"]
    assert top_level == ["Half-written page", "About us", "Contact"]  # menu order 0, 1, 2
    assert history.url_path.endswith("/about-us/our-history/")
    assert about.get_children().count() == about.numchild == 2
    assert not page(204).live
    assert Page.find_problems() == ([], [], [], [], [])


# Pictures and documents -----------------------------------------------------------------------


def test_pictures_have_alt_text_and_a_credit(imported):
    picture = imported_object("image", 50)
    assert picture.description == "Three people planting vegetables in a community garden"
    assert picture.credit == "Illustration by Sam Lee"
    assert (picture.width, picture.height) == (320, 200)
    assert picture.file_size and len(picture.file_hash) == 40


def test_a_picture_without_alt_text_uses_its_title_and_is_reported(imported):
    picture = imported_object("image", 51)
    assert picture.description == "IMG_1234"
    assert picture.credit == "From the old website"
    assert any("no alt text" in reason for reason in imported.reasons(kind="image", wordpress_id=51))


def test_files_go_into_a_collection_named_after_the_import(imported):
    collection = Collection.objects.get(name="Imported from WordPress (Social Care Future (old site))")
    assert set(Image.objects.values_list("collection", flat=True)) == {collection.pk}
    assert set(Document.objects.values_list("collection", flat=True)) == {collection.pk}
    assert imported_object("document", 52).title == "Talking about a brighter social care future"


# Shapes of export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("use_cdata", [True, False])
def test_every_export_format_gives_the_same_posts(blog, uploads, export, run_import, version, use_cdata):
    path = movement.write(export, uploads, version=version, use_cdata=use_cdata)
    imported = run_import(path, uploads=uploads)
    assert BlogPostPage.objects.count() == 8 and StandardPage.objects.count() == 5
    first = post(100)
    assert first.category.name == "News"
    assert sorted(tag.name for tag in first.tags.all()) == ["People power", "Reports"]
    assert first.title == "A new story for care – and how we tell it"
    expected = "Jo Sample" if version != "1.0" else "jo.sample"  # WXR 1.0 has no list of authors
    assert [author.name for author in first.authors] == [expected]
    nameless = [
        reason for reason in imported.reasons(kind="author") if "does not give this author's name" in reason
    ]
    assert len(nameless) == (3 if version == "1.0" else 1)  # ("writer" is in no list of authors)
    assert dict(blocks(first))["document"]["easy_read"] == imported_object("document", 53)


def test_an_author_with_the_same_name_as_one_on_the_site_is_linked_not_doubled(blog, export, run_import):
    existing = BlogAuthor.objects.create(name="Jo Sample", role="Convenor")
    author = AuthorFactory(login="jo", display_name="Jo Sample")
    run_import(export([ItemFactory(id=1, creator="jo")], authors=[author]))
    assert BlogAuthor.objects.count() == 1
    assert post(1).authors == [existing]


def test_a_category_tree_redirects_by_its_full_old_address(blog, export, run_import, client):
    categories = [
        CategoryFactory(slug="reports", name="Reports"),
        CategoryFactory(slug="easy", name="Easy", parent="reports"),
    ]
    run_import(export([ItemFactory(id=1, categories=[("easy", "Easy")])], categories=categories))
    response = client.get("/category/reports/easy/")
    assert response.status_code == 301 and response["Location"] == "/blog/?category=easy"


def test_an_attachment_whose_file_is_outside_the_uploads_folder_is_not_read(
    blog, uploads, export, run_import, tmp_path
):
    (tmp_path / "secret.png").write_bytes(b"not for the site")
    attachment = AttachmentFactory(id=5, file="../../secret.png", title="Sneaky")
    result = run_import(export([attachment]), uploads=uploads)
    assert Image.objects.count() == 0
    assert any("outside the uploads folder" in reason for reason in result.reasons(wordpress_id=5))


def test_a_file_that_is_not_really_a_picture_is_reported(blog, uploads, export, run_import):
    uploads.add("2020/01/fake.png", b"<html>not a picture</html>")
    result = run_import(export([AttachmentFactory(id=5, file="2020/01/fake.png")]), uploads=uploads)
    assert Image.objects.count() == 0
    assert any("could not be read as a picture" in reason for reason in result.reasons(wordpress_id=5))


def test_without_an_uploads_folder_posts_still_come_in(blog, export, run_import):
    path = export([AttachmentFactory(id=5, file="2020/01/a.png"), ItemFactory(id=1)])
    result = run_import(path)
    assert BlogPostPage.objects.count() == 1 and Image.objects.count() == 0
    assert "No uploads folder given" in result.output
    assert any("No uploads folder was given" in reason for reason in result.reasons(wordpress_id=5))


def test_a_post_slug_that_clashes_with_another_post_gets_a_new_one(blog, export, run_import):
    first = ItemFactory(id=1, slug="hello", date="2019-01-01 10:00:00")
    second = ItemFactory(id=2, slug="hello", date="2020-01-01 10:00:00")
    feed = ItemFactory(id=3, slug="feed")
    run_import(export([first, second, feed]))
    assert {post(1).slug, post(2).slug} == {"hello", "hello-2"}
    assert post(3).slug == "feed-2"  # /blog/feed/ is the blog's feed


def test_terms_and_authors_used_by_no_post_are_not_created(blog, export, run_import):
    run_import(
        export(
            [ItemFactory(id=1, creator="jo")],
            authors=[AuthorFactory(login="jo"), AuthorFactory(login="nobody")],
            categories=[CategoryFactory(slug="empty", name="Empty")],
            tags=[TagFactory(slug="unused", name="Unused")],
        )
    )
    assert BlogAuthor.objects.count() == 1
    assert not BlogCategory.objects.exists() and not Tag.objects.exists()


def test_pages_with_a_parent_that_was_not_imported_go_under_the_vision_page(home_page, export, run_import):
    orphan = PageFactory(id=2, parent=999, slug="orphan")
    result = run_import(export([orphan]))
    assert page(2).get_parent().pk == home_page.pk
    assert any("parent page was not imported" in reason for reason in result.reasons(wordpress_id=2))
