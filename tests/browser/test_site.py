"""The vision page, standard pages, search and errors in Chromium: axe-core
finds nothing, and keyboard users can skip straight to the content."""

import pytest

from tests.browser.axe import assert_no_axe_violations

PAGES = [
    "/",  # vision page
    "/about/",  # standard page with picture, quote and call to action
    "/about-easy-read/",  # Easy Read standard page
    "/guidance-for-event-organisers/",  # document downloads with Easy Read
    "/people-power/",  # accordion
    "/search/?q=support",  # search results
    "/search/?q=zebra+crossing",  # search with no results
    "/search/",  # search with no query
    '/search/?q="',  # punctuation only
    "/this-page-does-not-exist/",  # 404
]


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_has_no_axe_violations(shared_live_demo, shared_page, path, width):
    """320 px is also what 1280 px looks like at 400 % zoom: nothing may need
    scrolling sideways (WCAG 1.4.10 reflow)."""
    shared_page.set_viewport_size({"width": width, "height": 900})
    shared_page.goto(shared_live_demo.url + path)
    assert shared_page.locator("h1").count() == 1, path
    assert shared_page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways"
    assert_no_axe_violations(shared_page)


def test_skip_link_moves_focus_to_the_main_content(shared_live_demo, page):
    page.goto(shared_live_demo.url + "/about/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box and box["y"] >= 0, "the skip link must be visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab lands inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


def test_menu_folds_behind_a_button_on_a_phone_and_opens_by_keyboard(shared_live_demo, page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(shared_live_demo.url + "/")
    toggle = page.get_by_role("button", name="Menu")
    menu_link = page.get_by_role("navigation", name="Main menu").get_by_role("link", name="About")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible()
    # Tab into the open menu; Escape closes it and puts focus back on the button.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#main-nav') !== null")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("el => el === document.activeElement")
    assert not menu_link.is_visible()


def test_search_by_keyboard_from_the_header(shared_live_demo, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(shared_live_demo.url + "/")
    page.get_by_role("searchbox", name="Search this site").focus()
    page.keyboard.type("event organisers")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=event+organisers")
    assert page.get_by_role("link", name="Guidance for event organisers").first.is_visible()
