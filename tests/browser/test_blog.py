"""The blog in Chromium: filtering and paging by keyboard alone (Tab, Enter and
Space, no clicks), no axe-core violations, and no Content Security Policy
complaints about the JSON-LD on a post."""

import re

import pytest

from tests.browser.axe import assert_no_axe_violations

PAGES = [
    "/blog/",  # the listing
    "/blog/?page=2",  # its second page
    "/blog/?category=publication&year=2019",  # a filtered listing
    "/blog/?author=jo-whitfield",  # an author's page
    "/blog/talking-about-a-brighter-social-care-future/",  # a post with downloads and Easy Read
    "/blog/?q=zebra+crossing",  # a search with no results
    "/blog/?tag=nope",  # an unknown filter
]


def tab_to(page, selector, limit=250):
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focus_is_visible(page):
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle !== 'none' || style.boxShadow !== 'none';
        }"""
    )


def card_count(page):
    return page.locator(".blog-cards .post-card").count()


def test_filter_and_paginate_with_the_keyboard_alone(shared_live_demo, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(shared_live_demo.url + "/blog/")
    assert card_count(page) == 12

    # Next page of posts.
    tab_to(page, ".pagination a[rel=next]")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/blog/?page=2")
    assert page.locator(".pagination [aria-current=page]").inner_text().strip().endswith("2")
    assert card_count(page) == 5

    # Search the blog: type, then Tab to the button and press Space.
    tab_to(page, "#blog-q")
    page.keyboard.type("gathering")
    tab_to(page, ".finder__actions button")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"/blog/\?q=gathering$"))
    with_search = card_count(page)
    assert with_search > 1

    # Narrow to a year from the archive: the search is kept.
    tab_to(page, ".blog-years__link[href*='year=2020']")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/blog/\?q=gathering&year=2020$"))
    assert 0 < card_count(page) < with_search
    assert page.locator(".blog-years__link[aria-current]").inner_text().startswith("2020")
    for time in page.locator(".blog-cards time").all():
        assert time.get_attribute("datetime").startswith("2020-")

    # Remove the search again, keeping the year.
    tab_to(page, ".active-filters__list a[href='/blog/?year=2020']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/blog/\?year=2020$"))
    assert card_count(page) == 3
    assert page.locator("#blog-q").input_value() == ""

    # Open a post from its card, then follow one of its topics back to the listing.
    tab_to(page, ".blog-cards .post-card__more-link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/blog/[\w-]+/$"))
    tab_to(page, ".tag-list a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/blog/\?tag=[\w-]+$"))
    assert card_count(page) >= 1


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_blog_pages_have_no_axe_violations_at_phone_and_desktop_widths(
    shared_live_demo, shared_page, path, width
):
    shared_page.set_viewport_size({"width": width, "height": 900})
    shared_page.goto(shared_live_demo.url + path)
    assert shared_page.locator("h1").count() == 1, path
    overflow = shared_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways at {width}px"
    assert_no_axe_violations(shared_page)


def test_json_ld_on_a_post_raises_no_content_security_policy_error(shared_live_demo, page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(
        """document.addEventListener('securitypolicyviolation', (event) => {
            console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI);
        });"""
    )
    response = page.goto(shared_live_demo.url + "/blog/talking-about-a-brighter-social-care-future/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("script[type='application/ld+json']").count() == 1
    page.wait_for_load_state("networkidle")
    problems = [text for text in messages if "Content Security Policy" in text or "CSP violation" in text]
    assert problems == []
