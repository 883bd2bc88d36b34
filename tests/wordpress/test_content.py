"""WordPress HTML to body blocks, without a database: the converter with a resolver
that knows no uploads and no old pages (``Resolver`` itself). Pictures, documents
and links to old posts are tested through a whole import in test_import.py."""

import re

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from socialcarefuture.blocks import BodyBlock
from wordpress.content import TEXT_FEATURES, BodyConverter, Resolver, allowed_video_url, autop


def convert(html, title="A post"):
    converter = BodyConverter(Resolver(), title=title)
    blocks = converter.convert(html)
    return blocks, converter.problems


def kinds(blocks):
    return [block["type"] for block in blocks]


def text_of(blocks):
    return "".join(block["value"] for block in blocks if block["type"] == "paragraph")


def test_classic_editor_text_gets_paragraphs_and_line_breaks_as_wordpress_shows_it():
    blocks, problems = convert("First paragraph.\n\nSecond line one\nSecond line two\n\n\nThird.")
    assert kinds(blocks) == ["paragraph"]
    html = blocks[0]["value"]
    assert html.count("<p ") == 3
    assert "Second line one<br/>Second line two" in html
    assert problems == []


def test_autop_leaves_block_elements_alone():
    html = autop("<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n\nAfter the list")
    assert "<p><ul>" not in html and "<p><li>" not in html
    assert "<p>After the list</p>" in html


def test_text_is_cleaned_to_what_the_text_block_allows():
    blocks, _ = convert(
        '<p style="color:red" class="big" onclick="steal()" onmouseover="x()">Some <strong>bold</strong>, '
        '<b>more bold</b>, <em>italic</em>, <u>underlined</u> and <span style="font-size:40px">big</span> words.</p>'
    )
    html = text_of(blocks)
    assert "<b>bold</b>" in html and "<b>more bold</b>" in html and "<i>italic</i>" in html
    for banned in ("style", "class", "onclick", "onmouseover", "<u>", "<span", "steal"):
        assert banned not in html
    assert "underlined and big words." in html


def test_output_is_what_wagtails_own_converter_keeps():
    """Feeding the result back through the editor's converter changes nothing:
    it is already exactly what the text block stores."""
    blocks, _ = convert(
        '<h3>Part</h3><p>A <a href="https://example.org/">link</a> and <strong>bold</strong>.</p>'
        "<ol><li>One<ul><li>Nested</li></ul></li><li>Two</li></ol><p>A line<br>break</p>"
    )
    wagtail = ContentstateConverter(TEXT_FEATURES)
    texts = [block["value"] for block in blocks if block["type"] == "paragraph"]
    assert texts
    for html in texts:
        again = wagtail.to_database_format(wagtail.from_database_format(html))
        assert _without_keys(again) == _without_keys(html)


def _without_keys(html):
    return re.sub(r' data-block-key="[^"]*"', "", html)


def test_scripts_styles_forms_and_their_contents_are_removed_and_reported():
    blocks, problems = convert(
        "<p>Before</p><script>alert('hello')</script><style>p { display: none }</style>"
        '<form action="https://evil.example/"><input name="card"><button>Pay</button></form><p>After</p>'
    )
    html = text_of(blocks)
    assert "Before" in html and "After" in html
    for gone in ("alert", "display", "<form", "card", "Pay"):
        assert gone not in html
    assert any("script" in problem for problem in problems)
    assert any("form" in problem for problem in problems)


def test_links_that_would_run_code_lose_the_link_but_keep_their_words():
    blocks, problems = convert(
        '<p><a href="javascript:alert(1)">Click</a> <a href="JaVaScRiPt:alert(2)">me</a> '
        '<a href=" data:text/html,x">now</a> <a href="https://example.org/ok">fine</a> '
        '<a href="mailto:hello@example.org">mail</a> <a href="//cdn.example.org/x">cdn</a></p>'
    )
    html = text_of(blocks)
    assert "javascript" not in html.lower() and "data:" not in html
    assert "Click" in html and "me" in html and "now" in html
    assert '<a href="https://example.org/ok">fine</a>' in html
    assert '<a href="mailto:hello@example.org">mail</a>' in html
    assert '<a href="https://cdn.example.org/x">cdn</a>' in html
    assert "Removed a link that would have run code." in problems


def test_headings_become_heading_blocks():
    blocks, _ = convert("<h1>Top</h1><h2>Main</h2><h3>Sub</h3><h5>Deep</h5><h2></h2>")
    assert [(block["value"]["text"], block["value"]["level"]) for block in blocks] == [
        ("Top", "h2"),
        ("Main", "h2"),
        ("Sub", "h3"),
        ("Deep", "h3"),
    ]


def test_a_heading_too_long_for_a_heading_block_becomes_bold_text():
    blocks, _ = convert(f"<h2>{'word ' * 40}</h2>")
    assert kinds(blocks) == ["paragraph"]
    assert "<b>word word" in blocks[0]["value"]


def test_quotes_become_quote_blocks_with_their_attribution():
    blocks, _ = convert("<blockquote><p>Care can be a springboard.</p><cite>— A member</cite></blockquote>")
    assert blocks == [
        {
            "type": "quote",
            "value": {"quote": "Care can be a springboard.", "attribution": "A member"},
            "id": blocks[0]["id"],
        }
    ]


def test_a_quote_too_long_for_a_quote_block_stays_as_text():
    blocks, _ = convert(f"<blockquote><p>{'Long words. ' * 80}</p></blockquote>")
    assert kinds(blocks) == ["paragraph"]
    assert "Long words." in blocks[0]["value"]


@pytest.mark.parametrize(
    "html",
    [
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/AbCdEfGhIjK?rel=0" '
        'title="Our gathering in Manchester" onload="x()"></iframe>',
        "[embed]https://youtu.be/AbCdEfGhIjK[/embed]",
        "https://www.youtube.com/watch?v=AbCdEfGhIjK",
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=AbCdEfGhIjK","type":"video"} -->\n'
        '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=AbCdEfGhIjK\n</div></figure>\n<!-- /wp:embed -->",
        '[video src="https://www.youtube-nocookie.com/embed/AbCdEfGhIjK"][/video]',
    ],
)
def test_youtube_videos_become_video_blocks(html):
    blocks, problems = convert(html, title="Gathering")
    assert kinds(blocks) == ["video"]
    assert blocks[0]["value"]["video"] == "https://www.youtube.com/watch?v=AbCdEfGhIjK"
    assert blocks[0]["value"]["title"]
    assert problems == []


def test_an_iframe_gives_the_video_its_title():
    blocks, _ = convert('<iframe src="https://player.vimeo.com/video/12345678" title="Our film"></iframe>')
    assert blocks[0]["value"] == {
        "video": "https://vimeo.com/12345678",
        "title": "Our film",
        "transcript": "",
    }


def test_embeds_from_other_providers_become_links_and_are_reported():
    blocks, problems = convert(
        '<iframe src="https://maps.example.com/embed?x=1"></iframe>'
        '<iframe src="https://www.facebook.com/plugins/video.php?href=x"></iframe>'
    )
    assert "<iframe" not in str(blocks)
    assert kinds(blocks) == ["paragraph"]
    assert 'href="https://maps.example.com/embed?x=1"' in blocks[0]["value"]
    assert any("maps.example.com" in problem for problem in problems)
    assert any("facebook.com" in problem for problem in problems)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=AbCdEfGhIjK&t=30", "https://www.youtube.com/watch?v=AbCdEfGhIjK"),
        ("https://m.youtube.com/watch?v=AbCdEfGhIjK", "https://www.youtube.com/watch?v=AbCdEfGhIjK"),
        ("https://youtu.be/AbCdEfGhIjK", "https://www.youtube.com/watch?v=AbCdEfGhIjK"),
        ("https://www.youtube.com/shorts/AbCdEfGhIjK", "https://www.youtube.com/watch?v=AbCdEfGhIjK"),
        ("//www.youtube-nocookie.com/embed/AbCdEfGhIjK", "https://www.youtube.com/watch?v=AbCdEfGhIjK"),
        ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "https://vimeo.com/76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", "https://vimeo.com/76979871"),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://evil.example/youtube.com/watch?v=AbCdEfGhIjK", None),
        ("https://youtube.com.evil.example/watch?v=AbCdEfGhIjK", None),
        ("javascript://youtube.com/watch?v=AbCdEfGhIjK", None),
        ("https://www.dailymotion.com/video/x7tgad0", None),
        ("not a url", None),
    ],
)
def test_only_youtube_and_vimeo_addresses_are_videos(url, expected):
    assert allowed_video_url(url) == expected


def test_unknown_shortcodes_lose_their_brackets_keep_their_words_and_are_reported():
    blocks, problems = convert(
        '[su_box title="Important"]Words inside a box.[/su_box]\n\n[contact-form-7 id="5" title="Contact"]'
    )
    html = text_of(blocks)
    assert "Words inside a box." in html
    assert "[" not in html and "su_box" not in html and "contact-form-7" not in html
    assert any("[su_box]" in problem for problem in problems)
    assert any("[contact-form-7]" in problem for problem in problems)


def test_square_brackets_that_are_not_shortcodes_stay():
    blocks, problems = convert(
        "He said it was [sic] fine, see note [1]. Write [[gallery]] to show a gallery."
    )
    html = text_of(blocks)
    assert "[sic]" in html and "[1]" in html and "[gallery]" in html
    assert problems == []


def test_tables_become_lists_and_are_reported():
    blocks, problems = convert(
        "<table><tr><th>Place</th><th>Date</th></tr><tr><td>Manchester</td><td>4 February 2020</td></tr></table>"
    )
    html = text_of(blocks)
    assert "<ul>" in html and "Manchester – 4 February 2020" in html
    assert "<table" not in html
    assert any("table" in problem for problem in problems)


def test_block_editor_content_is_read_without_adding_paragraphs():
    blocks, _ = convert(
        "<!-- wp:paragraph -->\n<p>One\nstill one</p>\n<!-- /wp:paragraph -->\n\n"
        "<!-- wp:list -->\n<ul><li>Item</li></ul>\n<!-- /wp:list -->"
    )
    html = text_of(blocks)
    assert "<br" not in html
    assert html.count("<p ") == 1 and "<li" in html


def test_a_reusable_block_is_reported():
    _, problems = convert('<!-- wp:block {"ref":123} /--><p>Text</p>')
    assert any("reusable block" in problem for problem in problems)


def test_pictures_not_in_the_export_are_left_out_and_reported():
    blocks, problems = convert('<p>Look: <img src="https://elsewhere.example/cat.jpg" alt="A cat"> nice</p>')
    assert "img" not in str(blocks)
    assert "Look:" in text_of(blocks) and "nice" in text_of(blocks)
    assert any("elsewhere.example/cat.jpg" in problem for problem in problems)


def test_the_same_post_always_gives_the_same_blocks():
    html = "Para one.\n\n<h2>Head</h2>\n\nPara <em>two</em>.\n\n<blockquote>Quote</blockquote>"
    first, _ = convert(html)
    second, _ = convert(html)
    strip = lambda blocks: [{key: value for key, value in block.items() if key != "id"} for block in blocks]  # noqa: E731
    assert strip(first) == strip(second)


def test_blocks_are_valid_body_blocks():
    blocks, _ = convert(
        "Intro.\n\n<h2>Head</h2>\n\n<ul><li>One</li></ul>\n\n<blockquote>Quote<cite>Jo</cite></blockquote>"
        '\n\n<iframe src="https://www.youtube.com/embed/AbCdEfGhIjK"></iframe>'
    )
    body = BodyBlock()
    value = body.to_python([block for block in blocks if block["type"] != "video"])
    body.clean(value)  # raises ValidationError if any block is invalid
