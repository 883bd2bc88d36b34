"""WordPress post HTML -> the site's body blocks.

A post's ``content:encoded`` is what its author typed: for the classic editor,
HTML without paragraphs (WordPress adds them when it shows the post, with
``wpautop``), with shortcodes such as ``[caption]`` and ``[gallery]``; for the
block editor, HTML with ``<!-- wp:... -->`` comments around each block.

``BodyConverter.convert()`` turns it into a list of StreamField blocks in the
shared ``BodyBlock``'s raw form:

- headings (h1 and h2 become main sections, h3 to h6 sub-sections),
- text (paragraphs, lists, bold, italic, links), cleaned to exactly what the
  text block's rich-text features allow by Wagtail's own converter (the one the
  editor uses to save), so no script, style, event attribute or iframe gets
  through,
- pictures (``<img>``, ``[caption]``, ``[gallery]``, figures) that are in the
  export, with their captions,
- quotes, videos from the providers the video block allows (YouTube, Vimeo),
- document downloads for links to uploaded files (a paragraph of nothing but
  such links becomes the downloads; a link in a sentence stays, with the
  download after the paragraph), an Easy Read version paired with the
  document beside it.

Anything it cannot carry over (an unknown shortcode, a picture that is not in
the export, a table, an embed from elsewhere) is kept as text where it can be
and noted in ``problems`` for the report.
"""

import html
import json
import re
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.admin.rich_text.converters.html_to_contentstate import PageLinkElementHandler
from wagtail.documents.rich_text.contentstate import DocumentLinkElementHandler

from socialcarefuture.blocks import SIMPLE_RICH_TEXT

# The features of BodyBlock's "paragraph" block. Headings are blocks of their
# own here, so "h3" is left out on purpose.
TEXT_FEATURES = list(SIMPLE_RICH_TEXT)
HEADING_MAX = 120
QUOTE_MAX = 600
ATTRIBUTION_MAX = 150
CAPTION_MAX = 250
VIDEO_TITLE_MAX = 150
DOCUMENT_TITLE_MAX = 200

EASY_READ = re.compile(r"easy[\s_.-]*read", re.IGNORECASE)
GENERIC_LINK_TEXT = re.compile(
    r"^(download|click here|here|pdf|read more|link|view|open|document|file)\b[\s\w().-]{0,20}$",
    re.IGNORECASE,
)

# Elements dropped with everything inside them.
DROPPED = {
    "script": "a script",
    "style": "a block of styles",
    "noscript": None,
    "template": None,
    "form": "a form",
    "input": "a form field",
    "button": "a button",
    "select": "a form field",
    "textarea": "a form field",
    "object": "an embedded object",
    "embed": "an embedded object",
    "applet": "an embedded object",
    "canvas": None,
    "svg": "a drawing in code (SVG)",
    "math": None,
    "audio": "an audio player",
    "video": "a video player for a file",
    "map": None,
    "head": None,
    "meta": None,
    "link": None,
    "title": None,
}
# Elements whose children are read as if they were at the top level.
CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "center",
    "details",
    "fieldset",
    "body",
    "html",
    "hgroup",
    "address",
}
TEXT_BLOCKS = {"p", "ul", "ol"}


# Wagtail's rich-text converter -------------------------------------------------------------


class _PageLinkById(PageLinkElementHandler):
    def get_attribute_data(self, attrs):
        return {"id": int(attrs["id"])}


class _DocumentLinkById(DocumentLinkElementHandler):
    def get_attribute_data(self, attrs):
        return {"id": int(attrs["id"])}


def text_converter():
    """Wagtail's own converter for the text block's features: HTML in, the HTML the
    editor would save out, with anything the features do not allow dropped.

    Reading HTML, the editor's converter looks up each linked page and document to
    show it in the editor (three queries a link). Saving needs only their IDs, so
    those two handlers are swapped for ones that keep the ID and ask nothing."""
    converter = ContentstateConverter(TEXT_FEATURES)
    for rules in converter.html_to_contentstate_handler.element_handlers.element_rules.values():
        for number, (precedence, check, handler) in enumerate(rules):
            if isinstance(handler, PageLinkElementHandler):
                rules[number] = (precedence, check, _PageLinkById(handler.entity_type))
            elif isinstance(handler, DocumentLinkElementHandler):
                rules[number] = (precedence, check, _DocumentLinkById(handler.entity_type))
    return converter


# Addresses of videos ---------------------------------------------------------------------


def allowed_video_url(url):
    """The canonical address of a YouTube or Vimeo video, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https", ""}:
        return None
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parts.path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            video_id = segments[1]
        if video_id and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video_id):
            return f"https://www.youtube.com/watch?v={video_id}"
    elif host == "youtu.be":
        if segments and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", segments[0]):
            return f"https://www.youtube.com/watch?v={segments[0]}"
    elif host == "vimeo.com":
        numbers = [segment for segment in segments if segment.isdigit()]
        if numbers:
            return f"https://vimeo.com/{numbers[-1]}"
    elif host == "player.vimeo.com":
        if len(segments) >= 2 and segments[0] == "video" and segments[1].isdigit():
            return f"https://vimeo.com/{segments[1]}"
    return None


def host_of(url):
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


# Shortcodes ------------------------------------------------------------------------------

SHORTCODE_ATTRIBUTE = re.compile(
    r'([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*\'([^\']*)\'|([\w-]+)\s*=\s*([^\s\'"]+)'
)
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
GALLERY = re.compile(r"\[gallery([^\]]*)\]", re.IGNORECASE)
EMBED = re.compile(r"\[embed([^\]]*)\](.*?)\[/embed\]", re.IGNORECASE | re.DOTALL)
VIDEO_SHORTCODE = re.compile(r"\[video([^\]]*)\](?:(.*?)\[/video\])?", re.IGNORECASE | re.DOTALL)
# Any other shortcode: [name], [name attr="x"], [/name].
OTHER_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\[\]]*)?)\]")
# Shortcodes that are well known enough to recognise even without attributes.
KNOWN_SHORTCODES = {
    "audio",
    "playlist",
    "wp_caption",
    "contact-form-7",
    "contact-form",
    "gravityform",
    "wpforms",
    "button",
    "su_button",
    "column",
    "one_half",
    "one_third",
    "two_thirds",
    "one_half_last",
    "one_third_last",
    "toggle",
    "tabs",
    "tab",
    "accordion",
    "row",
    "col",
    "vc_row",
    "vc_column",
    "vc_column_text",
    "et_pb_section",
    "et_pb_row",
    "et_pb_column",
    "et_pb_text",
    "fusion_builder_container",
    "mc4wp_form",
    "tweet",
    "soundcloud",
    "youtube",
    "vimeo",
    "googlemaps",
    "pdf-embedder",
    "pdfjs-viewer",
    "divider",
    "clear",
    "spacer",
}


def shortcode_attributes(text):
    attributes = {}
    for match in SHORTCODE_ATTRIBUTE.finditer(html.unescape(text or "")):
        name = (match.group(1) or match.group(3) or match.group(5)).lower()
        value = match.group(2) if match.group(1) else match.group(4) if match.group(3) else match.group(6)
        attributes[name] = value
    return attributes


def _attr(value):
    return html.escape(value or "", quote=True)


# wpautop ---------------------------------------------------------------------------------

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    r"area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|"
    r"footer|nav|figure|figcaption|details|menu|summary|iframe|wp-gallery|wp-embed|script)"
)


def autop(text):
    """Paragraphs for classic-editor content, as WordPress's ``wpautop`` makes them:
    blank lines separate paragraphs, single newlines become line breaks."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    preformatted = []

    def keep_pre(match):
        preformatted.append(match.group(0))
        return f'<pre wp-pre-placeholder="{len(preformatted) - 1}"></pre>'

    text = re.sub(r"<pre[\s>].*?</pre>", keep_pre, text, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(rf"(<{ALL_BLOCKS}[\s/>])", r"\n\n\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</{ALL_BLOCKS}>)", r"\1\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text, flags=re.IGNORECASE)
    # Newlines inside a tag (between attributes) are not line breaks.
    text = re.sub(r"<[^<>]*>", lambda match: match.group(0).replace("\n", " "), text)
    text = re.sub(r"\s*(<figcaption[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"</figcaption>\s*", "</figcaption>", text, flags=re.IGNORECASE)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part.strip()]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{ALL_BLOCKS}[^>]*>)", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*</p>", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"<br\s*/?>", "<br />", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
    text = re.sub(rf"(</?{ALL_BLOCKS}[^>]*>)\s*<br />", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text, flags=re.IGNORECASE
    )
    text = re.sub(r"\n</p>$", "</p>", text).replace("<br />\n", "<br />")
    if preformatted:
        text = re.sub(
            r'<pre wp-pre-placeholder="(\d+)"></pre>', lambda match: preformatted[int(match.group(1))], text
        )
    return text


# The converter ---------------------------------------------------------------------------


@dataclass
class Attachment:
    """What the importer knows about an uploaded file (from the export)."""

    wordpress_id: int
    title: str
    filename: str
    kind: str  # "image", "document" or "other"
    caption: str = ""
    parent: int = 0
    menu_order: int = 0

    @property
    def is_easy_read(self):
        return (
            self.kind == "document"
            and self.filename.lower().endswith(".pdf")
            and bool(EASY_READ.search(self.filename) or EASY_READ.search(self.title))
        )


class Resolver:
    """What the converter asks the importer. The importer's own resolver answers
    from its index of the export and what it has imported so far."""

    def attachment(self, wordpress_id=None, url=None):
        return None

    def attachments_of(self, post_id):
        return []

    def image_id(self, attachment):
        return None

    def document_id(self, attachment):
        return None

    def file_url(self, attachment):
        return None

    def internal_link(self, url):
        """For a link to the old site: ("page", id) or ("path", "/old/address/"); else None."""
        return None


class BodyConverter:
    def __init__(self, resolver, title="", converter=None):
        self.resolver = resolver
        self.title = title
        self.problems = []
        self.references = set()
        self.blocks = []
        self._text = []  # text-block elements (p, ul, ol) waiting to become one text block
        self._downloads = set()  # documents with a download block already
        self._converter = converter or text_converter()

    # Entry point

    def convert(self, content):
        content = content or ""
        block_editor = "<!-- wp:" in content
        self._note_reusable_blocks(content)
        content = self._expand_shortcodes(content)
        if not block_editor:
            content = autop(content)
        soup = BeautifulSoup(content, "html.parser")
        self._walk(soup)
        self._flush_text()
        self._pair_easy_read()
        return self.blocks

    def problem(self, message):
        if message not in self.problems:
            self.problems.append(message)

    # Before parsing

    def _note_reusable_blocks(self, content):
        if re.search(r"<!--\s*wp:block\s+\{[^}]*\"ref\"", content):
            self.problem(
                "It used a reusable block from the old site, which is not part of the post: check the "
                "post and add what was in it."
            )

    def _expand_shortcodes(self, content):
        # [[name]] is WordPress's way of writing a literal "[name]": set those aside first.
        literals = []

        def set_aside(match):
            literals.append(match.group(1))
            return f"\ue000{len(literals) - 1}\ue001"

        content = re.sub(r"\[(\[[A-Za-z][^\[\]]*\])\]", set_aside, content)
        content = CAPTION.sub(self._caption_shortcode, content)
        content = GALLERY.sub(self._gallery_shortcode, content)
        content = EMBED.sub(self._embed_shortcode, content)
        content = VIDEO_SHORTCODE.sub(self._video_shortcode, content)
        closing = {name.lower() for name in re.findall(r"\[/([A-Za-z][\w-]*)\]", content)}
        content = OTHER_SHORTCODE.sub(lambda match: self._other_shortcode(match, closing), content)
        return re.sub("\ue000(\\d+)\ue001", lambda match: literals[int(match.group(1))], content)

    def _caption_shortcode(self, match):
        attributes = shortcode_attributes(match.group(1))
        inner = match.group(2)
        found = re.match(
            r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.DOTALL | re.IGNORECASE
        )
        if found:
            picture, caption = found.group(1), found.group(2)
        else:
            picture, caption = inner, ""
        caption = attributes.get("caption") or caption
        return f"\n\n<figure>{picture}<figcaption>{caption.strip()}</figcaption></figure>\n\n"

    def _gallery_shortcode(self, match):
        attributes = shortcode_attributes(match.group(1))
        ids = attributes.get("ids") or attributes.get("include") or ""
        return (
            f'\n\n<wp-gallery ids="{_attr(ids)}" post="{_attr(attributes.get("id", ""))}"></wp-gallery>\n\n'
        )

    def _embed_shortcode(self, match):
        return f'\n\n<wp-embed url="{_attr(match.group(2).strip())}"></wp-embed>\n\n'

    def _video_shortcode(self, match):
        attributes = shortcode_attributes(match.group(1))
        url = attributes.get("src") or next(
            (
                value
                for key, value in attributes.items()
                if key in {"mp4", "m4v", "webm", "ogv", "wmv", "flv"}
            ),
            "",
        )
        return f'\n\n<wp-embed url="{_attr(url)}"></wp-embed>\n\n'

    def _other_shortcode(self, match, closing):
        """A shortcode the site cannot show: it goes (what it encloses stays), and is reported.
        Square brackets that do not look like a shortcode ("[sic]", "[1]") are left alone."""
        slash, name, attributes = match.groups()
        lowered = name.lower()
        looks_like_one = lowered in KNOWN_SHORTCODES or "=" in attributes or lowered in closing or slash
        if not looks_like_one:
            return match.group(0)
        if not slash:
            self.problem(
                f"The [{lowered}] shortcode is not understood on the new site: its brackets were "
                "removed and any text inside kept."
            )
        return ""

    # Walking the HTML

    def _walk(self, parent):
        for node in list(parent.children):
            if isinstance(node, Comment):
                continue
            if isinstance(node, NavigableString):
                if str(node).strip():
                    self._add_loose(node)
                continue
            if isinstance(node, Tag):
                self._element(node)

    def _add_loose(self, node):
        """Inline content found between blocks: it joins the paragraph being built."""
        if self._text and self._text[-1].name == "p" and self._text[-1].get("data-loose"):
            self._text[-1].append(node)
        else:
            paragraph = Tag(name="p", attrs={"data-loose": "1"})
            paragraph.append(node)
            self._text.append(paragraph)

    def _element(self, element):
        name = element.name.lower()
        if name in DROPPED:
            if DROPPED[name]:
                self.problem(f"Removed {DROPPED[name]} (the new site does not run code from old posts).")
            return
        if name in CONTAINERS:
            if "wp-block-embed__wrapper" in element.get("class", []):
                self._embed(element.get_text().strip(), "")
                return
            self._walk(element)
            return
        handler = {
            "p": self._paragraph,
            "h1": self._heading,
            "h2": self._heading,
            "h3": self._heading,
            "h4": self._heading,
            "h5": self._heading,
            "h6": self._heading,
            "ul": self._list,
            "ol": self._list,
            "blockquote": self._quote,
            "figure": self._figure,
            "img": self._picture,
            "iframe": self._iframe,
            "wp-gallery": self._gallery,
            "wp-embed": lambda el: self._embed(el.get("url", ""), ""),
            "table": self._table,
            "dl": self._definitions,
            "pre": self._preformatted,
            "hr": lambda el: self._flush_text(),
        }.get(name)
        if handler:
            handler(element)
        elif name == "a" and self._only_picture(element):
            self._picture(element.find("img"))
        elif element.find(self._is_special):
            self._split_around_specials(element)
        else:
            self._add_loose(element)

    @staticmethod
    def _is_special(node):
        return isinstance(node, Tag) and node.name in {"img", "iframe", "wp-gallery", "wp-embed", "figure"}

    @staticmethod
    def _only_picture(element):
        pictures = element.find_all("img")
        return len(pictures) == 1 and not element.get_text(strip=True)

    def _split_around_specials(self, element):
        """A paragraph with pictures or videos in it: text before, the picture, text after."""
        current = Tag(name="p")
        for node in list(element.children):
            if isinstance(node, Tag) and (self._is_special(node) or node.find(self._is_special)):
                if node.name == "a" and self._only_picture(node):
                    node = node.find("img")
                if self._is_special(node):
                    if current.get_text(strip=True):
                        self._text_block(current)
                    current = Tag(name="p")
                    self._flush_text()
                    self._element(node)
                    continue
                # Something inline (bold, a link) with a picture inside: the picture follows it.
                for special in node.find_all(self._is_special):
                    special.extract()
                    self._element(special)
                current.append(node)
            elif isinstance(node, Comment):
                continue
            else:
                current.append(node)
        if current.get_text(strip=True):
            self._text_block(current)

    # Text

    def _paragraph(self, element):
        if element.find(self._is_special):
            self._split_around_specials(element)
            return
        text = element.get_text(" ", strip=True)
        if not text:
            return
        video = allowed_video_url(text) if " " not in text else None
        if video and not element.find(lambda tag: tag.name == "a" and tag.get_text(strip=True) != text):
            self._embed(text, "")
            return
        documents = self._documents_only(element)
        if documents:
            self._flush_text()
            for attachment, label in documents:
                self._document(attachment, label)
            return
        self._text_block(element)

    def _list(self, element):
        for special in element.find_all(self._is_special):
            special.extract()
            self._element(special)
        items = element.find_all("li", recursive=False)
        if items and all(self._documents_only(item) for item in items):
            self._flush_text()
            for item in items:
                for attachment, label in self._documents_only(item):
                    self._document(attachment, label)
            return
        if element.get_text(strip=True):
            self._text_block(element)

    def _text_block(self, element):
        """Text for the text block. Documents it links to also get a download block
        after it (once a post), so an Easy Read version can sit beside its document."""
        self._text.append(element)
        linked = []
        for link in element.find_all("a"):
            attachment = self.resolver.attachment(url=link.get("href", ""))
            if attachment is not None and attachment.kind == "document":
                if attachment.wordpress_id not in self._downloads and attachment not in linked:
                    linked.append(attachment)
        if linked:
            self._flush_text()
            for attachment in linked:
                self._document(attachment, "")

    def _heading(self, element):
        text = " ".join(element.get_text(" ").split())
        for special in element.find_all(self._is_special):
            self._element(special)
        if not text:
            return
        self._flush_text()
        if len(text) > HEADING_MAX:
            paragraph = Tag(name="p")
            bold = Tag(name="b")
            bold.string = text
            paragraph.append(bold)
            self._text_block(paragraph)
            return
        level = "h2" if element.name in {"h1", "h2"} else "h3"
        self._add_block("heading", {"text": text, "level": level})

    def _quote(self, element):
        classes = " ".join(element.get("class", []))
        if any(name in classes for name in ("twitter-tweet", "instagram-media", "tiktok-embed")):
            self.problem("A social media post was embedded; its words and link were kept as text.")
            for paragraph in element.find_all(["p", "a"], recursive=False) or [element]:
                self._text_block(self._as_paragraph(paragraph))
            return
        citation = element.find(["cite", "footer"])
        attribution = ""
        if citation is not None:
            attribution = " ".join(citation.extract().get_text(" ").split()).lstrip("-–— ")
        parts = [" ".join(part.get_text(" ").split()) for part in element.find_all("p")]
        if not parts:
            parts = [" ".join(element.get_text(" ").split())]
        quote = "\n\n".join(part for part in parts if part)
        if not quote:
            return
        if len(quote) > QUOTE_MAX or len(attribution) > ATTRIBUTION_MAX:
            # Too long for a quote block: keep it as text.
            for paragraph in element.find_all("p") or [element]:
                self._text_block(self._as_paragraph(paragraph))
            if attribution:
                self._text_block(self._as_paragraph(attribution))
            return
        self._flush_text()
        self._add_block("quote", {"quote": quote, "attribution": attribution})

    def _as_paragraph(self, node):
        paragraph = Tag(name="p")
        if isinstance(node, str):
            paragraph.string = node
        else:
            for child in list(node.children):
                paragraph.append(child)
        return paragraph

    def _table(self, element):
        rows = []
        for row in element.find_all("tr"):
            cells = [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"])]
            cells = [cell for cell in cells if cell]
            if cells:
                rows.append(" – ".join(cells))
        if not rows:
            return
        self.problem(
            "A table became a bulleted list (the new site's text has no tables): check it reads well."
        )
        bullets = Tag(name="ul")
        for row in rows:
            item = Tag(name="li")
            item.string = row
            bullets.append(item)
        self._text_block(bullets)

    def _definitions(self, element):
        for term in element.find_all(["dt", "dd"]):
            paragraph = self._as_paragraph(term)
            if term.name == "dt":
                bold = Tag(name="b")
                for child in list(paragraph.children):
                    bold.append(child)
                paragraph.append(bold)
            self._text_block(paragraph)

    def _preformatted(self, element):
        paragraph = Tag(name="p")
        lines = element.get_text().strip("\n").split("\n")
        for number, line in enumerate(lines):
            if number:
                paragraph.append(Tag(name="br"))
            paragraph.append(NavigableString(line))
        if element.get_text(strip=True):
            self._text_block(paragraph)

    # Pictures

    def _figure(self, element):
        caption_element = element.find("figcaption")
        caption = ""
        if caption_element is not None:
            caption = " ".join(caption_element.extract().get_text(" ").split())
        pictures = element.find_all("img")
        if pictures:
            for number, picture in enumerate(pictures):
                self._picture(picture, caption if number == len(pictures) - 1 else "")
            return
        frame = element.find("iframe") or element.find("wp-embed")
        if frame is not None:
            url = frame.get("src") or frame.get("url") or ""
            self._embed(url, caption, frame.get("title", ""))
            return
        wrapper = element.find(class_="wp-block-embed__wrapper")
        if wrapper is not None:
            self._embed(wrapper.get_text().strip(), caption)
            return
        if caption_element is not None and caption:
            element.append(caption_element)
        self._walk(element)

    def _picture(self, element, caption=""):
        if element is None:
            return
        attachment = None
        for css_class in element.get("class", []):
            found = re.fullmatch(r"wp-image-(\d+)", css_class)
            if found:
                attachment = self.resolver.attachment(wordpress_id=int(found.group(1)))
        if attachment is None or attachment.kind != "image":
            attachment = self.resolver.attachment(url=element.get("src", ""))
        source = element.get("src", "") or "(no address)"
        if attachment is None or attachment.kind != "image":
            self.problem(f"A picture is not in the export, so it was left out: {source[:200]}")
            return
        image_id = self.resolver.image_id(attachment)
        self.references.add(f"image:{attachment.wordpress_id}={image_id or 'missing'}")
        if not image_id:
            self.problem(f"A picture's file could not be imported, so it was left out: {attachment.filename}")
            return
        self._flush_text()
        self._add_block("image", {"image": image_id, "caption": caption[:CAPTION_MAX]})

    def _gallery(self, element):
        ids = [int(number) for number in re.findall(r"\d+", element.get("ids", ""))]
        if ids:
            attachments = [self.resolver.attachment(wordpress_id=number) for number in ids]
        else:
            post = element.get("post", "")
            attachments = self.resolver.attachments_of(int(post) if post.isdigit() else None)
        shown = 0
        for attachment in attachments:
            if attachment is None or attachment.kind != "image":
                continue
            image_id = self.resolver.image_id(attachment)
            self.references.add(f"image:{attachment.wordpress_id}={image_id or 'missing'}")
            if image_id:
                self._flush_text()
                self._add_block("image", {"image": image_id, "caption": ""})
                shown += 1
        if shown < len(attachments) or not attachments:
            self.problem("Some pictures in a gallery are not in the export, so they were left out.")

    # Videos and other embeds

    def _iframe(self, element):
        self._embed(element.get("src", ""), "", element.get("title", ""))

    def _embed(self, url, caption, title=""):
        url = html.unescape((url or "").strip())
        video = allowed_video_url(url)
        if video:
            self._flush_text()
            title = " ".join((title or caption or f"Video: {self.title}" or "Video").split())
            self._add_block("video", {"video": video, "title": title[:VIDEO_TITLE_MAX], "transcript": ""})
            return
        if not url:
            return
        where = host_of(url) or "another website"
        if url.startswith(("http://", "https://")):
            self.problem(
                f"Something embedded from {where} is not allowed on the new site (only YouTube and "
                "Vimeo videos are); it became a link."
            )
            paragraph = Tag(name="p")
            link = Tag(name="a", attrs={"href": url})
            link.string = caption or title or url
            paragraph.append(link)
            self._text_block(paragraph)
        else:
            self.problem(f"Something embedded from {where} could not be carried over, so it was left out.")

    # Documents

    def _documents_only(self, element):
        """If ``element`` holds nothing but links to uploaded documents: [(attachment, link text)]."""
        links = element.find_all("a")
        if not links:
            return []
        found = []
        for link in links:
            attachment = self.resolver.attachment(url=link.get("href", ""))
            if attachment is None or attachment.kind != "document":
                return []
            found.append((attachment, " ".join(link.get_text(" ").split())))
        rest = element.get_text(" ")
        for link in links:
            rest = rest.replace(link.get_text(" "), " ", 1)
        if re.search(r"\w", rest):
            return []
        return found

    def _document(self, attachment, label):
        if attachment.wordpress_id in self._downloads:
            return
        self._downloads.add(attachment.wordpress_id)
        document_id = self.resolver.document_id(attachment)
        self.references.add(f"document:{attachment.wordpress_id}={document_id or 'missing'}")
        if not document_id:
            self.problem(
                f"A document's file could not be imported, so its download was left out: {attachment.filename}"
            )
            return
        title = label
        if not title or GENERIC_LINK_TEXT.match(title) or title in {attachment.filename, attachment.title}:
            title = ""
        self._add_block(
            "document",
            {
                "document": document_id,
                "title": title[:DOCUMENT_TITLE_MAX],
                "description": "",
                "easy_read": None,
            },
            easy_read=attachment.is_easy_read,
        )

    def _pair_easy_read(self):
        """An Easy Read PDF right before or after another document becomes its Easy Read version."""
        paired = []
        blocks = self.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.pop("_easy_read", False):
                before = paired[-1] if paired else None
                after = blocks[index + 1] if index + 1 < len(blocks) else None
                if self._can_take_easy_read(before):
                    before["value"]["easy_read"] = block["value"]["document"]
                    index += 1
                    continue
                if self._can_take_easy_read(after) and not after.get("_easy_read"):
                    after["value"]["easy_read"] = block["value"]["document"]
                    index += 1
                    continue
            paired.append(block)
            index += 1
        self.blocks = paired

    @staticmethod
    def _can_take_easy_read(block):
        return bool(block and block["type"] == "document" and not block["value"]["easy_read"])

    # Output

    def _add_block(self, block_type, value, easy_read=False):
        block = {"type": block_type, "value": value, "id": str(uuid.uuid4())}
        if easy_read:
            block["_easy_read"] = True
        self.blocks.append(block)

    def _flush_text(self):
        if not self._text:
            return
        elements, self._text = self._text, []
        fragment = "".join(self._clean_text_element(element) for element in elements)
        rich_text = self._rich_text(fragment)
        if rich_text:
            self._add_block("paragraph", rich_text)

    def _clean_text_element(self, element):
        """Links rewritten for the new site; everything else is left to Wagtail's converter."""
        if element.name not in TEXT_BLOCKS:
            paragraph = Tag(name="p")
            paragraph.append(element)
            element = paragraph
        for dropped in element.find_all(list(DROPPED)):
            if DROPPED[dropped.name]:
                self.problem(
                    f"Removed {DROPPED[dropped.name]} (the new site does not run code from old posts)."
                )
            dropped.decompose()
        for link in element.find_all("a"):
            self._rewrite_link(link)
        # Only the attributes Wagtail's converter reads; it drops the rest anyway.
        for tag in element.find_all(True):
            tag.attrs = {
                key: value
                for key, value in tag.attrs.items()
                if key in {"href", "linktype", "id"} and tag.name == "a"
            }
        element.attrs = {}
        return str(element)

    def _rewrite_link(self, link):
        href = (link.get("href") or "").strip()
        attachment = self.resolver.attachment(url=href) if href else None
        if attachment is not None:
            if attachment.kind == "document":
                document_id = self.resolver.document_id(attachment)
                self.references.add(f"document:{attachment.wordpress_id}={document_id or 'missing'}")
                if document_id:
                    link.attrs = {"linktype": "document", "id": str(document_id)}
                    return
            elif attachment.kind == "image":
                url = self.resolver.file_url(attachment)
                if url:
                    link.attrs = {"href": url}
                    return
            self.problem(
                f"A link to an uploaded file that was not imported was removed: {attachment.filename}"
            )
            link.unwrap()
            return
        internal = self.resolver.internal_link(href) if href else None
        if internal:
            kind, target = internal
            link.attrs = {"linktype": "page", "id": str(target)} if kind == "page" else {"href": target}
            return
        scheme = urlsplit(href).scheme.lower() if href else ""
        if href.startswith(("http://", "https://", "mailto:", "tel:", "/")) and not href.startswith("//"):
            link.attrs = {"href": href}
        elif href.startswith("//"):
            link.attrs = {"href": "https:" + href}
        else:
            if scheme in {"javascript", "data", "vbscript"}:
                self.problem("Removed a link that would have run code.")
            link.unwrap()

    def _rich_text(self, fragment):
        """``fragment`` cleaned to what the text block allows, by Wagtail's own converter."""
        if not fragment.strip():
            return ""
        contentstate = json.loads(self._converter.from_database_format(fragment))
        contentstate["blocks"] = [
            block
            for block in contentstate["blocks"]
            if block["text"].strip() or block["type"] not in {"unstyled", "atomic"}
        ]
        if not contentstate["blocks"]:
            return ""
        # Keys Wagtail would make at random, numbered so that the same post
        # always gives the same HTML.
        for number, block in enumerate(contentstate["blocks"]):
            block["key"] = f"{number:05x}"[-5:]
        return self._converter.to_database_format(json.dumps(contentstate))
