"""The look in Chromium: the site's own font is loaded and used at a readable
size, the header search says what it is, the feed page reads well, grids leave
no empty slot, and nothing scrolls sideways at 320 px."""

import pytest

from tests.browser.axe import assert_no_axe_violations

FONT = "Atkinson Hyperlegible Next"


@pytest.mark.parametrize("width", [320, 1280])
def test_the_site_font_loads_and_body_text_is_large_enough(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    fonts = []
    page.on("response", lambda response: fonts.append(response) if ".woff2" in response.url else None)
    page.goto(live_demo.url + "/about/")
    page.evaluate("document.fonts.ready")
    assert page.evaluate(
        f"document.fonts.check('700 1em \"{FONT}\"') && document.fonts.check('1em \"{FONT}\"')"
    )
    assert {response.status for response in fonts} == {200}
    assert len(fonts) == 2  # regular and bold, nothing more
    style = page.evaluate(
        "(() => { const p = document.querySelector('.page-body p'); const s = getComputedStyle(p);"
        " return {size: parseFloat(s.fontSize), family: s.fontFamily, width: p.getBoundingClientRect().width}; })()"
    )
    assert style["size"] >= 18
    assert style["family"].startswith(f'"{FONT}"')
    # A comfortable measure: no more than about 70 characters a line.
    assert style["width"] / style["size"] <= 38
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [320, 1280])
def test_header_search_is_labelled_for_sighted_people(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_demo.url + "/")
    search = page.get_by_role("searchbox", name="Search this site")
    assert search.is_visible()
    assert search.get_attribute("placeholder") == "Search this site"
    # The placeholder fits in the box and is dark enough to read.
    fits = search.evaluate(
        "el => { const c = document.createElement('canvas').getContext('2d'); const s = getComputedStyle(el);"
        " c.font = `${s.fontSize} ${s.fontFamily}`; return c.measureText(el.placeholder).width < el.clientWidth; }"
    )
    assert fits
    colour = search.evaluate("el => getComputedStyle(el, '::placeholder').color")
    assert colour in ("rgb(55, 65, 81)", "rgb(31, 41, 55)")
    assert_no_axe_violations(page)


def test_grids_centre_their_last_row(live_demo, page):
    """Five ways make three and two, centred; a full page of posts is whole rows
    (twelve a page); a short last page centres its last row. No row ends with an
    empty slot on the left."""
    page.set_viewport_size({"width": 1280, "height": 900})

    def rows(path, selector):
        page.goto(live_demo.url + path)
        boxes = page.locator(selector).evaluate_all(
            "items => items.map(i => { const r = i.getBoundingClientRect(); return [r.left, r.right, r.top]; })"
        )
        parent = page.locator(selector).first.evaluate(
            "i => { const r = i.parentElement.getBoundingClientRect(); return [r.left, r.right]; }"
        )
        tops = sorted({round(box[2]) for box in boxes})
        return [[box for box in boxes if abs(box[2] - top) < 2] for top in tops], parent

    full, _ = rows("/blog/", ".cards.listing__cards > li")
    assert [len(row) for row in full] == [3, 3, 3, 3]
    for path, selector in [("/", ".ways__list > li"), ("/blog/?page=2", ".cards.listing__cards > li")]:
        found, parent = rows(path, selector)
        last_row = found[-1]
        # The demo has five ways and seventeen posts: a short last row on both.
        assert len(last_row) in (1, 2), (path, [len(row) for row in found])
        left_gap = last_row[0][0] - parent[0]
        right_gap = parent[1] - last_row[-1][1]
        assert left_gap > 100 and abs(left_gap - right_gap) < 2, (path, left_gap, right_gap)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_feed_page_explains_feeds(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_demo.url + "/blog/")
    page.get_by_role("link", name="Follow the blog in a feed reader (RSS)").click()
    page.wait_for_url("**/blog/feed/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "Follow our blog in a feed reader"
    assert "/blog/feed/" in page.locator(".feed-about__address").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page)


def test_the_feed_stylesheet_and_icons_are_served(live_demo, page):
    feed = page.request.get(live_demo.url + "/blog/feed/")
    assert b'<?xml-stylesheet href="/static/blog/feed.xsl"' in feed.body()
    xsl = page.request.get(live_demo.url + "/static/blog/feed.xsl")
    assert xsl.status == 200 and b"xsl:stylesheet" in xsl.body()
    icon = page.request.get(live_demo.url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    touch = page.request.get(live_demo.url + "/static/img/apple-touch-icon.png")
    assert touch.status == 200 and touch.headers["content-type"] == "image/png"
