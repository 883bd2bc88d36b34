"""Reading a WordPress export (WXR, "WordPress eXtended RSS") as a stream.

WordPress's Tools > Export writes one RSS 2.0 file: the site's details, its
authors, categories and tags, then one ``<item>`` for every post, page,
attachment, menu item and so on. Exports run to hundreds of megabytes, so the
file is never loaded whole: ``WXRReader.records()`` yields one record at a
time and drops each element as soon as it has been read.

Safety and robustness:

- The XML parser is defusedxml's: no DTDs, no entities, no external
  references (so no "billion laughs" and no reading local files).
- Bytes are cleaned on the way in (``CleanedStream``): the encoding is taken
  from a byte-order mark or the XML declaration; bytes that are not valid in it
  (old exports often mix Windows-1252 into UTF-8) are read as Windows-1252;
  control characters XML forbids are dropped; blank lines or PHP warnings
  before the XML declaration (a classic broken export) are skipped. Every
  repair is counted so that the report can say so.
- Anything that is not a WXR file (no ``<rss>`` root, no WordPress export
  namespace, no ``wp:wxr_version``) or that is cut short raises
  ``ExportError`` with a message for a convenor.
"""

import codecs
import datetime
import html
import re
import threading
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import iterparse

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/(excerpt/)?$")
SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}

CHUNK = 64 * 1024
# Characters XML 1.0 does not allow, even escaped.
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
START_OF_XML = re.compile(r"<\?xml|<rss[\s>]")
# Encodings that, in real exports, really mean Windows-1252.
LATIN_ONE = {
    "iso-8859-1",
    "iso8859-1",
    "latin-1",
    "latin1",
    "l1",
    "us-ascii",
    "ascii",
    "windows-1252",
    "cp1252",
}

NOT_AN_EXPORT = (
    "This file is not a WordPress export. In WordPress, go to Tools > Export, choose "
    "'All content' and use the .xml file it downloads."
)


class ExportError(Exception):
    """The file cannot be imported; the message says why, for a convenor."""


# Repairs ---------------------------------------------------------------------------------

_repairs = threading.local()


def _count(kind, number=1):
    counts = getattr(_repairs, "counts", None)
    if counts is not None:
        counts[kind] = counts.get(kind, 0) + number


def _read_as_windows_1252(error):
    """Decoding error handler: bytes that are not valid UTF-8 are read as Windows-1252
    (what they nearly always are in old WordPress databases)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    _count("bytes read as Windows-1252", len(bad))
    return bad.decode("cp1252", errors="replace").replace("\ufffd", ""), error.end


codecs.register_error("wordpress-windows-1252", _read_as_windows_1252)


class CleanedStream:
    """A file-like object giving UTF-8 bytes that expat can always read."""

    def __init__(self, raw):
        self.raw = raw
        self.decoder = None
        self.buffer = b""
        self.finished = False
        self.counts = {}

    def _start(self, head):
        encoding = "utf-8"
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8) :]
        elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            match = DECLARATION.search(head[:CHUNK])
            if match:
                encoding = match.group(1).decode("ascii").lower()
        if encoding in LATIN_ONE:
            encoding = "cp1252"
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ExportError(
                f"The export says it is written in the '{encoding}' character set, which this "
                "importer does not know. Export the site again from WordPress."
            ) from None
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="wordpress-windows-1252")
        text = self._decode(head, final=False)
        # Whatever comes before the XML (blank lines, PHP warnings from a theme)
        # makes the file unreadable; skip it.
        start = START_OF_XML.search(text)
        if start and start.start() > 0:
            if text[: start.start()].strip():
                _count("characters before the start of the export skipped", start.start())
            text = text[start.start() :]
        # The stream is re-encoded as UTF-8, so the declaration (which may name
        # another encoding) is dropped: UTF-8 is XML's default.
        return DECLARATION_TEXT.sub("", text, count=1)

    def _decode(self, data, final):
        text = self.decoder.decode(data, final=final)
        cleaned, removed = ILLEGAL_XML.subn("", text)
        if removed:
            _count("control characters removed", removed)
        return cleaned

    def read(self, size=-1):
        _repairs.counts = self.counts
        try:
            while not self.finished and (size < 0 or len(self.buffer) < size):
                data = self.raw.read(CHUNK)
                if self.decoder is None:
                    text = self._start(data)
                elif data:
                    text = self._decode(data, final=False)
                else:
                    text = self._decode(b"", final=True)
                    self.finished = True
                self.buffer += text.encode("utf-8")
                if not data:
                    self.finished = True
        finally:
            _repairs.counts = None
        if size < 0:
            size = len(self.buffer)
        chunk, self.buffer = self.buffer[:size], self.buffer[size:]
        return chunk


# Records -----------------------------------------------------------------------------------


@dataclass
class Author:
    login: str
    wordpress_id: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""

    @property
    def name(self):
        return (
            self.display_name.strip()
            or f"{self.first_name} {self.last_name}".strip()
            or self.login.strip()
            or "Unknown author"
        )


@dataclass
class Term:
    """A category or a tag from the export's list of them."""

    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str
    wordpress_id: str = ""
    parent_slug: str = ""
    description: str = ""


@dataclass
class Item:
    post_id: int
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    post_modified_gmt: str = ""
    pub_date: str = ""
    parent: int = 0
    menu_order: int = 0
    password: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # (taxonomy, slug, name)
    meta: dict = field(default_factory=dict)
    comment_count: int = 0

    def fingerprint_data(self):
        """Everything about the item that the import uses, for its fingerprint."""
        return {
            key: value
            for key, value in self.__dict__.items()
            if key not in {"comment_count", "pub_date", "post_modified_gmt"}
        }

    @property
    def published_at(self):
        """When it was first published, as an aware UTC datetime, if known."""
        moment = parse_wp_date(self.post_date_gmt)
        if moment:
            return moment.replace(tzinfo=datetime.UTC)
        if self.pub_date:
            try:
                parsed = parsedate_to_datetime(self.pub_date)
            except (TypeError, ValueError, IndexError):
                return None
            if parsed and parsed.year > 1970 and parsed.tzinfo:
                return parsed
        return None

    @property
    def local_date(self):
        """The date the old site showed (its own time zone)."""
        moment = parse_wp_date(self.post_date)
        if moment:
            return moment.date()
        published = self.published_at
        return published.date() if published else None


def parse_wp_date(value):
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def plain_text(value):
    """Text from a title or a name that may carry HTML tags or entities."""
    value = re.sub(r"<[^>]*>", "", value or "")
    # Titles are sometimes escaped twice ("&amp;#8217;").
    for _ in range(2):
        value = html.unescape(value)
    return " ".join(value.split())


def _int(value, default=0):
    try:
        return int((value or "").strip())
    except ValueError:
        return default


# The reader --------------------------------------------------------------------------------


class WXRReader:
    """``WXRReader(path).records()`` yields ``Author``, ``Term`` and ``Item`` records in
    file order; ``.channel`` holds the site's details once the first record has come."""

    def __init__(self, path):
        self.path = path
        self.channel = {}
        self.version = None
        self.repairs = {}
        self._names = {}

    def _name(self, tag):
        """'{http://wordpress.org/export/1.2/}post_id' -> 'wp:post_id'."""
        name = self._names.get(tag)
        if name is None:
            if tag.startswith("{"):
                namespace, local = tag[1:].split("}", 1)
                wordpress = WP_NS.match(namespace)
                if wordpress:
                    name = ("excerpt:" if wordpress.group(2) else "wp:") + local
                elif namespace == CONTENT_NS:
                    name = "content:" + local
                elif namespace == DC_NS:
                    name = "dc:" + local
                else:
                    name = "other:" + local
            else:
                name = tag
            self._names[tag] = name
        return name

    def records(self):
        try:
            with open(self.path, "rb") as raw:
                stream = CleanedStream(raw)
                try:
                    yield from self._records(stream)
                finally:
                    self.repairs = stream.counts
        except OSError as error:
            raise ExportError(f"The export could not be read: {error.strerror or error}.") from None

    def _records(self, stream):
        depth = 0
        channel = None
        seen_root = False
        try:
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    depth += 1
                    if depth == 1:
                        seen_root = True
                        if element.tag != "rss":
                            raise ExportError(NOT_AN_EXPORT)
                    elif depth == 2 and element.tag == "channel":
                        channel = element
                    continue
                depth -= 1
                if depth != 2 or channel is None:
                    continue
                # A direct child of <channel> has ended: read it, then let it go.
                name = self._name(element.tag)
                record = self._read_channel_child(name, element)
                channel.remove(element)
                if record is not None:
                    self._check_version()
                    yield record
        except ParseError as error:
            if not seen_root:
                raise ExportError(NOT_AN_EXPORT) from None
            line, column = getattr(error, "position", (0, 0))
            raise ExportError(
                f"The export is damaged near line {line}, column {column}, so nothing was imported. "
                "It may have been cut short while downloading: export it again from WordPress."
            ) from None
        except DTDForbidden as error:
            if not seen_root and (error.name or "").lower() != "rss":
                raise ExportError(NOT_AN_EXPORT) from None  # an HTML page, most likely
            raise ExportError(
                "The file uses XML features that WordPress exports never use (a DTD or entities), "
                "so it was not imported, for safety."
            ) from None
        except DefusedXmlException:
            raise ExportError(
                "The file uses XML features that WordPress exports never use (a DTD or entities), "
                "so it was not imported, for safety."
            ) from None
        if not seen_root:
            raise ExportError(NOT_AN_EXPORT)
        self._check_version()

    def _check_version(self):
        if self.version is None:
            raise ExportError(NOT_AN_EXPORT)

    def _read_channel_child(self, name, element):
        if name == "item":
            return self._item(element)
        if name == "wp:author":
            return self._author(element)
        if name == "wp:category":
            return self._category(element)
        if name == "wp:tag":
            return self._tag(element)
        if name == "wp:wxr_version":
            version = (element.text or "").strip()
            if version not in SUPPORTED_VERSIONS:
                raise ExportError(
                    f"This is a WordPress export in format {version or 'unknown'}, which this importer "
                    "does not know (it reads formats 1.0 to 1.2)."
                )
            self.version = version
        elif name in {"title", "link", "description", "language", "wp:base_site_url", "wp:base_blog_url"}:
            self.channel[name.removeprefix("wp:")] = (element.text or "").strip()
        return None

    def _children(self, element):
        for child in element:
            yield self._name(child.tag), child

    def _fields(self, element):
        return {name: child.text or "" for name, child in self._children(element)}

    def _author(self, element):
        fields = self._fields(element)
        return Author(
            login=fields.get("wp:author_login", "").strip(),
            wordpress_id=fields.get("wp:author_id", "").strip(),
            email=fields.get("wp:author_email", "").strip(),
            display_name=plain_text(fields.get("wp:author_display_name", "")),
            first_name=plain_text(fields.get("wp:author_first_name", "")),
            last_name=plain_text(fields.get("wp:author_last_name", "")),
        )

    def _category(self, element):
        fields = self._fields(element)
        return Term(
            taxonomy="category",
            slug=fields.get("wp:category_nicename", "").strip(),
            name=plain_text(fields.get("wp:cat_name", "")),
            wordpress_id=fields.get("wp:term_id", "").strip(),
            parent_slug=fields.get("wp:category_parent", "").strip(),
            description=plain_text(fields.get("wp:category_description", "")),
        )

    def _tag(self, element):
        fields = self._fields(element)
        return Term(
            taxonomy="post_tag",
            slug=fields.get("wp:tag_slug", "").strip(),
            name=plain_text(fields.get("wp:tag_name", "")),
            wordpress_id=fields.get("wp:term_id", "").strip(),
            description=plain_text(fields.get("wp:tag_description", "")),
        )

    def _item(self, element):
        item = Item(post_id=0, post_type="", status="")
        text_fields = {
            "title": "title",
            "link": "link",
            "pubDate": "pub_date",
            "dc:creator": "creator",
            "content:encoded": "content",
            "excerpt:encoded": "excerpt",
            "wp:post_name": "post_name",
            "wp:post_date": "post_date",
            "wp:post_date_gmt": "post_date_gmt",
            "wp:post_modified_gmt": "post_modified_gmt",
            "wp:post_password": "password",
            "wp:attachment_url": "attachment_url",
        }
        for name, child in self._children(element):
            text = child.text or ""
            if name in text_fields:
                setattr(item, text_fields[name], text)
            elif name == "guid":
                item.guid = text.strip()
            elif name == "wp:post_id":
                item.post_id = _int(text)
            elif name == "wp:post_type":
                item.post_type = text.strip()
            elif name == "wp:status":
                item.status = text.strip()
            elif name == "wp:post_parent":
                item.parent = _int(text)
            elif name == "wp:menu_order":
                item.menu_order = _int(text)
            elif name == "category":
                taxonomy = child.get("domain", "category")
                if taxonomy == "tag":  # WXR 1.0
                    taxonomy = "post_tag"
                label = plain_text(text)
                slug = (child.get("nicename") or "").strip()
                if label or slug:
                    term = (taxonomy, slug, label)
                    # WXR 1.0 lists each term twice, with and without its slug.
                    if slug and (taxonomy, "", label) in item.terms:
                        item.terms.remove((taxonomy, "", label))
                    if not any(t[0] == taxonomy and t[2] == label and t[1] for t in item.terms):
                        item.terms.append(term)
            elif name == "wp:postmeta":
                meta = self._fields(child)
                key = meta.get("wp:meta_key", "")
                if key and key not in item.meta:
                    item.meta[key] = meta.get("wp:meta_value", "")
            elif name == "wp:comment":
                item.comment_count += 1
        item.title = plain_text(item.title)
        item.post_name = item.post_name.strip()
        item.link = item.link.strip()
        return item
