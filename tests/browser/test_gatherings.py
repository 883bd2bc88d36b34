"""Gatherings in Chromium: book a place and cancel it by keyboard alone (Tab,
Space and Enter, no clicks), and no axe-core violations on any gathering page
type, the booking pages or the booking form's error state, at 320 and 1280 px."""

import re

import pytest
from django.core import mail

from gatherings.models import Booking
from tests.browser.axe import assert_no_axe_violations

LEEDS = "/gatherings/leeds-a-good-life-at-home/"

PAGES = [
    "/gatherings/",  # the listing: coming up, then past
    "/gatherings/?when=past&page=1",  # filtered
    "/gatherings/?region=atlantis",  # an unknown filter: the empty state
    LEEDS,  # built-in booking, programme, flyers, access
    "/gatherings/glimpses-of-the-future-festival-2020/",  # a past online festival with many sessions
    "/gatherings/bristol-our-place-our-say/",  # hybrid
    LEEDS + "check-your-email/",
    "/",  # the vision page's next gatherings
]


def tab_to(page, selector, limit=300):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def wait_for_email(page, count):
    for _ in range(50):
        if len(mail.outbox) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {count} emails, got {len(mail.outbox)}")


def link_from(email, kind, server):
    match = re.search(rf"http://testserver(/bookings/{kind}/[^/\s]+/)", email.body)
    assert match, email.body
    return server.url + match.group(1)


def check_layout(page, width):
    assert page.locator("h1").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways at {width}px"


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_gathering_pages_have_no_axe_violations(shared_live_demo, page, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(shared_live_demo.url + path)
    check_layout(page, width)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_booking_form_error_state_has_no_axe_violations(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_demo.url + LEEDS)
    page.locator("#booking-email").fill("sam@example")
    page.get_by_role("button", name="Book my place").click()
    page.wait_for_url(re.compile(r"/bookings/\d+/$"))
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    assert page.locator("#booking-email").input_value() == "sam@example"
    check_layout(page, width)
    assert_no_axe_violations(page)
    assert Booking.objects.count() == 6  # only the demo's own


def test_book_confirm_and_cancel_by_keyboard_alone(live_demo, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_demo.url + LEEDS)
    assert "2 of 8 places left" in page.locator(".gathering-glance").inner_text()

    tab_to(page, "#booking-name")
    page.keyboard.type("Kim Lowe")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Step-free seating near the front, please.")
    tab_to(page, "#booking-consent")
    page.keyboard.press("Space")
    tab_to(page, ".booking-form__button")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + LEEDS + "check-your-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"

    wait_for_email(page, 1)
    page.goto(link_from(mail.outbox[-1], "confirm", live_demo))
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm your booking"
    assert_no_axe_violations(page)
    tab_to(page, "form.signup-action button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/bookings/your-booking/"))
    assert "You have a place." in page.locator(".booking-status").inner_text()
    assert_no_axe_violations(page)
    booking = Booking.objects.get(email="kim@example.org")
    assert (booking.status, booking.place) == ("confirmed", "held")
    assert booking.access_needs == "Step-free seating near the front, please."

    tab_to(page, "form.signup-action button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?cancelled=1$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your booking is cancelled"
    assert_no_axe_violations(page)
    booking.refresh_from_db()
    assert booking.status == "withdrawn"
