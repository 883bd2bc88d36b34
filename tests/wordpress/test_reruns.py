"""Running the import again, running it dry, and what a convenor changed since."""

import pytest
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, ReferenceIndex, Revision

from blog.models import BlogAuthor, BlogCategory, BlogPostPage
from socialcarefuture.models import StandardPage
from wordpress.models import ImportedItem

from . import movement
from .wxr import ItemFactory


def snapshot(media_root):
    """Everything an import can write: rows per table, and files."""
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Page,
            BlogPostPage,
            StandardPage,
            Revision,
            PageLogEntry,
            Redirect,
            get_image_model(),
            get_document_model(),
            Collection,
            BlogAuthor,
            BlogCategory,
            Tag,
            ImportedItem,
            ReferenceIndex,
        )
    }
    files = sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())
    return counts, files


@pytest.fixture
def media_root(settings):
    root = settings.MEDIA_ROOT
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture
def old_site(blog, uploads, export):
    return movement.write(export, uploads)


def post(wordpress_id):
    return ImportedItem.objects.get(kind="post", wordpress_id=str(wordpress_id)).content_object


def test_a_second_run_changes_nothing_and_creates_nothing(old_site, uploads, run_import, media_root):
    run_import(old_site, uploads=uploads)
    before = snapshot(media_root)
    again = run_import(old_site, uploads=uploads)
    assert snapshot(media_root) == before
    assert not again.rows_for(action="created") and not again.rows_for(action="updated")
    skipped = again.rows_for(action="skipped")
    assert {row["kind"] for row in skipped} >= {
        "post",
        "page",
        "image",
        "document",
        "author",
        "category",
        "topic",
    }
    assert all(row["reason"] for row in skipped)
    assert "Unchanged since the last import." in {row["reason"] for row in skipped}


def test_a_dry_run_writes_nothing_and_says_what_would_happen(old_site, uploads, run_import, media_root):
    before = snapshot(media_root)
    dry = run_import(old_site, uploads=uploads, dry_run=True)
    assert snapshot(media_root) == before
    assert "Dry run: nothing was changed" in dry.output
    assert "Import finished" not in dry.output
    real = run_import(old_site, uploads=uploads)
    plan = {(row["action"], row["kind"], row["wordpress_id"]) for row in dry.rows}
    done = {(row["action"], row["kind"], row["wordpress_id"]) for row in real.rows}
    assert plan == done
    assert len([row for row in dry.rows if row["action"] == "created"]) > 20


def test_a_dry_run_after_an_import_writes_nothing_either(old_site, uploads, run_import, media_root):
    run_import(old_site, uploads=uploads)
    before = snapshot(media_root)
    dry = run_import(old_site, uploads=uploads, dry_run=True)
    assert snapshot(media_root) == before
    assert not dry.rows_for(action="created")


def test_what_changed_in_the_export_is_updated_and_nothing_else(blog, export, run_import):
    first = ItemFactory(id=1, title="First", slug="first", content="Words.")
    second = ItemFactory(id=2, title="Second", slug="second", content="More words.")
    run_import(export([first, second]))
    untouched_revision = post(2).latest_revision_id
    changed = ItemFactory(id=1, title="First, corrected", slug="first", content="Better words.")
    result = run_import(export([changed, second]))
    assert [row["wordpress_id"] for row in result.rows_for(action="updated")] == ["1"]
    assert BlogPostPage.objects.count() == 2
    updated = post(1)
    assert updated.title == "First, corrected" and updated.live
    assert "Better words." in str(updated.body.raw_data)
    assert Revision.objects.for_instance(updated).count() == 2
    assert ImportedItem.objects.get(kind="post", wordpress_id="1").revision_id == updated.latest_revision_id
    assert post(2).latest_revision_id == untouched_revision
    # And a third run is quiet again.
    assert not run_import(export([changed, second])).rows_for(action="updated")


def test_a_post_a_convenor_edited_is_not_overwritten_unless_asked(blog, export, run_import):
    run_import(export([ItemFactory(id=1, title="Original", slug="original")]))
    edited = post(1)
    edited.title = "Edited by a convenor"
    edited.save_revision().publish()
    changed = export([ItemFactory(id=1, title="Changed in WordPress", slug="original")])

    result = run_import(changed)
    assert post(1).title == "Edited by a convenor"
    assert (
        "Changed on the new site since the last import" in result.reasons(action="skipped", wordpress_id=1)[0]
    )

    result = run_import(changed, overwrite=True)
    assert post(1).title == "Changed in WordPress"
    assert result.rows_for(action="updated", wordpress_id=1)


def test_overwrite_replaces_an_edit_even_when_the_export_did_not_change(blog, export, run_import):
    path = export([ItemFactory(id=1, title="Original", slug="original")])
    run_import(path)
    edited = post(1)
    edited.title = "Edited"
    edited.save_revision()  # a draft is an edit too
    assert run_import(path).rows_for(action="skipped", wordpress_id=1)
    run_import(path, overwrite=True)
    assert post(1).get_latest_revision_as_object().title == "Original"


def test_a_post_a_convenor_unpublished_stays_unpublished(blog, export, run_import):
    run_import(export([ItemFactory(id=1, title="Original", slug="original")]))
    post(1).unpublish()
    run_import(export([ItemFactory(id=1, title="Changed", slug="original")]))
    assert not post(1).live


def test_a_post_a_convenor_deleted_is_not_brought_back_unless_asked(blog, export, run_import):
    path = export([ItemFactory(id=1, slug="gone")])
    run_import(path)
    post(1).delete()
    result = run_import(path)
    assert not BlogPostPage.objects.exists()
    assert "Deleted on the new site" in result.reasons(action="skipped", wordpress_id=1)[0]
    run_import(path, overwrite=True)
    assert BlogPostPage.objects.get().slug == "gone"
    assert ImportedItem.objects.filter(kind="post").count() == 1


def test_alt_text_a_convenor_wrote_is_kept(blog, uploads, export, run_import):
    uploads.add("2019/05/IMG_1234.png")
    attachment = movement.AttachmentFactory(id=5, file="2019/05/IMG_1234.png", title="IMG_1234")
    run_import(export([attachment]), uploads=uploads)
    image = get_image_model().objects.get()
    image.description = "Two friends laughing at a gig"
    image.save()
    retitled = movement.AttachmentFactory(id=5, file="2019/05/IMG_1234.png", title="Friends at a gig")
    run_import(export([retitled]), uploads=uploads)
    image.refresh_from_db()
    assert image.description == "Two friends laughing at a gig" and image.title == "IMG_1234"
    run_import(export([retitled]), uploads=uploads, overwrite=True)
    image.refresh_from_db()
    assert image.title == "Friends at a gig"
    assert get_image_model().objects.count() == 1


def test_a_picture_that_arrives_later_is_added_to_the_posts_that_use_it(blog, uploads, export, run_import):
    attachment = movement.AttachmentFactory(id=5, file="2019/05/late.png", alt="A late picture")
    item = ItemFactory(id=1, content='<img class="wp-image-5" src="x.png">', meta={"_thumbnail_id": "5"})
    path = export([attachment, item])
    run_import(path, uploads=uploads)
    assert [block.block_type for block in post(1).body] == []
    uploads.add("2019/05/late.png")
    result = run_import(path, uploads=uploads)
    assert result.rows_for(action="created", kind="image") and result.rows_for(action="updated", kind="post")
    assert [block.block_type for block in post(1).body] == ["image"]
    assert post(1).hero_image is not None


def test_an_interrupted_import_carries_on_where_it_stopped(blog, export, run_import):
    items = [ItemFactory(id=number, slug=f"post-{number}") for number in range(1, 8)]
    run_import(export(items[:3]))  # as if the first run stopped after three posts
    result = run_import(export(items))
    assert len(result.rows_for(action="skipped", kind="post")) == 3
    assert len(result.rows_for(action="created", kind="post")) == 4
    assert BlogPostPage.objects.count() == 7
    assert sorted(BlogPostPage.objects.values_list("slug", flat=True)) == [f"post-{n}" for n in range(1, 8)]


def test_small_batches_give_the_same_result(old_site, uploads, run_import):
    result = run_import(old_site, uploads=uploads, batch_size=2)
    assert BlogPostPage.objects.count() == 8
    assert not [row for row in result.rows_for(action="problem") if "Not imported" in row["reason"]]
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_old_site_that_moved_address_is_matched_by_guid(blog, export, run_import):
    items = [ItemFactory(id=1, slug="one"), ItemFactory(id=2, slug="two")]
    run_import(export(items))
    result = run_import(export(items, site="https://www.moved.example.org"))
    assert BlogPostPage.objects.count() == 2
    assert not result.rows_for(action="created", kind="post")
    assert set(ImportedItem.objects.filter(kind="post").values_list("source", flat=True)) == {
        "moved.example.org"
    }
