"""Importing a WordPress export: the work behind ``manage.py import_wordpress``.

The run, in order:

1. **Read the export once** (``ExportIndex``), streaming: check that it is a
   WXR file, count its items, and keep a small index of what later steps must
   look up (authors, categories, tags, every attachment, the pages, and each
   post's old addresses). Post content is not kept. A file that is not an
   export, or is damaged, stops here: nothing has been written.
2. **Check the site**: a vision page for pages, a blog for posts.
3. **Write**, in batches of ``batch_size`` items, one transaction per batch and
   a savepoint per item (one bad item is reported and the rest go on; if the
   run stops, every finished batch is complete and a second run carries on):
   people and topics, then attachments (pictures and documents, with the
   redirects from their old file addresses), then pages (parents first, in
   their menu order), then posts (reading the export a second time, as a
   stream). Wagtail's search and reference-index work is held and done in bulk
   at the end of each batch (see ``tasks.py``).
4. **Report**: every item created, updated or skipped, and every problem.

Matching and changes: every item is remembered in ``ImportedItem`` by the old
site, its kind and WordPress ID (or GUID). A fingerprint of the export's
version of it, and the list of pictures and documents it uses with what each
became, tell whether it changed (a post whose export is unchanged is not even
converted again). A page whose latest revision is not the one the import made,
or a picture or snippet whose fields differ from what the import wrote, has
been edited on the new site and is left alone unless ``overwrite``.

A dry run does all of this inside one transaction that is rolled back, with
files going to a storage that keeps nothing, so its report is exactly what a
real run would do.
"""

import datetime
import hashlib
import json
import posixpath
import re
from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.images import ImageFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import F, Q
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import Truncator, slugify
from modelcluster.models import (
    get_all_child_m2m_relations,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, Revision, Site
from wagtail.utils.file import hash_filelike
from willow.image import Image as WillowImage

from blog.models import (
    RESERVED_SLUGS,
    BlogAuthor,
    BlogCategory,
    BlogIndexPage,
    BlogPostAuthor,
    BlogPostPage,
    BlogPostTag,
)
from socialcarefuture.models import HomePage, StandardPage

from . import report as actions
from .content import Attachment, BodyConverter, Resolver, text_converter
from .models import ImportedItem
from .report import Report
from .tasks import hold_tasks, run_held_tasks
from .wxr import Author, ExportError, Item, Term, WXRReader, parse_wp_date, plain_text

# Bump when the mapping changes, so that the next run refreshes what it made.
MAPPING_VERSION = "1"

DEFAULT_CREDIT = "From the old website"
IMPORTED_STATUSES = {"publish", "draft", "private", "pending", "future"}
NOT_CONTENT = {
    "nav_menu_item": "a menu item (menus are set under Settings > Site settings)",
    "revision": "an earlier version of a post",
    "custom_css": "the old theme's styles",
    "customize_changeset": "the old theme's settings",
    "oembed_cache": "WordPress's own cache",
    "wp_block": "a reusable block",
    "wp_template": "part of the old theme",
    "wp_template_part": "part of the old theme",
    "wp_global_styles": "the old theme's styles",
    "wp_navigation": "a menu",
    "user_request": "a personal data request",
    "wp_font_family": "a font",
    "wp_font_face": "a font",
    "wpcf7_contact_form": "a contact form",
}
UNCATEGORISED = {"uncategorized", "uncategorised"}
SEO_DESCRIPTION_KEYS = ("_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description")
SEO_TITLE_KEYS = ("_yoast_wpseo_title", "rank_math_title", "_aioseo_title")
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")


class ImportRefused(Exception):
    """The import cannot start; the message says why, for a convenor."""


USED_META = {
    "_thumbnail_id",
    "_wp_attached_file",
    "_wp_attachment_image_alt",
    "_wp_attachment_metadata",
    *SEO_DESCRIPTION_KEYS,
    *SEO_TITLE_KEYS,
}


def item_data(item):
    """What the fingerprint of an item covers: everything the import reads from it."""
    data = item.fingerprint_data()
    data["meta"] = {key: value for key, value in item.meta.items() if key in USED_META}
    return data


def fingerprint(*parts):
    data = json.dumps([MAPPING_VERSION, *parts], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def normalise_old_path(address):
    """An old address as Wagtail's redirects store it ('/2019/05/slug')."""
    return Redirect.normalise_path(address)


def site_key(address):
    """'https://www.example.org/' -> 'example.org' (the same old site, however it was written)."""
    parts = urlsplit(address if "//" in address else f"//{address}")
    host = (parts.hostname or "").removeprefix("www.")
    return (host + parts.path.rstrip("/"))[:255] or "wordpress"


def wordpress_nicename(value):
    """An author's address name as WordPress makes it from their login."""
    value = value.strip().lower()[:50].replace(".", "-").replace("@", "-")
    value = re.sub(r"[^a-z0-9 _-]", "", value)
    value = re.sub(r"[\s]+", "-", value)
    return re.sub(r"-+", "-", value).strip("-")


class DiscardingStorage(FileSystemStorage):
    """Where a dry run "saves" files: it keeps nothing and reads nothing."""

    def _save(self, name, content):
        return name

    def exists(self, name):
        return False

    def delete(self, name):
        pass


# The first reading: an index of the export ----------------------------------------------


class ExportIndex:
    def __init__(self):
        self.channel = {}
        self.version = None
        self.repairs = {}
        self.authors = {}  # login -> Author
        self.categories = {}  # slug -> Term
        self.tags = {}  # slug -> Term
        self.attachments = {}  # WordPress ID -> Item (without its description)
        self.upload_paths = {}  # path under uploads/ -> attachment ID
        self.attachments_by_parent = defaultdict(list)
        self.pages = []  # Items
        self.old_paths = {}  # normalised old address -> ("post"/"page", WordPress ID)
        self.post_ids = set()
        self.page_ids = set()
        self.used_authors = Counter()
        self.used_terms = Counter()  # (taxonomy, slug)
        self.term_names = {}  # (taxonomy, slug) -> name seen on posts
        self.types = Counter()
        self.comments = 0
        self.total = 0

    @classmethod
    def read(cls, path):
        index = cls()
        reader = WXRReader(path)
        for record in reader.records():
            index.add(record)
        index.channel = reader.channel
        index.version = reader.version
        index.repairs = reader.repairs
        return index

    def add(self, record):
        kind = type(record).__name__
        if kind == "Author":
            if record.login:
                self.authors[record.login] = record
        elif kind == "Term":
            if record.slug:
                (self.categories if record.taxonomy == "category" else self.tags)[record.slug] = record
        else:
            self._item(record)

    def _item(self, item):
        self.total += 1
        self.types[item.post_type] += 1
        self.comments += item.comment_count
        if item.post_type == "attachment":
            item.content = ""
            self.attachments[item.post_id] = item
            self.attachments_by_parent[item.parent].append(item.post_id)
            for upload_path in self.upload_paths_of(item):
                self.upload_paths.setdefault(upload_path, item.post_id)
        elif item.post_type in {"post", "page"}:
            if item.post_type == "page":
                self.pages.append(item)
                self.page_ids.add(item.post_id)
            else:
                self.post_ids.add(item.post_id)
            if item.status in IMPORTED_STATUSES:
                for address in self.old_addresses(item):
                    self.old_paths.setdefault(normalise_old_path(address), (item.post_type, item.post_id))
                if item.post_type == "post":
                    if item.creator:
                        self.used_authors[item.creator] += 1
                    for taxonomy, slug, name in item.terms:
                        if taxonomy in {"category", "post_tag"}:
                            key = (taxonomy, slug or slugify(name))
                            self.used_terms[key] += 1
                            self.term_names.setdefault(key, name)

    @staticmethod
    def uploads_relative(address):
        """'https://site/wp-content/uploads/2019/05/a.pdf' -> '2019/05/a.pdf'."""
        path = unquote(urlsplit(address or "").path)
        for marker in ("/wp-content/uploads/", "/uploads/", "/files/"):
            if marker in path:
                return path.split(marker, 1)[1].lstrip("/")
        return None

    def upload_paths_of(self, item):
        """Every path under uploads/ that means this attachment: the file, its resized
        copies (from WordPress's metadata) and the original of a scaled-down picture."""
        main = item.meta.get("_wp_attached_file", "").strip().lstrip("/") or self.uploads_relative(
            item.attachment_url
        )
        if not main:
            return []
        paths = [main]
        from_url = self.uploads_relative(item.attachment_url)
        if from_url and from_url != main:
            paths.append(from_url)
        folder = posixpath.dirname(main)
        metadata = item.meta.get("_wp_attachment_metadata", "")
        names = re.findall(r's:4:"file";s:\d+:"([^"]+)"', metadata)
        names += re.findall(r's:14:"original_image";s:\d+:"([^"]+)"', metadata)
        for name in names:
            path = name if "/" in name else posixpath.join(folder, name)
            if path not in paths:
                paths.append(path)
        return paths

    def old_addresses(self, item):
        """Addresses the old site answered for a post or a page."""
        addresses = []
        link = urlsplit(item.link or "")
        if link.path or link.query:
            addresses.append(link.path + (f"?{link.query}" if link.query else ""))
        slug = item.post_name
        moment = item.local_date
        if item.post_type == "post":
            if slug and moment:
                addresses.append(f"/{moment:%Y/%m/%d}/{slug}/")
                addresses.append(f"/{moment:%Y/%m}/{slug}/")
            if slug:
                addresses.append(f"/{slug}/")
            addresses.append(f"/?p={item.post_id}")
        else:
            if slug and not item.parent:
                addresses.append(f"/{slug}/")
            addresses.append(f"/?page_id={item.post_id}")
            addresses.append(f"/?p={item.post_id}")
        return [address for address in addresses if address not in {"", "/"}]

    def attachment_kind(self, item):
        extension = Path(self.filename(item)).suffix.lower().lstrip(".")
        if extension in {e.lower() for e in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", [])}:
            return "image"
        if extension in {e.lower() for e in getattr(settings, "WAGTAILDOCS_EXTENSIONS", [])}:
            return "document"
        return "other"

    def filename(self, item):
        main = item.meta.get("_wp_attached_file", "") or self.uploads_relative(item.attachment_url) or ""
        return posixpath.basename(main) or posixpath.basename(urlsplit(item.attachment_url).path)

    def attachment_info(self, wordpress_id):
        item = self.attachments.get(wordpress_id)
        if item is None:
            return None
        return Attachment(
            wordpress_id=item.post_id,
            title=item.title,
            filename=self.filename(item),
            kind=self.attachment_kind(item),
            caption=plain_text(item.excerpt),
            parent=item.parent,
            menu_order=item.menu_order,
        )

    @property
    def source(self):
        return site_key(self.channel.get("base_site_url") or self.channel.get("link") or "")

    @property
    def hosts(self):
        hosts = set()
        for key in ("base_site_url", "base_blog_url", "link"):
            host = (urlsplit(self.channel.get(key) or "").hostname or "").lower()
            if host:
                hosts.update({host, host.removeprefix("www."), "www." + host.removeprefix("www.")})
        return hosts


# What the converter asks: answered from the index and what is imported ------------------


class ImportResolver(Resolver):
    def __init__(self, importer):
        self.importer = importer
        self.index = importer.index
        self._infos = {}

    def attachment(self, wordpress_id=None, url=None):
        if wordpress_id is None and url:
            relative = self.index.uploads_relative(url)
            if relative is None:
                return None
            wordpress_id = self.index.upload_paths.get(relative)
            if wordpress_id is None:
                wordpress_id = self.index.upload_paths.get(SIZE_SUFFIX.sub("", relative))
        if wordpress_id is None:
            return None
        if wordpress_id not in self._infos:
            self._infos[wordpress_id] = self.index.attachment_info(wordpress_id)
        return self._infos[wordpress_id]

    def attachments_of(self, post_id):
        if post_id is None:
            post_id = self.importer.current_post_id
        ids = sorted(
            self.index.attachments_by_parent.get(post_id, []),
            key=lambda number: (self.index.attachments[number].menu_order, number),
        )
        return [self.attachment(wordpress_id=number) for number in ids]

    def image_id(self, attachment):
        return self.importer.object_id("image", attachment.wordpress_id)

    def document_id(self, attachment):
        return self.importer.object_id("document", attachment.wordpress_id)

    def file_url(self, attachment):
        return self.importer.image_urls.get(attachment.wordpress_id)

    def internal_link(self, url):
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme not in {"http", "https", ""} or (parts.scheme and not parts.netloc):
            return None
        if parts.netloc and (parts.hostname or "").lower() not in self.index.hosts:
            return None
        if not parts.netloc and not parts.path.startswith("/"):
            return None
        address = parts.path + (f"?{parts.query}" if parts.query else "")
        target = self.index.old_paths.get(normalise_old_path(address))
        if target:
            page_id = self.importer.object_id(target[0], target[1])
            if page_id:
                return ("page", page_id)
        if parts.netloc:
            # Through the redirects (or to the same address on the new site).
            return ("path", address + (f"#{parts.fragment}" if parts.fragment else ""))
        return None


# Adding pages quickly ----------------------------------------------------------------------


class ChildAppender:
    """Adds pages under one parent as treebeard's ``add_child`` does (the next path
    after the last child; the parent's child count raised once per batch), without
    reading the parent and its last child again for every page."""

    def __init__(self, parent):
        self.parent = parent
        self.pending = 0
        self.refresh()

    def refresh(self):
        # Not get_last_child(): it trusts numchild, which is raised only at the end of a batch.
        self.last_path = (
            Page.objects.filter(path__startswith=self.parent.path, depth=self.parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )

    def add(self, page):
        if self.last_path:
            path = Page(path=self.last_path)._inc_path()
        else:
            path = Page._get_path(self.parent.path, self.parent.depth + 1, 1)
        page.path = path
        page.depth = self.parent.depth + 1
        page.numchild = 0
        page.locale_id = self.parent.locale_id
        page.draft_title = page.title
        page._cached_parent_obj = self.parent
        page._is_site_root = False
        page.save(clean=False, log_action=None)
        # A gap in paths (if this item is rolled back) is harmless.
        self.last_path = path
        return page

    def count(self):
        self.pending += 1

    def flush(self):
        if self.pending:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.pending)
            self.parent.numchild += self.pending
            self.pending = 0


# What the import remembers while it runs ------------------------------------------------


@dataclass(slots=True)
class Known:
    """An item imported before, as the importer keeps it in memory while it runs: a
    few fields of its ``ImportedItem`` row (never the row, nor the object)."""

    pk: int
    kind: str
    wordpress_id: str
    source: str
    guid: str
    object_id: int
    source_hash: str
    written_hash: str
    revision_id: int | None
    references: list

    @classmethod
    def from_row(cls, row):
        return cls(
            pk=row.pk,
            kind=row.kind,
            wordpress_id=row.wordpress_id,
            source=row.source,
            guid=row.guid,
            object_id=row.object_id,
            source_hash=row.source_hash,
            written_hash=row.written_hash,
            revision_id=row.revision_id,
            references=list(row.references or []),
        )

    def fetch(self):
        """The object on the new site, or None if a convenor deleted it."""
        return kind_model(self.kind)._default_manager.filter(pk=self.object_id).first()


def kind_model(kind):
    return {
        "post": BlogPostPage,
        "page": StandardPage,
        "image": get_image_model(),
        "document": get_document_model(),
        "author": BlogAuthor,
        "category": BlogCategory,
        "tag": Tag,
    }[kind]


UNCHANGED = "Unchanged since the last import."
EDITED = (
    "Changed on the new site since the last import (use --overwrite to replace it with the export's version)."
)
DELETED = "Deleted on the new site since the last import, so not brought back (--overwrite would)."


# The import --------------------------------------------------------------------------------


class Importer:
    def __init__(
        self,
        path,
        uploads=None,
        *,
        dry_run=False,
        overwrite=False,
        collection_name=None,
        batch_size=100,
        progress=None,
    ):
        self.path = Path(path)
        self.uploads = Path(uploads) if uploads else None
        self.dry_run = dry_run
        self.overwrite = overwrite
        self.collection_name = collection_name
        self.batch_size = batch_size
        self.progress_factory = progress
        self.progress = None
        self.report = Report()
        self.index = None
        self.current_post_id = None

    # Step 1 and 2: read the export and check the site -------------------------------------

    def prepare(self):
        if not self.path.is_file():
            raise ImportRefused(f"There is no file at {self.path}.")
        if self.uploads is not None:
            self.uploads = self._find_uploads(self.uploads)
        try:
            self.index = ExportIndex.read(self.path)
        except ExportError as error:
            raise ImportRefused(str(error)) from None
        self.home = HomePage.objects.first()
        if self.home is None:
            raise ImportRefused(
                "The site has no vision (home) page yet, so there is nowhere to put the pages. "
                "Run 'manage.py load_demo_content' or create the vision page first."
            )
        self.blog = BlogIndexPage.objects.first()
        if self.index.types.get("post") and self.blog is None:
            raise ImportRefused(
                "The site has no blog page yet, so there is nowhere to put the posts. "
                "Add the blog page under the vision page first."
            )
        self.site = (
            Site.objects.filter(root_page=self.home).first()
            or Site.objects.filter(is_default_site=True).first()
        )
        return self.index

    def _find_uploads(self, folder):
        if not folder.is_dir():
            raise ImportRefused(f"There is no uploads folder at {folder}.")
        for candidate in (folder / "wp-content" / "uploads", folder / "uploads"):
            if candidate.is_dir():
                return candidate.resolve()
        return folder.resolve()

    # Step 3: write -------------------------------------------------------------------------

    def run(self):
        if self.index is None:
            self.prepare()
        self._load_state()
        if self.progress_factory:
            self.progress = self.progress_factory(self.index.total)
        storage = nullcontext()
        if self.dry_run:
            discard = {"BACKEND": "wordpress.importer.DiscardingStorage"}
            storage = override_settings(STORAGES={**settings.STORAGES, "default": discard})
        with storage, hold_tasks(), transaction.atomic() if self.dry_run else nullcontext():
            self._import_people_and_topics()
            self._import_attachments()
            self._import_pages()
            self._import_posts()
            self._import_site_redirects()
            if self.dry_run:
                transaction.set_rollback(True)
        if self.progress:
            self.progress.finish()
        self._notes()
        return self.report

    def _load_state(self):
        self.source = self.index.source
        self.imported = {}
        self.by_guid = {}
        for row in ImportedItem.objects.filter(source=self.source):
            self.imported[(row.kind, row.wordpress_id)] = Known.from_row(row)
        # An old site that moved to a new address keeps its items' GUIDs.
        for row in ImportedItem.objects.exclude(source=self.source).exclude(guid=""):
            self.by_guid[(row.kind, row.guid)] = Known.from_row(row)
        self.image_urls = {}
        self.collection = None
        self.appenders = {}
        self.slugs = {}
        self.log_entries = []
        self.redirects_made = 0
        self._item_rows = self._item_redirects = self._item_records = None
        # New ImportedItem and Redirect rows, written once per batch.
        self.new_records, self.new_redirects = [], []
        # Old address -> (page ID, link) of every redirect the site has.
        self.existing_redirects = {}
        site_redirects = Redirect.objects.filter(Q(site=self.site) | Q(site__isnull=True))
        for old_path, page_id, link in site_redirects.order_by(
            F("site_id").desc(nulls_last=True)
        ).values_list("old_path", "redirect_page_id", "redirect_link"):
            self.existing_redirects.setdefault(old_path, (page_id, link))
        # Addresses of live pages (a redirect from one of them would hide the page).
        self.root_path = self.site.root_page.url_path if self.site else "/"
        self.live_paths = set()
        for url_path in (
            Page.objects.live().filter(url_path__startswith=self.root_path).values_list("url_path", flat=True)
        ):
            self.live_paths.add("/" + url_path[len(self.root_path) :])
        self.routable = {}
        if self.blog is not None:
            self.routable["/" + self.blog.url_path[len(self.root_path) :]] = self.blog
        self.page_content_type = ContentType.objects.get_for_model(Page)
        self.resolver = ImportResolver(self)
        self.text_converter = text_converter()
        self.tags_by_id = {}

    # What was imported before

    def lookup(self, kind, wordpress_id, guid=""):
        known = self.imported.get((kind, str(wordpress_id)))
        if known is None and guid:
            known = self.by_guid.get((kind, guid))
        return known

    def object_id(self, kind, wordpress_id):
        known = self.imported.get((kind, str(wordpress_id)))
        return known.object_id if known else None

    def remember(
        self,
        kind,
        wordpress_id,
        obj,
        source_hash,
        *,
        known=None,
        guid="",
        written_hash="",
        revision_id=None,
        references=(),
    ):
        """The item's ``ImportedItem`` row: updated now, or (new) written with its batch.
        Returns what to keep in memory."""
        values = {
            "source": self.source,
            "kind": kind,
            "wordpress_id": str(wordpress_id),
            "guid": guid[:500],
            "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
            "object_id": obj.pk,
            "source_hash": source_hash,
            "written_hash": written_hash,
            "revision_id": revision_id,
            "references": list(references),
        }
        pk = known.pk if known is not None else None
        if pk is None:
            row = ImportedItem(**values)
            if self._item_records is not None:
                self._item_records.append(row)
            else:
                row.save()
                pk = row.pk
        else:
            ImportedItem.objects.filter(pk=pk).update(**values, last_imported_at=timezone.now())
        return Known(pk=pk, **{key: value for key, value in values.items() if key != "content_type"})

    def _adopt(self, known, wordpress_id):
        """An item found by its GUID under the old site's former address: file it under
        the address and ID the export uses now."""
        if known.source != self.source or known.wordpress_id != str(wordpress_id):
            ImportedItem.objects.filter(pk=known.pk).update(
                source=self.source, wordpress_id=str(wordpress_id)
            )
            known.source, known.wordpress_id = self.source, str(wordpress_id)

    def _cache(self, known, key=None):
        self.imported[(known.kind, str(key or known.wordpress_id))] = known

    # One item at a time, in batches

    def _one_item(self, kind, wordpress_id, title, work):
        """Run ``work()`` in a savepoint. It returns (action, address, reason, on_success).

        What the item adds to the importer's memory (``on_success``, its new
        redirects, notes for the report) is kept only if its savepoint is released."""
        self._item_rows, self._item_redirects, self._item_records = [], [], []
        try:
            with transaction.atomic():
                action, address, reason, on_success = work()
        except Exception as error:  # noqa: BLE001 - one bad item must not stop the import
            self.report.add(actions.PROBLEM, kind, wordpress_id, title, reason=f"Not imported: {error}")
            return None
        finally:
            rows, redirects, records = self._item_rows, self._item_redirects, self._item_records
            self._item_rows = self._item_redirects = self._item_records = None
        if on_success:
            on_success()
        self._add_redirects(redirects)
        self.new_records.extend(records)
        self.report.add(action, kind, wordpress_id, title, address, reason)
        for address, reason in rows:
            self.report.add(actions.PROBLEM, kind, wordpress_id, title, address, reason)
        return action

    def _item_problem(self, reason, address=""):
        """A problem with the item being written, reported if the item is saved."""
        if self._item_rows is None:
            self.report.add(actions.PROBLEM, "redirect", "", reason=reason)
        else:
            self._item_rows.append((address, reason))

    def _batches(self, items):
        batch = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _write_batch(self, items, handle):
        """One transaction: the items, each in a savepoint, then what is written once
        per batch (see ``_finish_batch``)."""
        with transaction.atomic():
            for appender in self.appenders.values():
                appender.refresh()
            for item in items:
                handle(item)
                if self.progress:
                    self.progress.advance()
            self._finish_batch()

    def _finish_batch(self):
        """The parents' child counts, the new ImportedItem, redirect and history rows,
        and Wagtail's held search and reference-index work, for the whole batch."""
        for appender in self.appenders.values():
            appender.flush()
        if self.new_records:
            ImportedItem.objects.bulk_create(self.new_records)
            self.new_records = []
        if self.new_redirects:
            Redirect.objects.bulk_create(self.new_redirects)
            self.redirects_made += len(self.new_redirects)
            self.new_redirects = []
        if self.log_entries:
            PageLogEntry.objects.bulk_create(self.log_entries)
            self.log_entries = []
        run_held_tasks()

    # People and topics -----------------------------------------------------------------------

    def _import_people_and_topics(self):
        """Authors, categories and topics that the export's posts use, each once."""
        index = self.index
        with transaction.atomic():
            for login in sorted(index.used_authors):
                self._import_author(index.authors.get(login) or Author(login=login))
            for taxonomy, slug in sorted(index.used_terms):
                terms = index.categories if taxonomy == "category" else index.tags
                term = terms.get(slug) or Term(
                    taxonomy=taxonomy, slug=slug, name=index.term_names[(taxonomy, slug)]
                )
                if taxonomy == "category" and slug in UNCATEGORISED:
                    self._redirect([self._category_path(term)], link=self.blog_path)
                elif taxonomy == "category":
                    self._import_category(term)
                else:
                    self._import_tag(term)
            self._finish_batch()

    def _import_snippet(
        self, kind, key, title, source_hash, *, written, find, create, update, address, old_path
    ):
        """An author, a category or a topic: matched to what a previous run made (or,
        the first time, to one already on the site with the same name), else created."""

        def work():
            known = self.lookup(kind, key)
            obj = known.fetch() if known else None
            keep = (lambda: self._cache(known, key)) if known else None  # noqa: E731
            if known and obj is None and not self.overwrite:
                return actions.SKIPPED, "", DELETED, None
            if obj is not None and known.source_hash == source_hash:
                return actions.SKIPPED, address(obj), UNCHANGED, keep
            if obj is not None and written(obj) != known.written_hash and not self.overwrite:
                return actions.SKIPPED, address(obj), EDITED, keep
            reason = ""
            if obj is not None:
                update(obj)
                action = actions.UPDATED
            else:
                obj = find()
                if obj is None:
                    obj = create()
                    action = actions.CREATED
                else:
                    action = actions.SKIPPED
                    reason = (
                        "One with this name was already on the site; the old site's posts are linked to it."
                    )
            saved = self.remember(kind, key, obj, source_hash, known=known, written_hash=written(obj))
            self._redirect([old_path], link=address(obj), primary=True)
            return action, address(obj), reason, lambda: self._cache(saved, key)

        self._one_item("topic" if kind == "tag" else kind, key, title, work)

    def _author_key(self, author):
        return author.wordpress_id or f"login:{author.login}"

    def _import_author(self, author):
        name = Truncator(author.name).chars(120)
        nameless = not (author.display_name or author.first_name or author.last_name)

        def create():
            if nameless:
                self._item_problem(
                    "The export does not give this author's name (older exports list only logins), so "
                    "their WordPress login is used: write their name under Blog > Authors."
                )
            return BlogAuthor.objects.create(name=name)

        def update(obj):
            obj.name = name
            obj.save()

        self._import_snippet(
            "author",
            self._author_key(author),
            name,
            fingerprint(author.login, author.name),
            written=lambda obj: fingerprint(obj.name),
            find=lambda: BlogAuthor.objects.filter(name__iexact=name).first(),
            create=create,
            update=update,
            address=lambda obj: obj.get_url(self.blog_path),
            old_path=f"/author/{wordpress_nicename(author.login)}/",
        )

    def _category_path(self, term):
        slugs, seen = [term.slug], {term.slug}
        parent = term.parent_slug
        while parent and parent not in seen:
            seen.add(parent)
            slugs.insert(0, parent)
            parent_term = self.index.categories.get(parent)
            parent = parent_term.parent_slug if parent_term else ""
        return "/category/" + "/".join(slugs) + "/"

    def _import_category(self, term):
        name = Truncator(term.name or term.slug).chars(60)
        description = Truncator(term.description).chars(250)

        def update(obj):
            obj.name, obj.description = name, description
            obj.save()

        self._import_snippet(
            "category",
            term.slug,
            name,
            fingerprint(term.slug, term.name, term.description),
            written=lambda obj: fingerprint(obj.name, obj.description),
            find=lambda: BlogCategory.objects.filter(name__iexact=name).first(),
            create=lambda: BlogCategory.objects.create(name=name, description=description),
            update=update,
            address=lambda obj: obj.get_url(self.blog_path),
            old_path=self._category_path(term),
        )

    def _import_tag(self, term):
        name = Truncator(term.name or term.slug).chars(100)

        def update(obj):
            obj.name = name
            obj.save()

        self._import_snippet(
            "tag",
            term.slug,
            name,
            fingerprint(term.slug, term.name),
            written=lambda obj: fingerprint(obj.name),
            find=lambda: Tag.objects.filter(name__iexact=name).first(),
            create=lambda: Tag.objects.create(name=name),
            update=update,
            address=lambda obj: f"{self.blog_path}?tag={obj.slug}",
            old_path=f"/tag/{term.slug}/",
        )

    @property
    def blog_path(self):
        if self.blog is None:
            return "/blog/"
        return self.blog.get_url(current_site=self.site) or "/blog/"

    # Attachments: pictures and documents --------------------------------------------------

    def _collection(self):
        if self.collection is None:
            title = self.index.channel.get("title") or self.source
            name = self.collection_name or Truncator(f"Imported from WordPress ({title})").chars(255)
            root = Collection.get_first_root_node()
            self.collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
        return self.collection

    def _import_attachments(self):
        ordered = sorted(self.index.attachments.values(), key=lambda item: item.post_id)
        if ordered and self.uploads is not None:
            with transaction.atomic():
                self._collection()
        for batch in self._batches(ordered):
            self._write_batch(batch, self._import_attachment)

    def _file_for(self, item):
        """The attachment's file in the uploads folder, or why it cannot be used."""
        if self.uploads is None:
            return None, "No uploads folder was given (--uploads), so the file could not be copied."
        candidates = []
        attached = item.meta.get("_wp_attached_file", "").strip()
        if attached:
            candidates.append(attached.lstrip("/"))
        from_url = self.index.uploads_relative(item.attachment_url)
        if from_url and from_url not in candidates:
            candidates.append(from_url)
        for relative in candidates:
            path = (self.uploads / relative).resolve()
            if not path.is_relative_to(self.uploads):
                return None, "Its file is outside the uploads folder, so it was not read."
            if path.is_file():
                return path, ""
        where = candidates[0] if candidates else item.attachment_url
        return None, f"Its file is not in the uploads folder: {where}"

    def _import_attachment(self, item):
        kind = self.index.attachment_kind(item)
        title = Truncator(item.title or self.index.filename(item)).chars(255)
        if item.status == "trash":
            self.report.add(actions.SKIPPED, "attachment", item.post_id, title, reason="It was in the bin.")
            return
        if kind == "other":
            extension = Path(self.index.filename(item)).suffix or "(none)"
            reason = f"The new site does not take {extension} files."
            self.report.add(actions.SKIPPED, "attachment", item.post_id, title, reason=reason)
            return
        path, missing = self._file_for(item)
        if path is None:
            self.report.add(actions.PROBLEM, kind, item.post_id, title, reason=missing)
            return
        size = path.stat().st_size
        limit = (
            settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
            if kind == "image"
            else settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
        )
        if limit and size > limit:
            megabytes = (
                f"{size / (1024 * 1024):.0f} MB, more than the site allows ({limit // (1024 * 1024)} MB)"
            )
            self.report.add(actions.PROBLEM, kind, item.post_id, title, reason=f"Its file is {megabytes}.")
            return
        source_hash = fingerprint(item_data(item), size)
        handler = self._write_image if kind == "image" else self._write_document
        self._one_item(kind, item.post_id, title, lambda: handler(item, path, size, title, source_hash))

    def _existing_file(self, kind, item, source_hash, written):
        """(known, object, reason to skip or None) for an attachment imported before."""
        known = self.lookup(kind, item.post_id, item.guid)
        if known is None:
            return None, None, None
        obj = known.fetch()
        if obj is None:
            return known, None, (None if self.overwrite else DELETED)
        self._adopt(known, item.post_id)
        if known.source_hash == source_hash:
            return known, obj, UNCHANGED
        if written(obj) != known.written_hash and not self.overwrite:
            return known, obj, EDITED
        return known, obj, None

    def _write_image(self, item, path, size, title, source_hash):
        alt = plain_text(item.meta.get("_wp_attachment_image_alt", ""))
        credit = plain_text(item.excerpt)
        fields = {
            "title": title,
            "description": Truncator(alt or title).chars(255),
            "credit": Truncator(credit or DEFAULT_CREDIT).chars(255),
        }
        written = lambda image: fingerprint(image.title, image.description, image.credit)  # noqa: E731
        known, image, skip = self._existing_file("image", item, source_hash, written)
        if skip:
            if image is None:
                return actions.SKIPPED, "", skip, None
            return actions.SKIPPED, image.file.url, skip, lambda: self._cache_image(known, image)
        with open(path, "rb") as file:
            width, height = self._picture_size(file)
            max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)
            if max_pixels and width * height > max_pixels:
                raise ValueError("the picture has more pixels than the site allows")
            file.seek(0)
            file_hash = hash_filelike(file)
            file.seek(0)
            action = actions.UPDATED
            if image is None:
                image = get_image_model()(collection=self._collection())
                action = actions.CREATED
            for name, value in fields.items():
                setattr(image, name, value)
            if action == actions.CREATED or image.file_hash != file_hash:
                image.file = ImageFile(file, name=path.name)
                image.file_size, image.file_hash = size, file_hash
            image.save()
        saved = self.remember(
            "image",
            item.post_id,
            image,
            source_hash,
            known=known,
            guid=item.guid,
            written_hash=written(image),
        )
        self._redirect(self._upload_addresses(item), link=image.file.url, file_link=True)
        if not alt:
            self._item_problem(
                "It had no alt text, so its title is used for now: please write alt text that says what it shows.",
                image.file.url,
            )
        return action, image.file.url, "", lambda: self._cache_image(saved, image)

    @staticmethod
    def _picture_size(file):
        """(width, height) of a picture in a format the site takes, or ValueError."""
        allowed = {
            "jpeg" if extension == "jpg" else extension for extension in settings.WAGTAILIMAGES_EXTENSIONS
        }
        try:
            picture = WillowImage.open(file)
            if picture.format_name not in allowed:
                raise ValueError(picture.format_name)
            # Willow takes any XML (even an HTML page) for an SVG; a real one has an <svg> root.
            if picture.format_name == "svg" and picture.image.root.tag.rsplit("}", 1)[-1] != "svg":
                raise ValueError("not an SVG")
            width, height = picture.get_size()
            if picture.format_name in {"jpeg", "png", "gif", "webp"}:
                file.seek(0)
                PILImage.open(file).verify()
        except Exception as error:  # noqa: BLE001 - any unreadable picture is reported
            raise ValueError(f"its file could not be read as a picture ({type(error).__name__})") from None
        return width, height

    def _cache_image(self, known, image):
        self._cache(known)
        self.image_urls[int(known.wordpress_id)] = image.file.url

    def _write_document(self, item, path, size, title, source_hash):
        written = lambda document: fingerprint(document.title)  # noqa: E731
        known, document, skip = self._existing_file("document", item, source_hash, written)
        if skip:
            if document is None:
                return actions.SKIPPED, "", skip, None
            return actions.SKIPPED, document.url, skip, lambda: self._cache(known)
        with open(path, "rb") as file:
            file_hash = hash_filelike(file)
            file.seek(0)
            action = actions.UPDATED
            if document is None:
                document = get_document_model()(collection=self._collection())
                action = actions.CREATED
            document.title = title
            if action == actions.CREATED or document.file_hash != file_hash:
                document.file = File(file, name=path.name)
                document.file_size, document.file_hash = size, file_hash
            document.save()
        saved = self.remember(
            "document",
            item.post_id,
            document,
            source_hash,
            known=known,
            guid=item.guid,
            written_hash=written(document),
        )
        self._redirect(self._upload_addresses(item), link=document.url)
        return action, document.url, "", lambda: self._cache(saved)

    def _upload_addresses(self, item):
        """The file's old address, its resized copies', and its attachment page's."""
        url_path = urlsplit(item.attachment_url).path
        addresses = [url_path] if url_path else []
        folder = posixpath.dirname(url_path)
        main = self.index.uploads_relative(item.attachment_url) or ""
        for relative in self.index.upload_paths_of(item):
            if relative != main and folder:
                addresses.append(posixpath.join(folder, posixpath.basename(relative)))
        addresses.append(f"/?attachment_id={item.post_id}")
        link = urlsplit(item.link or "")
        if link.path and not link.query:
            addresses.append(link.path)
        return addresses

    # Pages -------------------------------------------------------------------------------------

    def _import_pages(self):
        """Parents before children; brothers and sisters in their menu order."""
        pages = {item.post_id: item for item in self.index.pages}

        def depth(item):
            seen, number = {item.post_id}, 0
            while item.parent in pages and item.parent not in seen:
                item = pages[item.parent]
                seen.add(item.post_id)
                number += 1
            return number

        ordered = sorted(
            pages.values(), key=lambda item: (depth(item), item.menu_order, item.title.lower(), item.post_id)
        )
        for batch in self._batches(ordered):
            self._write_batch(batch, self._import_page)

    def _import_page(self, item):
        reason = self._skip_reason(item)
        if reason:
            self.report.add(actions.SKIPPED, "page", item.post_id, item.title or "(no title)", reason=reason)
            return
        parent = self.home
        note = ""
        if item.parent:
            parent_id = self.object_id("page", item.parent)
            parent = StandardPage.objects.filter(pk=parent_id).first() if parent_id else None
            if parent is None:
                parent = self.home
                note = "Its parent page was not imported, so it is under the vision page."
        self._import_content(item, "page", StandardPage, parent, note=note)

    # Posts -------------------------------------------------------------------------------------

    def _import_posts(self):
        """The export read a second time, as a stream: only posts are left to do."""

        def posts():
            for record in WXRReader(self.path).records():
                if not isinstance(record, Item) or record.post_type in {"attachment", "page"}:
                    continue  # done (and counted) already
                if record.post_type != "post":
                    self._not_content(record)
                    if self.progress:
                        self.progress.advance()
                    continue
                yield record

        try:
            for batch in self._batches(posts()):
                self._write_batch(batch, self._import_post)
        except ExportError as error:
            raise ImportRefused(str(error)) from None

    def _not_content(self, item):
        what = NOT_CONTENT.get(item.post_type)
        reason = (
            f"This is {what}, not content for the new site."
            if what
            else f"WordPress content of type '{item.post_type}' has no place on the new site yet."
        )
        self.report.add(actions.SKIPPED, item.post_type or "item", item.post_id, item.title, reason=reason)

    def _import_post(self, item):
        reason = self._skip_reason(item)
        if reason:
            self.report.add(actions.SKIPPED, "post", item.post_id, item.title or "(no title)", reason=reason)
            return
        self._import_content(item, "post", BlogPostPage, self.blog)

    # Posts and pages alike ------------------------------------------------------------------

    def _skip_reason(self, item):
        if item.status == "trash":
            return "It was in the bin."
        if item.status == "auto-draft":
            return "It was an empty draft WordPress made by itself."
        if item.status not in IMPORTED_STATUSES:
            return f"Its status in WordPress ('{item.status}') is not one the import knows."
        return None

    def _draft_reason(self, item):
        if item.password:
            return "It had a password on the old site, so it came in as a draft."
        return {
            "private": "It was private on the old site, so it came in as a draft.",
            "pending": "It was waiting for review on the old site, so it came in as a draft.",
            "future": "It was scheduled on the old site, so it came in as a draft: schedule it again in the admin.",
        }.get(item.status, "")

    def _references_now(self, references):
        """The pictures and documents an item used last time, as they are now."""
        now = []
        for reference in references:
            kind, _, rest = reference.partition(":")
            wordpress_id = rest.partition("=")[0]
            now.append(f"{kind}:{wordpress_id}={self.object_id(kind, wordpress_id) or 'missing'}")
        return now

    def _import_content(self, item, kind, model, parent, note=""):
        title = Truncator(item.title or "(no title)").chars(255)
        source_hash = fingerprint(item_data(item))
        known = self.lookup(kind, item.post_id, item.guid)
        if (
            known is not None
            and not self.overwrite
            and known.source == self.source
            and known.source_hash == source_hash
            and self._references_now(known.references) == known.references
        ):
            # Nothing in the export changed, nor any picture or document it uses.
            address = Page.objects.filter(pk=known.object_id).values_list("url_path", flat=True).first()
            reason = UNCHANGED if address else DELETED
            self.report.add(actions.SKIPPED, kind, item.post_id, title, self._relative(address), reason)
            return
        self.current_post_id = item.post_id
        converter = BodyConverter(self.resolver, title=title, converter=self.text_converter)
        body = converter.convert(item.content)
        hero = None
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if kind == "post" and thumbnail.isdigit():
            hero = self.object_id("image", int(thumbnail))
            converter.references.add(f"image:{thumbnail}={hero or 'missing'}")
            if hero is None:
                converter.problem("Its featured picture was not imported, so the post has no main picture.")
        live = item.status == "publish" and not item.password
        content = {"title": title, "body": body, "hero": hero, "live": live}
        references = sorted(converter.references)

        def work():
            return self._write_page(item, kind, model, parent, content, source_hash, references, known)

        action = self._one_item(kind, item.post_id, title, work)
        if action in {actions.CREATED, actions.UPDATED}:
            notes = [note, "" if live else self._draft_reason(item), *converter.problems]
            for text in notes:
                if text:
                    self.report.add(actions.PROBLEM, kind, item.post_id, title, reason=text)

    def _write_page(self, item, kind, model, parent, content, source_hash, references, known):
        page = model.objects.filter(pk=known.object_id).first() if known else None
        if known is not None and page is None and not self.overwrite:
            return actions.SKIPPED, "", DELETED, None
        if page is None:
            return self._create_page(item, kind, model, parent, content, source_hash, references, known)
        self._adopt(known, item.post_id)
        address = self._relative(page.url_path)
        keep = lambda: self._cache(known)  # noqa: E731
        if self._edited(page, known) and not self.overwrite:
            return actions.SKIPPED, address, EDITED, keep
        if (
            known.source_hash == source_hash
            and known.references == references
            and not self._edited(page, known)
        ):
            return actions.SKIPPED, address, UNCHANGED, keep
        return self._update_page(item, kind, page, content, source_hash, references, known)

    @staticmethod
    def _edited(page, known):
        """Has a convenor saved, published or unpublished it since the import?"""
        return page.latest_revision_id != known.revision_id or (
            known.written_hash == "live" and not page.live
        )

    def _page_fields(self, item, kind, content):
        def first_meta(keys, limit):
            for key in keys:
                value = plain_text(item.meta.get(key, ""))
                if value and "%%" not in value:  # %%title%% and the like are SEO plugin templates
                    return Truncator(value).chars(limit)
            return ""

        fields = {
            "title": content["title"],
            "body": content["body"],
            "search_description": first_meta(SEO_DESCRIPTION_KEYS, 1000),
            "seo_title": first_meta(SEO_TITLE_KEYS, 255),
            "introduction": Truncator(plain_text(item.excerpt)).chars(400 if kind == "post" else 600),
        }
        if kind == "post":
            fields["date"] = item.local_date if item.published_at else None
            fields["hero_image_id"] = content["hero"]
        return fields

    def _unique_slug(self, parent, wanted, page=None):
        taken = self.slugs.get(parent.pk)
        if taken is None:
            taken = self.slugs[parent.pk] = dict(parent.get_children().values_list("slug", "id"))
        reserved = RESERVED_SLUGS if parent.pk == getattr(self.blog, "pk", None) else set()
        base = (wanted or "page")[:240]
        slug, number = base, 2
        while (slug in taken and (page is None or taken[slug] != page.pk)) or slug in reserved:
            slug = f"{base}-{number}"
            number += 1
        return slug

    @staticmethod
    def _wanted_slug(item, title):
        return (
            slugify(unquote(item.post_name), allow_unicode=True)
            or slugify(title, allow_unicode=True)
            or "page"
        )

    def _relations(self, item, kind):
        """A post's category, topics (Tag objects) and author, from what was imported for them."""
        if kind != "post":
            return None, [], None
        category_id = None
        tags = []
        for taxonomy, slug, name in item.terms:
            key = slug or slugify(name)
            if taxonomy == "category" and key not in UNCATEGORISED:
                category = self.imported.get(("category", key))
                if category is None:
                    continue
                if category_id is None:
                    category_id = category.object_id
                else:
                    # A second category becomes a topic, so it is not lost.
                    tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name[:100])
                    self.tags_by_id.setdefault(tag.pk, tag)
                    tags.append(tag.pk)
            elif taxonomy == "post_tag":
                tag = self.imported.get(("tag", key))
                if tag is not None:
                    tags.append(tag.object_id)
        missing = [tag for tag in tags if tag not in self.tags_by_id]
        if missing:
            self.tags_by_id.update((tag.pk, tag) for tag in Tag.objects.filter(pk__in=missing))
        tag_objects = list({pk: self.tags_by_id[pk] for pk in tags if pk in self.tags_by_id}.values())
        author = self.index.authors.get(item.creator)
        key = self._author_key(author) if author else f"login:{item.creator}"
        known_author = self.imported.get(("author", key)) if item.creator else None
        return category_id, tag_objects, known_author.object_id if known_author else None

    def _set_relations(self, page, item, kind):
        """The post's category, topics and author on the page in memory (saved with its revision)."""
        if kind != "post":
            return
        page.category_id, tags, author_id = self._relations(item, kind)
        page.tags.set(tags)
        page.post_authors = [BlogPostAuthor(author_id=author_id, sort_order=0)] if author_id else []

    @staticmethod
    def _revision_content(page, children):
        """What ``page.serializable_data()`` gives, from the objects in memory.

        modelcluster's own method reads every child relation back from the database
        (four queries a page); a new page's children are all here already."""
        if get_all_child_m2m_relations(page):
            return page.serializable_data()
        content = get_serializable_data_for_fields(page)
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            content[name] = [get_serializable_data_for_fields(child) for child in children.get(name, [])]
        return content

    def _create_page(self, item, kind, model, parent, content, source_hash, references, known):
        live = content["live"]
        page = model(**self._page_fields(item, kind, content))
        page.slug = self._unique_slug(parent, self._wanted_slug(item, content["title"]))
        now = timezone.now()
        page.live = live
        page.has_unpublished_changes = not live
        if live:
            page.first_published_at = item.published_at or now
            modified = parse_wp_date(item.post_modified_gmt)
            modified = modified.replace(tzinfo=datetime.UTC) if modified else None
            page.last_published_at = max(filter(None, [modified, page.first_published_at]))
        page.category_id, tags, author_id = self._relations(item, kind)
        appender = self.appenders.get(parent.pk)
        if appender is None:
            appender = self.appenders[parent.pk] = ChildAppender(parent)
        appender.add(page)
        # The post's topic and author links, one query each (saved through the page,
        # modelcluster would read them back and insert them one by one).
        children = {}
        if kind == "post":
            children["tagged_items"] = BlogPostTag.objects.bulk_create(
                [BlogPostTag(tag=tag, content_object_id=page.pk) for tag in tags]
            )
            children["post_authors"] = BlogPostAuthor.objects.bulk_create(
                [BlogPostAuthor(author_id=author_id, page_id=page.pk, sort_order=0)] if author_id else []
            )
        revision = Revision.objects.create(
            content_type_id=page.content_type_id,
            base_content_type_id=self.page_content_type.pk,
            object_id=str(page.pk),
            content=self._revision_content(page, children),
            object_str=str(page),
            created_at=now,
        )
        Page.objects.filter(pk=page.pk).update(
            live_revision=revision if live else None,
            latest_revision=revision,
            latest_revision_created_at=now,
        )
        saved = self.remember(
            kind,
            item.post_id,
            page,
            source_hash,
            known=known,
            guid=item.guid,
            written_hash="live" if live else "draft",
            revision_id=revision.pk,
            references=references,
        )
        address = self._relative(page.url_path)
        if live:
            self._redirect(self.index.old_addresses(item), page=page, primary_first=True, skip={address})
        log_entry = PageLogEntry(
            content_type_id=page.content_type_id,
            label=page.title,
            action="wordpress.import",
            data={"wordpress_id": item.post_id},
            timestamp=now,
            revision_id=revision.pk,
            content_changed=True,
            page_id=page.pk,
        )

        def on_success():
            self._cache(saved)
            appender.count()
            self.slugs[parent.pk][page.slug] = page.pk
            self.log_entries.append(log_entry)
            if live:
                self.live_paths.add(address)

        return actions.CREATED, address, "", on_success

    def _update_page(self, item, kind, page, content, source_hash, references, known):
        """A page changed in the export since the last import: a new revision, published
        if the item is published (Wagtail's own way, so history and redirects follow)."""
        live = content["live"]
        for name, value in self._page_fields(item, kind, content).items():
            setattr(page, name, value)
        page.slug = self._unique_slug(page.get_parent(), self._wanted_slug(item, content["title"]), page=page)
        self._set_relations(page, item, kind)
        if live and not page.first_published_at:
            page.first_published_at = item.published_at
        revision = page.save_revision(clean=False, log_action=True)
        if live:
            revision.publish(skip_permission_checks=True)
        elif page.live:
            page.unpublish(log_action=True)
        page.refresh_from_db(fields=["live", "url_path", "latest_revision", "slug"])
        saved = self.remember(
            kind,
            item.post_id,
            page,
            source_hash,
            known=known,
            guid=item.guid,
            written_hash="live" if live else "draft",
            revision_id=page.latest_revision_id,
            references=references,
        )
        address = self._relative(page.url_path)
        if live:
            self._redirect(self.index.old_addresses(item), page=page, primary_first=True, skip={address})

        def on_success():
            self._cache(saved)
            self.slugs.setdefault(page.get_parent().pk, {})[page.slug] = page.pk
            if live:
                self.live_paths.add(address)

        return actions.UPDATED, address, "", on_success

    def _relative(self, url_path):
        """'/home/blog/post/' -> '/blog/post/' (the page's address on the site)."""
        if not url_path:
            return ""
        return "/" + url_path[len(self.root_path) :] if url_path.startswith(self.root_path) else url_path

    # Redirects ---------------------------------------------------------------------------------

    def _shadows_live_page(self, old_path):
        """Would a redirect from ``old_path`` hide a page of the new site? (Wagtail looks
        for a redirect only when an address is not found.)"""
        if "?" in old_path:
            return False
        address = old_path.rstrip("/") + "/"
        if address in self.live_paths:
            return True
        for prefix, routable_page in self.routable.items():
            if address.startswith(prefix) and address != prefix:
                try:
                    routable_page.resolve_subpage("/" + address[len(prefix) :])
                except Exception:  # noqa: BLE001 - not one of the page's routes
                    continue
                return True
        return False

    def _redirect(
        self,
        addresses,
        page=None,
        link="",
        route="",
        primary=False,
        primary_first=False,
        file_link=False,
        skip=(),
    ):
        """Permanent redirects from old addresses to ``page`` (and ``route`` on it) or
        ``link``. Addresses that already redirect elsewhere, or that are pages of the
        new site, are left alone; a clash on the item's own address is reported."""
        if file_link and "?" in (link or ""):
            self.report.note(
                "Old file addresses were not redirected to pictures, because the site's media "
                "store gives links that expire."
            )
            return
        new, seen = [], set()
        for number, address in enumerate(addresses):
            main = primary or (primary_first and number == 0)
            old_path = normalise_old_path(address)
            if old_path in seen or old_path in {"", "/"}:
                continue
            seen.add(old_path)
            if len(old_path) > 255:
                if main:
                    self._item_problem(f"Its old address is too long to redirect: {old_path[:80]}...")
                continue
            existing = self.existing_redirects.get(old_path)
            if existing is not None:
                page_id, existing_link = existing
                same = (page is not None and page_id == page.pk) or (
                    page is None and not page_id and existing_link == link
                )
                if not same and main:
                    self._item_problem(
                        f"Its old address {old_path} already redirects somewhere else on the site; "
                        "that redirect was left as it is."
                    )
                continue
            if old_path.rstrip("/") + "/" in skip:
                continue
            if self._shadows_live_page(old_path):
                if main:
                    self._item_problem(
                        f"Its old address {old_path}/ is a page of the new site now, so it was not redirected."
                    )
                continue
            new.append(
                Redirect(
                    old_path=old_path,
                    site=self.site,
                    is_permanent=True,
                    redirect_page=page,
                    redirect_page_route_path=route,
                    redirect_link=link if page is None else "",
                )
            )
        if self._item_redirects is not None:
            self._item_redirects.extend(new)  # kept if the item is saved
        else:
            self._add_redirects(new)

    def _add_redirects(self, redirects):
        """Redirects to write with the batch; their old addresses are taken from now on."""
        for redirect in redirects:
            self.existing_redirects[redirect.old_path] = (redirect.redirect_page_id, redirect.redirect_link)
        self.new_redirects.extend(redirects)

    def _import_site_redirects(self):
        with transaction.atomic():
            if self.blog is not None:
                self._redirect(["/feed/"], page=self.blog, route="/feed/")
            self._finish_batch()

    # Step 4: notes for the report -------------------------------------------------------------

    def _notes(self):
        index = self.index
        if self.redirects_made:
            verb = "would redirect" if self.dry_run else "now redirect"
            self.report.note(f"{self.redirects_made} old address(es) {verb} to the new site.")
        if index.comments:
            self.report.note(
                f"{index.comments} comment(s) were not brought over: the new site does not have comments."
            )
        for kind, number in sorted(index.repairs.items()):
            self.report.note(f"The export needed repairs while it was read: {number} {kind}.")
