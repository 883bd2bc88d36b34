"""Markdown for demo content: page bodies split into blocks, and rich text in
Wagtail's own HTML.

CommonMark (markdown-it-py) with raw HTML and indented code turned off. What
Wagtail's rich text cannot hold (images, code, tables, rules inside a text) is
refused with the line it came from, rather than stored and silently dropped.
"""

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

# Tags a text block may hold: Wagtail's bold, italic, link, lists and line break.
RICH_TEXT_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "br"}
ATTRIBUTION = re.compile(r"^\s*(?:—|--)\s*")


class MarkupError(ValueError):
    """Markdown that demo content cannot use; ``line`` counts from 1 within the source."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Text:
    markdown: str
    line: int


@dataclass
class Quote:
    quote: str
    attribution: str
    line: int


@dataclass
class Fenced:
    """A fenced block: its info string names a block type, its content is YAML.
    ``line`` is the line of the opening fence."""

    kind: str
    source: str
    line: int


def _parser():
    md = MarkdownIt("commonmark", {"html": False}).disable(["code", "html_block", "html_inline"])
    rules = md.add_render_rule
    rules("strong_open", lambda *args: "<b>")
    rules("strong_close", lambda *args: "</b>")
    rules("em_open", lambda *args: "<i>")
    rules("em_close", lambda *args: "</i>")
    rules("softbreak", lambda *args: " ")
    rules("hardbreak", lambda *args: "<br/>")
    rules("link_open", _link_open)
    return md


def _link_open(renderer, tokens, idx, options, env):
    href = tokens[idx].attrGet("href") or ""
    kind, _, key = href.partition(":")
    if kind in ("page", "document") and key and env.get("resolve_link"):
        return f'<a linktype="{kind}" id="{env["resolve_link"](kind, key)}">'
    return renderer.renderToken(tokens, idx, options, env)


MARKDOWN = _parser()


def rich_text(source, resolve_link=None, first_line=1):
    """Wagtail rich text HTML from Markdown: paragraphs, lists, bold, italic, links.

    ``[words](page:about)`` and ``[words](document:report)`` become Wagtail's own
    page and document links through ``resolve_link(kind, key) -> id``.
    """
    return _render(MARKDOWN.parse(source), resolve_link, first_line)


def _render(tokens, resolve_link, first_line):
    for token in tokens:
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "image":
                    raise MarkupError("a picture needs its own ```image block", _line(token, first_line))
                if child.type == "code_inline":
                    raise MarkupError("text blocks cannot show `code`", _line(token, first_line))
    html = MARKDOWN.renderer.render(tokens, MARKDOWN.options, {"resolve_link": resolve_link})
    html = html.replace("\n", "")
    for tag in re.findall(r"</?([a-zA-Z0-9]+)", html):
        if tag.lower() not in RICH_TEXT_TAGS:
            raise MarkupError(
                f"<{tag}> cannot go in rich text: write paragraphs, lists, **bold**, *italic* and links",
                _line(tokens[0], first_line) if tokens else first_line,
            )
    return html


def _line(token, first_line):
    return first_line + token.map[0] if token.map else first_line


def blocks(source, first_line=1):
    """Split a Markdown body into Heading, Text, Quote and Fenced parts, in order.

    Paragraphs and lists that follow each other make one Text; a thematic break
    (``***`` or ``---`` on a line of its own) ends one Text and starts the next.
    """
    tokens = MARKDOWN.parse(source)
    parts, run = [], []

    def flush():
        if run:
            start, end = run[0].map[0], _end(run)
            lines = source.splitlines()[start:end]
            parts.append(Text("\n".join(lines), first_line + start))
            run.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = _line(token, first_line)
        if token.type == "heading_open":
            flush()
            level = int(token.tag[1:])
            if level not in (2, 3):
                raise MarkupError(
                    f"use ## or ### for headings (the page title is the only top heading), not {'#' * level}",
                    line,
                )
            parts.append(Heading(level, tokens[index + 1].content.strip(), line))
            index += 3
        elif token.type == "fence":
            flush()
            kind = token.info.strip()
            if not kind:
                raise MarkupError(
                    "a fenced block needs a block type after the ```, for example ```image", line
                )
            parts.append(Fenced(kind, token.content, line))
            index += 1
        elif token.type == "hr":
            flush()
            index += 1
        elif token.type == "blockquote_open":
            flush()
            close = _closing(tokens, index)
            parts.append(_quote(tokens[index + 1 : close], line))
            index = close + 1
        elif token.level == 0 and token.nesting == 1:
            close = _closing(tokens, index)
            run.extend(tokens[index : close + 1])
            index = close + 1
        else:
            raise MarkupError(f"unexpected Markdown ({token.type})", line)
    flush()
    return parts


def _closing(tokens, index):
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    raise MarkupError("unclosed Markdown block", None)


def _end(run):
    return max(token.map[1] for token in run if token.map)


def _quote(tokens, line):
    """A quote: its lines, then an attribution line starting with an em dash (— Jo)."""
    paragraphs = [token.content for token in tokens if token.type == "inline"]
    if any(token.type not in ("paragraph_open", "paragraph_close", "inline") for token in tokens):
        raise MarkupError("a quote holds plain paragraphs only", line)
    attribution = ""
    if paragraphs:
        *rest, last = paragraphs[-1].split("\n")
        if ATTRIBUTION.match(last):
            attribution = ATTRIBUTION.sub("", last, count=1).strip()
            paragraphs[-1] = "\n".join(rest)
    text = "\n\n".join(" ".join(p.split("\n")).strip() for p in paragraphs if p.strip())
    if not text:
        raise MarkupError("a quote needs some words", line)
    return Quote(text, attribution, line)
