"""One loader for every app's demo content.

Each app keeps its words in a ``demo_content/`` folder beside its code (YAML
files, and Markdown files with YAML front matter); its ``load_demo_content``
hook keeps only the logic and calls this loader. How to write the files:
``README.md`` beside this module.

    demo = DemoContent("blog")
    demo.objects(BlogCategory, "categories.yaml")           # get-or-create by slug
    created = demo.pages(parent=home_page)                  # pages/ and its folders

Everything is found again before it is made (pages by slug under their parent,
or the one page of a type that allows only one; rows by their natural key;
images and documents by title), so loading twice changes nothing.
"""

import dataclasses
import datetime
import functools
import re
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import DraftStateMixin, Page, RevisionMixin, Site

from ..blocks import WebAddressBlock
from . import dates, markup
from .media import DEMO_CREDIT, make_document, make_image

FOLDER = "demo_content"
SHARED_APP = "socialcarefuture"
PAGE_SUFFIXES = (".md", ".yaml", ".yml")
# Keys in a page file that steer the loader rather than name a field.
PAGE_DIRECTIVES = ("type", "main_menu", "footer_menu")
# An ordering prefix on a page file's name: "01-about.md", "2019-03-12-new-story.md".
ORDER_PREFIX = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d+)-")
TEXT_BLOCKS = (
    blocks.CharBlock,
    blocks.TextBlock,
    blocks.URLBlock,
    WebAddressBlock,
    blocks.RichTextBlock,
    blocks.EmailBlock,
)
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DemoDataError(Exception):
    """Demo data that cannot be loaded. The message starts with the file, and the
    line or key, where the problem is."""


class _PageNotYet(Exception):
    """A page that does not exist (yet): tried again once every page of the run is made."""

    def __init__(self, ref, where):
        super().__init__(ref)
        self.ref, self.where = ref, where

    def error(self):
        return DemoDataError(f"{self.where}: no page with the slug or path '{self.ref}'")


class _Markdown(str):
    """A page file's Markdown body, which knows its file and the line it starts on."""

    where = None
    first_line = 1


class DemoContent:
    """The demo content in one app's ``demo_content/`` folder.

    ``app`` is an app label (``"blog"``) or a folder. Images and documents are
    looked up in the folder's ``images.yaml`` / ``documents.yaml``, then in the
    site's (``socialcarefuture/demo_content/``), so every app can use the
    site's pictures. ``today`` is the day relative dates count from.
    """

    #: The page type of a page file without ``type:`` whose parent allows several.
    default_page_type = "socialcarefuture.StandardPage"

    def __init__(self, app, *, today=None):
        if isinstance(app, Path):
            self.folder = app
        else:
            self.folder = Path(apps.get_app_config(app).path) / FOLDER
        self.today = today or timezone.localdate()
        self.created = []  # everything this loader made, in order
        self._media_loaded = False
        self._media = {"images": {}, "documents": {}}
        self._spec_cache = {}
        self._keys = {}  # model -> the field rows are found by
        self._found = {}  # (model, reference) -> object

    # Reading files ----------------------------------------------------------------

    def where(self, path):
        """A file's name as errors show it (relative to the project)."""
        try:
            return str(Path(path).relative_to(settings.BASE_DIR))
        except ValueError:
            return str(path)

    def read(self, name):
        """The data in a YAML file of the folder."""
        path = self.folder / name
        if not path.is_file():
            raise DemoDataError(f"{self.where(path)}: no such file")
        return self._yaml(path.read_text(encoding="utf-8"), self.where(path))

    def _yaml(self, text, where, first_line=1):
        try:
            return yaml.load(text, Loader=YamlLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f", line {first_line + mark.line}" if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            raise DemoDataError(f"{where}{line}: the YAML cannot be read ({problem})") from None

    def _read_page(self, path):
        """Front matter (a mapping) and the Markdown body of a page file."""
        where = self.where(path)
        text = path.read_text(encoding="utf-8")
        body = _Markdown("")
        if path.suffix == ".md":
            match = re.match(r"---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|$)", text, re.DOTALL)
            if not match:
                raise DemoDataError(f"{where}: a page file starts with its fields between two --- lines")
            front = match.group(1) or ""
            data = self._yaml(front, where, first_line=2)
            body = _Markdown(text[match.end() :])
            body.where, body.first_line = where, front.count("\n") + 3
        else:
            data = self._yaml(text, where)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise DemoDataError(f"{where}: the fields must be a mapping of names to values")
        return data, body

    # Images and documents ---------------------------------------------------------------

    @functools.cached_property
    def _shared(self):
        """The site's folder, where images and documents not found here are looked up."""
        folder = Path(apps.get_app_config(SHARED_APP).path) / FOLDER
        return None if folder == self.folder else DemoContent(folder, today=self.today)

    def _specs(self, kind):
        """The entries of ``images.yaml`` or ``documents.yaml``, by key (read once)."""
        if kind not in self._spec_cache:
            self._spec_cache[kind] = self._read_specs(kind)
        return self._spec_cache[kind]

    def _read_specs(self, kind):
        path = self.folder / f"{kind}.yaml"
        if not path.is_file():
            return {}
        specs = self.read(f"{kind}.yaml") or {}
        where = self.where(path)
        if not isinstance(specs, dict):
            raise DemoDataError(f"{where}: write one entry per key, for example 'garden:'")
        required = {"images": ("title", "alt"), "documents": ("title",)}[kind]
        for key, spec in specs.items():
            missing = [name for name in required if not isinstance(spec, dict) or not spec.get(name)]
            if missing:
                raise DemoDataError(f"{where}: {key}: needs {' and '.join(missing)}")
        return specs

    def load_media(self):
        """Make every image and document the folder lists that is not there yet, in order."""
        if self._media_loaded:
            return
        self._media_loaded = True
        for kind, model, make in (
            ("images", get_image_model(), self._make_image),
            ("documents", get_document_model(), self._make_document),
        ):
            specs = self._specs(kind)
            titles = [spec["title"] for spec in specs.values()]
            existing = {obj.title: obj for obj in model.objects.filter(title__in=titles)} if titles else {}
            for key, spec in specs.items():
                obj = existing.get(spec["title"])
                if obj is None:
                    obj = make(key, spec)
                    self.created.append(obj)
                self._media[kind][key] = obj

    def _source(self, kind, key, spec):
        if not spec.get("source"):
            return None
        path = self.folder / spec["source"]
        if not path.is_file():
            raise DemoDataError(f"{self.where(self.folder / f'{kind}.yaml')}: {key}: no file {path.name}")
        return path

    def _make_image(self, key, spec):
        path = self._source("images", key, spec)
        if path is None and not (spec.get("scene") and "seed" in spec):
            raise DemoDataError(
                f"{self.where(self.folder / 'images.yaml')}: {key}: give a scene and a seed to draw, "
                "or a source file"
            )
        return make_image(
            spec["title"],
            spec["alt"],
            spec.get("scene"),
            spec.get("seed"),
            credit=spec.get("credit", DEMO_CREDIT),
            path=path,
        )

    def _make_document(self, key, spec):
        path = self._source("documents", key, spec)
        filename = spec.get("filename") or (path.name if path else f"{key}.pdf")
        return make_document(
            spec["title"], filename, spec.get("lines", ()), easy_read=spec.get("easy_read", False), path=path
        )

    def _media_item(self, kind, key, where):
        self.load_media()
        if key in self._media[kind]:
            return self._media[kind][key]
        if self._shared is not None and key in self._shared._specs(kind):
            return self._shared._media_item(kind, key, where)
        known = ", ".join(sorted(self._media[kind])) or "none"
        raise DemoDataError(f"{where}: no {kind[:-1]} '{key}' in {kind}.yaml (it has: {known})")

    def image(self, key, where="image"):
        return self._media_item("images", key, where)

    def document(self, key, where="document"):
        return self._media_item("documents", key, where)

    # References ---------------------------------------------------------------------------

    def page(self, ref, model=Page, where="page"):
        """The page with this slug, or this path below the home page (``blog/my-post``)."""
        found = self._found.get((model, ref))
        if found is not None:
            return found
        if not isinstance(ref, str) or not ref.strip("/"):
            raise DemoDataError(f"{where}: name a page by its slug, got {ref!r}")
        pages = model.objects.all()
        if "/" in ref.strip("/"):
            pages = pages.filter(url_path__endswith=f"/{ref.strip('/')}/")
        else:
            pages = pages.filter(slug=ref)
        matches = list(pages[:2])
        if len(matches) > 1:
            raise DemoDataError(
                f"{where}: more than one page has the slug '{ref}': give its path, like blog/{ref}"
            )
        if not matches:
            raise _PageNotYet(ref, where)
        self._found[(model, ref)] = matches[0]
        return matches[0]

    def instance(self, model, ref, where):
        """The object a reference in the data names: a page, image, document or row."""
        if isinstance(ref, models.Model):
            return ref
        if issubclass(model, Page):
            return self.page(ref, model, where)
        if issubclass(model, get_image_model()):
            return self.image(ref, where)
        if issubclass(model, get_document_model()):
            return self.document(ref, where)
        key = self._keys.get(model, "slug")
        found = self._found.get((model, ref))
        if found is None:
            try:
                model._meta.get_field(key)
            except FieldDoesNotExist:
                raise DemoDataError(
                    f"{where}: cannot find a {model._meta.verbose_name} by '{key}': load them first "
                    "with objects(..., key=...)"
                ) from None
            found = model.objects.filter(**{key: ref}).first()
            if found is None:
                raise DemoDataError(f"{where}: no {model._meta.verbose_name} with the {key} '{ref}'")
            self._found[(model, ref)] = found
        return found

    # Fields ---------------------------------------------------------------------------------

    def save(self, obj, data, where):
        """Set ``obj``'s fields from ``data`` and save it (with a published revision
        for a model with drafts). Returns ``obj``."""
        after = self._assign(obj, data, where)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise DemoDataError(f"{where}: {_messages(error)}") from None
        obj.save()
        for step in after:
            step()
        if isinstance(obj, DraftStateMixin):
            obj.save_revision().publish()
        elif isinstance(obj, RevisionMixin):
            obj.save_revision()
        return obj

    def update(self, obj, filename, key=None):
        """Set ``obj``'s fields from a YAML file of the folder (or from one key of
        it) and save it."""
        data, where = self.read(filename), self.where(self.folder / filename)
        if key is not None:
            if not isinstance(data, dict) or key not in data:
                raise DemoDataError(f"{where}: needs '{key}:'")
            data, where = data[key], f"{where}: {key}"
        if not isinstance(data, dict):
            raise DemoDataError(f"{where}: write the fields as 'name: value' lines")
        return self.save(obj, data, where)

    def _assign(self, obj, data, where, deferred=None):
        """Set fields; return what must wait until ``obj`` is saved. With a
        ``deferred`` dict, fields naming pages not made yet go there instead."""
        after = []
        for name, value in data.items():
            try:
                step = self._set(obj, name, value, f"{where}: {name}")
            except _PageNotYet as missing:
                if deferred is None:
                    raise missing.error() from None
                deferred[name] = value
                continue
            if step:
                after.append(step)
        return after

    def _set(self, obj, name, value, here):
        model = type(obj)
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise DemoDataError(f"{here}: a {model.__name__} has no field or relation '{name}'") from None
        if isinstance(field, TaggableManager):
            tags = [self._text(tag, here) for tag in self._list(value, here)]
            if isinstance(obj, ClusterableModel):
                getattr(obj, name).add(*tags)
                return None
            return lambda: getattr(obj, name).add(*tags)
        if field.one_to_many and isinstance(field.remote_field, ParentalKey):
            setattr(obj, name, self._children(field.related_model, field.remote_field.name, value, here))
            return None
        if field.many_to_many and field.concrete:
            items = [self.instance(field.related_model, ref, here) for ref in self._list(value, here)]
            if isinstance(field, ParentalManyToManyField):
                setattr(obj, name, items)  # kept with the object until it is saved
                return None
            return lambda: getattr(obj, name).set(items)
        if not field.concrete:
            raise DemoDataError(f"{here}: '{name}' cannot be set from demo data")
        setattr(obj, field.name, self._value(field, value, here))
        return None

    def _value(self, field, value, here):
        if isinstance(field, StreamField):
            return self.stream(field.stream_block, value, here)
        if value is None:
            return None
        if isinstance(field, RichTextField):
            return self.rich_text(value, here)
        if isinstance(field, models.ForeignKey):
            return self.instance(field.related_model, value, here)
        try:
            if isinstance(field, models.DateTimeField):
                return dates.to_datetime(value, self.today)
            if isinstance(field, models.DateField):
                return dates.to_date(value, self.today)
        except dates.DateError as error:
            raise DemoDataError(f"{here}: {error}") from None
        if isinstance(field, models.URLField):
            return self._url(value, here)
        if isinstance(field, (models.CharField, models.TextField)):
            return self._text(value, here)
        return value

    def _children(self, model, parent_field, items, here):
        """Orderable children (a ParentalKey's rows): a list of mappings, or of plain
        references when the child has one field of its own (``[jo-whitfield, sam]``)."""
        own = [
            field.name
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in (parent_field, "sort_order")
        ]
        own_and_order = {field.name for field in model._meta.concrete_fields}
        children = []
        for number, item in enumerate(self._list(items, here), 1):
            where = f"{here} {number}"
            if not isinstance(item, dict):
                if len(own) != 1:
                    raise DemoDataError(f"{where}: write each one as a mapping of {', '.join(own)}")
                item = {own[0]: item}
            child = model()
            if "sort_order" in own_and_order:
                child.sort_order = number - 1  # the order written, not whatever the database returns
            for name, value in item.items():
                if self._set(child, name, value, f"{where}: {name}"):
                    raise DemoDataError(f"{where}: {name}: not possible in a child row")
            children.append(child)
        return children

    def _text(self, value, here):
        if isinstance(value, str):
            return value
        raise DemoDataError(
            f"{here}: expected words, got {value!r} (put it in quotes if it looks like a number, "
            "a date or yes/no)"
        )

    def _list(self, value, here):
        if isinstance(value, list):
            return value
        raise DemoDataError(f"{here}: expected a list (- one item a line, or [a, b])")

    def _url(self, value, here):
        """A web address; one starting with / is on this site (``SITE_URL``)."""
        value = self._text(value, here)
        return settings.SITE_URL.rstrip("/") + value if value.startswith("/") else value

    # Rich text and StreamFields ---------------------------------------------------------------

    def rich_text(self, source, here):
        """Wagtail rich text from Markdown; ``[words](page:slug)`` and
        ``[words](document:key)`` link to a page or a document."""
        try:
            return markup.rich_text(self._text(source, here), resolve_link=self._link_resolver(here))
        except markup.MarkupError as error:
            raise DemoDataError(f"{here}, line {error.line}: {error}") from None

    def stream(self, stream_block, value, here):
        """Raw StreamField data from Markdown (a string) or a list of ``{type: value}``."""
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return self._markdown_blocks(stream_block, value, here)
        result = []
        for number, item in enumerate(self._list(value, here), 1):
            where = f"{here} {number}"
            if not isinstance(item, dict) or len(item) != 1:
                raise DemoDataError(
                    f"{where}: write each block as 'type: value', for example '- heading: ...'"
                )
            [(kind, block_value)] = item.items()
            result.append(self._block(stream_block, kind, block_value, f"{where}: {kind}"))
        return result

    def _block(self, stream_block, kind, value, here):
        child = stream_block.child_blocks.get(kind)
        if child is None:
            known = ", ".join(stream_block.child_blocks)
            raise DemoDataError(f"{here}: unknown block type '{kind}' (this field has: {known})")
        return {"type": kind, "value": self.block_value(child, value, here)}

    def _markdown_blocks(self, stream_block, source, here):
        """Blocks from Markdown; errors give the line in the file (or in the field's text)."""
        here = getattr(source, "where", None) or here
        first_line = getattr(source, "first_line", 1)
        try:
            parts = markup.blocks(source, first_line=first_line)
        except markup.MarkupError as error:
            raise DemoDataError(f"{here}, line {error.line}: {error}") from None
        result = []
        for part in parts:
            where = f"{here}, line {part.line}"
            if isinstance(part, markup.Heading):
                value = {"text": part.text, "level": f"h{part.level}"}
                result.append(self._block(stream_block, "heading", value, f"{where}: heading"))
            elif isinstance(part, markup.Quote):
                value = {"quote": part.quote, "attribution": part.attribution}
                result.append(self._block(stream_block, "quote", value, f"{where}: quote"))
            elif isinstance(part, markup.Text):
                if "paragraph" not in stream_block.child_blocks:
                    raise DemoDataError(f"{where}: this field has no text (paragraph) blocks")
                try:
                    html = markup.rich_text(part.markdown, self._link_resolver(where), first_line=part.line)
                except markup.MarkupError as error:
                    raise DemoDataError(f"{here}, line {error.line}: {error}") from None
                result.append({"type": "paragraph", "value": html})
            else:
                data = self._yaml(part.source, here, first_line=part.line + 1)
                result.append(self._block(stream_block, part.kind, data, f"{where}: {part.kind}"))
        return result

    def _link_resolver(self, here):
        def link(kind, key):
            return (self.page(key, Page, here) if kind == "page" else self.document(key, here)).pk

        return link

    def block_value(self, block, value, here):
        """Raw data for one block, with references resolved and empty fields filled in
        the way the admin fills them."""
        if isinstance(block, blocks.StructBlock):
            if value is None:
                value = {}
            if not isinstance(value, dict):
                raise DemoDataError(f"{here}: expected the block's fields ({', '.join(block.child_blocks)})")
            unknown = [name for name in value if name not in block.child_blocks]
            if unknown:
                raise DemoDataError(
                    f"{here}: unknown field '{unknown[0]}' (this block has: {', '.join(block.child_blocks)})"
                )
            return {
                name: self.block_value(child, value[name], f"{here}: {name}")
                if name in value
                else _empty(child)
                for name, child in block.child_blocks.items()
            }
        if isinstance(block, blocks.ListBlock):
            return [
                self.block_value(block.child_block, item, f"{here} {number}")
                for number, item in enumerate(self._list(value, here), 1)
            ]
        if isinstance(block, blocks.StreamBlock):
            return self.stream(block, value, here)
        if value is None:
            return _empty(block)
        if isinstance(block, ImageChooserBlock):
            return self.image(value, here).pk
        if isinstance(block, DocumentChooserBlock):
            return self.document(value, here).pk
        if isinstance(block, blocks.PageChooserBlock):
            return self.page(value, block.target_model, here).pk
        if isinstance(block, blocks.ChooserBlock):
            return self.instance(block.model_class, value, here).pk
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(value, here)
        if isinstance(block, WebAddressBlock):
            return self._text(value, here)  # an address on this site stays "/..."
        if isinstance(block, blocks.URLBlock):
            return self._url(value, here)
        try:
            if isinstance(block, blocks.DateTimeBlock):
                return block.get_prep_value(dates.to_datetime(value, self.today))
            if isinstance(block, blocks.DateBlock):
                return block.get_prep_value(dates.to_date(value, self.today))
        except dates.DateError as error:
            raise DemoDataError(f"{here}: {error}") from None
        if isinstance(block, TEXT_BLOCKS):
            return self._text(value, here)
        if isinstance(value, (datetime.date, datetime.time)):
            return block.get_prep_value(value)
        return value

    # Rows and pages ---------------------------------------------------------------------------

    def objects(self, model, filename, key="slug"):
        """Rows of ``model`` from a YAML list, each found again by ``key``; returns
        ``{key: object}``. References to ``model`` elsewhere then use ``key`` too."""
        self.load_media()
        self._keys[model] = key
        path = self.folder / filename
        where = self.where(path)
        items = self.read(filename) or []
        if not isinstance(items, list):
            raise DemoDataError(
                f"{where}: write a list, one '- {key}: ...' for each {model._meta.verbose_name}"
            )
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict) or item.get(key) in (None, ""):
                raise DemoDataError(f"{where}: item {number}: needs a '{key}'")
        existing = {
            getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": [i[key] for i in items]})
        }
        result = {}
        for item in items:
            obj = existing.get(item[key])
            if obj is None:
                obj = self.save(model(), item, f"{where}: {item[key]}")
                self.created.append(obj)
            result[item[key]] = self._found[(model, item[key])] = obj
        return result

    def pages(self, parent, folder="pages", prepare=None):
        """Make the pages in ``folder`` (default ``pages/``) under ``parent``, and
        their children from the folder named like each file; return those made.

        A page already there (same slug under the same parent, or the one page
        of a type that allows only one) is left as it is. ``prepare(model,
        fields)`` may fill in defaults before a new page's fields are set.
        """
        self.load_media()
        path = self.folder / folder
        if not path.is_dir():
            raise DemoDataError(f"{self.where(path)}: no such folder")
        made = []
        self._page_folder(parent, path, prepare, made)
        for new in made:
            if new.deferred:
                self._assign(new.page, new.deferred, new.where)
                self._publish(new)
        for new in made:
            for menu, spec in new.menus.items():
                self.add_to_menu(new.page, menu, **spec)
        return [new.page for new in made]

    def _page_folder(self, parent, folder, prepare, made):
        parent.refresh_from_db(fields=["path", "depth", "numchild", "url_path"])
        existing = {child.slug: child for child in parent.get_children()}
        seen = {}
        for path in sorted(folder.iterdir()):
            if path.suffix not in PAGE_SUFFIXES or path.name.startswith((".", "_")) or not path.is_file():
                continue
            page = self._page_file(parent, path, existing, prepare, made)
            if page.slug in seen:
                raise DemoDataError(f"{self.where(path)}: {seen[page.slug]} has the slug '{page.slug}' too")
            seen[page.slug] = path.name
            children = path.with_suffix("")
            if children.is_dir():
                self._page_folder(page, children, prepare, made)

    def _page_file(self, parent, path, existing, prepare, made):
        where = self.where(path)
        data, body = self._read_page(path)
        model = self._page_type(data.pop("type", None), parent, where)
        menus = {name: data.pop(name) for name in PAGE_DIRECTIVES[1:] if name in data}
        slug = data.setdefault("slug", ORDER_PREFIX.sub("", path.stem))
        page = existing.get(slug) or (model.objects.first() if model.max_count == 1 else None)
        if page is not None:
            return page
        if prepare:
            prepare(model, data)
        if body.strip():
            if "body" in data:
                raise DemoDataError(f"{where}: the body is written twice (as a field and as Markdown)")
            data["body"] = body
        if not data.get("title"):
            raise DemoDataError(f"{where}: a page needs a title")
        for name, spec in menus.items():
            if not isinstance(spec, dict) or set(spec) - {"label", "position"}:
                raise DemoDataError(f"{where}: {name}: write {{label: ..., position: 1}} (both optional)")
        new = _NewPage(model(), where, menus)
        if self._assign(new.page, data, where, new.deferred):
            raise DemoDataError(f"{where}: plain many-to-many fields on pages are not supported")
        new.live = new.page.live
        try:
            parent.add_child(instance=new.page)
        except ValidationError as error:
            raise DemoDataError(f"{where}: {_messages(error)}") from None
        if not new.deferred:
            self._publish(new)
        self.created.append(new.page)
        made.append(new)
        return new.page

    def _publish(self, new):
        """A revision, published unless the file says ``live: false``."""
        try:
            revision = new.page.save_revision()
        except ValidationError as error:
            raise DemoDataError(f"{new.where}: {_messages(error)}") from None
        if new.live:
            revision.publish()
        new.page.refresh_from_db()  # publishing saved a copy: the caller gets the page as it is now

    def _page_type(self, name, parent, where):
        allowed = parent.specific_class.allowed_subpage_models()
        if name is None:
            if len(allowed) == 1:
                return allowed[0]
            name = self.default_page_type
        try:
            model = apps.get_model(name)
        except (LookupError, ValueError):
            raise DemoDataError(
                f"{where}: type: unknown page type '{name}' (write app_label.ModelName, like blog.BlogPostPage)"
            ) from None
        if model not in allowed:
            raise DemoDataError(f"{where}: type: a {model.__name__} cannot go under '{parent.title}'")
        return model

    def add_to_menu(self, page, menu="main_menu", label="", position=None):
        """Link to ``page`` from the site's main (or footer) menu at ``position``
        (1 is first; default last), unless it is linked there already."""
        from socialcarefuture.models import SiteSettings

        site = page.get_site() or Site.objects.filter(is_default_site=True).first()
        if site is None:
            return False
        site_settings = SiteSettings.for_site(site)
        raw = [dict(item) for item in getattr(site_settings, menu).raw_data]
        if any(item["value"].get("page") == page.pk for item in raw):
            return False
        index = len(raw) if position is None else max(0, min(position - 1, len(raw)))
        raw.insert(index, {"type": "link", "value": {"page": page.pk, "label": label}})
        setattr(site_settings, menu, raw)
        site_settings.save()
        return True


@dataclasses.dataclass
class _NewPage:
    """A page made in this run, with what is left to do once every page exists."""

    page: Page
    where: str
    menus: dict
    deferred: dict = dataclasses.field(default_factory=dict)
    live: bool = True


def _messages(error):
    """A ValidationError as one line."""
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.message_dict.items())
    return " ".join(error.messages)


def _empty(block):
    """What the admin stores for a block field left empty."""
    if isinstance(block, blocks.StructBlock):
        return {name: _empty(child) for name, child in block.child_blocks.items()}
    if isinstance(block, (blocks.ListBlock, blocks.StreamBlock)):
        return []
    if isinstance(block, blocks.ChooserBlock):
        return None
    value = block.get_prep_value(block.get_default())
    if value is None and isinstance(block, TEXT_BLOCKS):
        return ""
    return value
