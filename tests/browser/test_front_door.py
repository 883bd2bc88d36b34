"""The front door in Chromium, at 320 and 1280 px: the login for restricted
pages (by keyboard alone), its error state and its lockout page, and a public
form over its limit showing what was typed. axe finds nothing on any of them,
and nothing scrolls sideways."""

import os
from pathlib import Path

import pytest

from socialcarefuture.mailing_list.models import Subscriber
from tests.browser.axe import assert_no_axe_violations

WIDTHS = [320, 1280]
PASSWORD = "a long and happy garden"


def assert_fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"


def look(page, name):
    """With SCREENSHOT_DIR set, save the page as people see it at 390 and 1280 px."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    size = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def tab_to(page, name, presses=40):
    """Press Tab until the field called ``name`` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def log_in_by_keyboard(page, username, password):
    tab_to(page, "username")
    page.keyboard.press("Control+a")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_login_for_restricted_pages_its_mistakes_and_its_lockout(
    live_site, page, width, django_user_model
):
    django_user_model.objects.create_user("robin", "robin@example.org", PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_site.url + "/_util/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
    assert_no_axe_violations(page)
    assert_fits(page)
    look(page, "login")

    # A wrong password: the error summary, the username kept, nothing inaccessible.
    log_in_by_keyboard(page, "robin", "not my password")
    assert page.title().startswith("Error: ")
    assert page.locator("[data-error-summary]").is_visible()
    assert page.locator("input[name=username]").input_value() == "robin"
    assert_no_axe_violations(page)
    assert_fits(page)
    look(page, "login-error")

    # Four more: the lockout page, which even the right password then meets.
    for _ in range(4):
        log_in_by_keyboard(page, "robin", "not my password")
    assert page.get_by_role("heading", level=1).inner_text() == "Too many tries to log in"
    assert_no_axe_violations(page)
    assert_fits(page)
    look(page, "login-locked")
    page.goto(live_site.url + "/_util/login/")
    log_in_by_keyboard(page, "robin", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Too many tries to log in"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_right_password_by_keyboard_goes_home_without_next(live_site, page, width, django_user_model):
    django_user_model.objects.create_user("robin", "robin@example.org", PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_site.url + "/_util/login/")
    log_in_by_keyboard(page, "robin", PASSWORD)
    assert page.url == live_site.url + "/"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_form_over_its_limit_shows_what_was_typed(live_site, page, width, settings):
    settings.RATELIMIT_ENABLE = True
    page.set_viewport_size({"width": width, "height": 900})
    # The mailing list takes three good sign-ups a day for one address.
    for _ in range(4):
        page.goto(live_site.url + "/mailing-list/")
        form = page.locator("main")
        form.get_by_label("Email address").fill("sam@example.org")
        form.get_by_label("Your name (optional)").fill("Sam Okafor")
        form.get_by_label("Yes, please email me", exact=False).check()
        with page.expect_navigation():
            form.get_by_role("button", name="Sign up").click()
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert "we have paused it" in summary.inner_text()
    assert summary.evaluate("el => el === document.activeElement")
    main = page.locator("main")
    assert main.get_by_label("Email address").input_value() == "sam@example.org"
    assert main.get_by_label("Your name (optional)").input_value() == "Sam Okafor"
    assert_no_axe_violations(page)
    assert_fits(page)
    look(page, "mailing-list-paused")
    assert Subscriber.objects.count() == 1
