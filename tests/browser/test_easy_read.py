"""Easy Read pages in Chromium: AAA contrast (7:1) for all text, 16 pt text or
larger, each picture kept with its sentence in print, and the Easy Read item in
a main menu that still fits one line on a wide screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.axe import assert_no_axe_violations

EASY_READ = "/about-easy-read/"
_axe = Axe()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_easy_read_page_passes_axe_with_enhanced_contrast(shared_live_demo, shared_page, width):
    shared_page.set_viewport_size({"width": width, "height": 900})
    shared_page.goto(shared_live_demo.url + EASY_READ)
    assert shared_page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(shared_page)
    # WCAG AAA 1.4.6: every piece of text at 7:1 or more (axe's color-contrast-enhanced).
    results = _axe.run(
        shared_page, options={"runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]}}
    )
    response = results.response
    assert [v["id"] for v in response["violations"]] == []
    assert [p["id"] for p in response["passes"]] == ["color-contrast-enhanced"]
    checked = len(response["passes"][0]["nodes"])
    assert checked > 30, "axe checked the text of the whole page"
    unsure = [node["target"] for rule in response["incomplete"] for node in rule["nodes"]]
    assert unsure == [], f"axe could not decide the contrast of {unsure}"


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_easy_read_sentences_are_16_point_or_more_beside_their_picture(shared_live_demo, shared_page, width):
    shared_page.set_viewport_size({"width": width, "height": 900})
    shared_page.goto(shared_live_demo.url + EASY_READ)
    rows = shared_page.evaluate(
        """() => [...document.querySelectorAll('.easy-read__row')].map(row => {
            const picture = row.querySelector('img').getBoundingClientRect();
            const text = row.querySelector('.easy-read__text');
            const box = text.getBoundingClientRect();
            return {
                size: parseFloat(getComputedStyle(text).fontSize),
                pictureWidth: picture.width,
                besides: picture.right <= box.left && picture.bottom > box.top && picture.top < box.bottom,
                lineLength: box.width / parseFloat(getComputedStyle(text).fontSize),
            };
        })"""
    )
    assert len(rows) >= 10
    for row in rows:
        assert row["size"] >= 21.3  # 16 pt
        assert row["besides"], "the picture sits to the left of its sentence"
        assert row["lineLength"] <= 30, "short lines"
        assert row["pictureWidth"] >= (80 if width < 400 else 120)


def test_printing_keeps_each_picture_with_its_sentence_in_black_on_white(shared_live_demo, shared_page):
    shared_page.set_viewport_size({"width": 1280, "height": 900})
    shared_page.goto(shared_live_demo.url + EASY_READ)
    shared_page.emulate_media(media="print")
    try:
        styles = shared_page.evaluate(
            """() => {
                const row = document.querySelector('.easy-read__row');
                const text = row.querySelector('.easy-read__text');
                const shown = sel => [...document.querySelectorAll(sel)].some(el => el.offsetParent !== null);
                return {
                    breakInside: getComputedStyle(row).breakInside,
                    color: getComputedStyle(text).color,
                    background: getComputedStyle(document.body).backgroundColor,
                    menu: shown('.site-header nav'),
                    footer: shown('.site-footer'),
                    forms: shown('.site-header form, .site-footer form'),
                    link: shown('.easy-read-link'),
                    pictures: [...document.querySelectorAll('.easy-read__row img')].every(i => i.offsetParent !== null),
                };
            }"""
        )
    finally:
        shared_page.emulate_media(media="screen")
    assert styles["breakInside"] == "avoid"
    assert styles["color"] == "rgb(0, 0, 0)"
    assert styles["background"] == "rgb(255, 255, 255)"
    assert not styles["menu"] and not styles["footer"] and not styles["forms"] and not styles["link"]
    assert styles["pictures"]
    on_screen = shared_page.evaluate(
        "getComputedStyle(document.querySelector('.easy-read__row')).breakInside"
    )
    assert on_screen == "auto"


def test_the_main_menu_with_easy_read_fits_one_line_wide_and_wraps_on_a_phone(shared_live_demo, shared_page):
    shared_page.set_viewport_size({"width": 1280, "height": 900})
    shared_page.goto(shared_live_demo.url + "/")
    menu = shared_page.get_by_role("navigation", name="Main menu")
    links = menu.get_by_role("link")
    names = [name.strip() for name in links.all_inner_texts()]
    assert names[-1] == "Easy Read" and len(names) >= 8
    tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all())}
    assert len(tops) == 1, "the main menu fits one line at 1280 px"

    shared_page.set_viewport_size({"width": 390, "height": 900})
    shared_page.get_by_role("button", name="Menu").click()
    easy = menu.get_by_role("link", name="Easy Read")
    assert easy.is_visible()
    assert shared_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(shared_page)
    easy.click()
    shared_page.wait_for_url("**" + EASY_READ)
    assert shared_page.locator("h1").inner_text() == "About us in Easy Read"


def test_the_about_page_offers_its_easy_read_version_near_the_top(shared_live_demo, shared_page):
    shared_page.set_viewport_size({"width": 390, "height": 900})
    shared_page.goto(shared_live_demo.url + "/about/")
    link = shared_page.get_by_role("link", name="Easy Read version of this page")
    box = link.bounding_box()
    assert box and box["y"] + box["height"] < 900, "visible without scrolling on a phone"
    assert box["height"] >= 44
    link.click()
    shared_page.wait_for_url("**" + EASY_READ)
    shared_page.get_by_role("link", name="Full version of this page").click()
    shared_page.wait_for_url("**/about/")
