"""The mailing list in Chromium: sign up from the footer, follow the links in
the emails, unsubscribe; axe finds nothing on any page of the flow, with errors
shown too; and the footer form works by keyboard alone."""

import re

import pytest
from django.core import mail

from socialcarefuture.mailing_list.models import Subscriber
from tests.browser.axe import assert_no_axe_violations


def link_from_last_email(live_server, kind):
    """A link from the latest email, pointed at the live server."""
    body = mail.outbox[-1].body
    match = re.search(rf"http://testserver(/mailing-list/{kind}/[^/\s]+/)", body)
    assert match, body
    return live_server.url + match.group(1)


def wait_for_email(page, count):
    for _ in range(50):
        if len(mail.outbox) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {count} emails, got {len(mail.outbox)}")


@pytest.mark.parametrize("width", [390, 1280])
def test_sign_up_from_the_footer_confirm_and_unsubscribe(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_demo.url + "/about/")
    assert_no_axe_violations(page)
    footer = page.locator(".footer-signup")
    footer.get_by_label("Email address").fill(f"sam{width}@example.org")
    footer.get_by_label("Your name (optional)").fill("Sam")
    footer.get_by_label("Gatherings").check()
    footer.get_by_label("Yes, please email me").check()
    footer.get_by_role("button", name="Sign up").click()

    page.wait_for_url("**/mailing-list/check-your-inbox/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert f"We have sent an email to sam{width}@example.org." in page.locator(".panel").inner_text()
    assert_no_axe_violations(page)

    wait_for_email(page, 1)
    page.goto(link_from_last_email(live_demo, "confirm"))
    assert page.get_by_role("heading", level=1).inner_text() == "Confirm you want to join"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, add me to the list").click()
    page.wait_for_url("**/mailing-list/confirmed/")
    assert_no_axe_violations(page)
    assert Subscriber.objects.get().status == "confirmed"

    wait_for_email(page, 2)
    assert mail.outbox[-1].subject == "Welcome to the Social Care Future mailing list"
    page.goto(link_from_last_email(live_demo, "preferences"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your mailing-list choices"
    assert_no_axe_violations(page)

    page.goto(link_from_last_email(live_demo, "unsubscribe"))
    assert page.get_by_role("heading", level=1).inner_text() == "Leave the mailing list?"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_url("**/mailing-list/unsubscribed/")
    assert page.get_by_role("heading", level=1).inner_text() == "You have left the mailing list"
    assert_no_axe_violations(page)
    assert Subscriber.objects.get().status == "withdrawn"


@pytest.mark.parametrize("width", [390, 1280])
def test_errors_are_summarised_focused_and_accessible(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_demo.url + "/")
    footer = page.locator(".footer-signup")
    footer.get_by_label("Email address").fill("sam@example")
    footer.get_by_role("button", name="Sign up").click()

    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    assert "There is a problem" in summary.inner_text()
    assert page.get_by_label("Email address").input_value() == "sam@example"
    assert_no_axe_violations(page)
    # The summary's link takes you to the field.
    summary.get_by_role("link", name=re.compile("correct format")).click()
    assert page.evaluate("document.activeElement.id") == "signup-email"
    assert Subscriber.objects.count() == 0


@pytest.mark.parametrize("width", [390, 1280])
def test_the_sign_up_page_has_no_axe_violations(shared_live_demo, shared_page, width):
    shared_page.set_viewport_size({"width": width, "height": 900})
    shared_page.goto(shared_live_demo.url + "/mailing-list/")
    assert shared_page.get_by_role("heading", level=1).inner_text() == "Join our mailing list"
    assert_no_axe_violations(shared_page)


def test_the_footer_form_by_keyboard_alone(live_demo, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_demo.url + "/about/")

    # Tab through the page until the footer's email field has focus.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "footer-signup-email":
            break
    else:
        raise AssertionError("the footer form cannot be reached with Tab")

    page.keyboard.type("kim@example.org")
    visited = []
    for _ in range(12):
        page.keyboard.press("Tab")
        active = page.evaluate("[document.activeElement.id, document.activeElement.textContent.trim()]")
        visited.append(active)
        if active[0] == "footer-signup-name":
            page.keyboard.type("Kim")
        elif active[0] in ("footer-signup-interests_1", "footer-signup-consent"):
            page.keyboard.press("Space")
        elif active[1] == "Sign up":
            break
    ids = [element_id for element_id, _text in visited]
    # Every field in order, and never the honeypot.
    assert ids[:7] == [
        "footer-signup-name",
        "footer-signup-interests_0",
        "footer-signup-interests_1",
        "footer-signup-interests_2",
        "footer-signup-interests_3",
        "footer-signup-consent",
        "",  # the privacy notice link
    ]
    assert "footer-signup-website_url" not in ids
    page.keyboard.press("Enter")
    page.wait_for_url("**/mailing-list/check-your-inbox/")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name) == ("kim@example.org", "Kim")
    assert [interest.value for interest in subscriber.interests] == ["posts"]


def test_signing_up_works_without_javascript(live_demo, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_demo.url + "/people-power/")
        footer = page.locator(".footer-signup")
        footer.get_by_label("Email address").fill("lee@example.org")
        footer.get_by_role("button", name="Sign up").click()
        page.wait_for_load_state()
        assert page.title().startswith("Error: ")  # the consent box was not ticked
        page.get_by_label("Yes, please email me").check()
        page.get_by_role("button", name="Sign up").click()
        page.wait_for_url("**/mailing-list/check-your-inbox/")
        assert Subscriber.objects.get().email == "lee@example.org"
    finally:
        context.close()
