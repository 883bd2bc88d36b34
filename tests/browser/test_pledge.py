"""The pledge in Chromium: sign on /pledge/, confirm from the email, see
yourself on the public list, take the signature back; axe finds nothing on any
page of the flow (the form's error state too) at 320 and 1280 px; and the form
works by keyboard alone."""

import re

import pytest
from django.core import mail

from pledge.models import Signature
from tests.browser.axe import assert_no_axe_violations


def link_from_last_email(live_server, kind):
    """A pledge link (confirm, withdraw, signed) from the latest email, on the live server."""
    body = mail.outbox[-1].body
    match = re.search(rf"http://testserver(/pledge/{kind}/[^/\s]+/)", body)
    assert match, body
    return live_server.url + match.group(1)


def wait_for_email(page, count):
    for _ in range(50):
        if len(mail.outbox) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {count} emails, got {len(mail.outbox)}")


def shown_count(page):
    return int(page.locator(".pledge-count__number").first.inner_text().replace(",", ""))


def fresh(page, url):
    """Go to a public page as it is now. Public pages may be kept by the browser
    for a few minutes (``PUBLIC_CACHE_SECONDS``), so going back to one shows
    the copy from before; reloading asks the server again."""
    page.goto(url)
    page.reload()


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [320, 1280])
def test_sign_confirm_see_yourself_listed_and_withdraw(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_demo.url + "/pledge/")
    assert heading(page) == "The pledge: an equal place on the platform"
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)
    before = shown_count(page)

    # Send the form half filled in: the errors, on the form's own page.
    form = page.locator("form.pledge-form")
    form.get_by_label("Your name").fill("Noor Haddad")
    form.get_by_label("Email address").fill("noor.haddad@example")
    form.get_by_role("button", name="Sign the pledge").click()
    page.wait_for_url("**/pledge/sign/")
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    assert "There is a problem" in summary.inner_text()
    assert page.locator("#pledge-name").input_value() == "Noor Haddad", "what they typed is kept"
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)
    summary.get_by_role("link", name="Choose the type of organisation").click()
    assert page.evaluate("document.activeElement.id").startswith("pledge-organisation_type")

    # Put it right and sign (the footer has the mailing list's own form: keep to the pledge's).
    form = page.locator("form.pledge-form")
    form.get_by_label("Job title or role").fill("Programme Director")
    form.get_by_label("Organisation", exact=True).fill("Larchmere Care Conference")
    form.get_by_label("Events organiser").check()
    form.get_by_label("Email address").fill(f"noor.haddad{width}@example.org")
    form.get_by_label("Why are you signing?").fill("Our next conference <b>opens</b> with a paid panel.")
    form.get_by_label("Show my name, role and organisation on the public list").check()
    assert not page.locator("#pledge-join_mailing_list").is_checked(), "the mailing list box starts unticked"
    form.get_by_role("button", name="Sign the pledge").click()
    page.wait_for_url("**/pledge/check-your-inbox/")
    assert heading(page) == "Check your email"
    assert_no_axe_violations(page)
    assert Signature.objects.get(email=f"noor.haddad{width}@example.org").status == "pending"

    # Nothing counts until the email is confirmed.
    fresh(page, live_demo.url + "/pledge/")
    assert shown_count(page) == before

    wait_for_email(page, 1)
    page.goto(link_from_last_email(live_demo, "confirm"))
    assert heading(page) == "Confirm your signature"
    assert "Larchmere Care Conference" in page.locator(".pledge-entry").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, sign the pledge").click()
    page.wait_for_url("**/pledge/signed/**")
    assert heading(page) == "Thank you for signing the pledge"
    assert page.get_by_role("link", name="Share by email").is_visible()
    assert "/pledge/badge.svg" in page.locator("#badge-code").input_value()
    assert page.locator(".pledge-badge-preview img").evaluate("img => img.naturalWidth > 0"), (
        "the badge loads"
    )
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)

    # Counted, and on the public list (newest first), without the comment until a convenor approves it.
    fresh(page, live_demo.url + "/pledge/")
    assert shown_count(page) == before + 1
    fresh(page, live_demo.url + "/pledge/signatories/")
    first = page.locator(".signatory").first
    assert first.locator(".signatory__name").inner_text() == "Noor Haddad"
    assert "Larchmere Care Conference" in first.inner_text()
    assert "paid panel" not in first.inner_text()
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)

    # Search finds them.
    page.get_by_label("Search by name or organisation").fill("Larchmere")
    page.get_by_role("button", name="Show signatories").click()
    page.wait_for_url("**/pledge/signatories/?q=Larchmere*")
    assert page.locator(".signatory__name").all_inner_texts() == ["Noor Haddad"]
    assert_no_axe_violations(page)

    # Take it back, with the link in the email.
    page.goto(link_from_last_email(live_demo, "withdraw"))
    assert heading(page) == "Take your signature back?"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, take my signature back").click()
    page.wait_for_url("**/pledge/withdrawn/")
    assert heading(page) == "Your signature is withdrawn"
    assert_no_axe_violations(page)
    fresh(page, live_demo.url + "/pledge/signatories/")
    assert "Noor Haddad" not in page.locator("main").inner_text()
    fresh(page, live_demo.url + "/pledge/")
    assert shown_count(page) == before
    assert Signature.objects.get(email=f"noor.haddad{width}@example.org").status == "withdrawn"


@pytest.mark.parametrize("width", [320, 1280])
def test_the_signatory_list_filtered_and_the_badge(shared_live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(shared_live_demo.url + "/pledge/signatories/?type=council")
    assert heading(page) == "Who has signed the pledge"
    assert page.locator(".signatory").count() > 0
    assert set(page.locator(".signatory__type").all_inner_texts()) == {"Council"}
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)
    # The vision page's band with the count.
    page.goto(shared_live_demo.url + "/")
    assert page.get_by_role("link", name=re.compile("Sign the pledge")).first.is_visible()
    assert_no_axe_violations(page)


def test_signing_by_keyboard_alone(live_demo, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_demo.url + "/pledge/")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "pledge-name":
            break
    else:
        raise AssertionError("the pledge form cannot be reached with Tab")
    page.keyboard.type("Ife Adeyemi")
    page.keyboard.press("Tab")
    page.keyboard.type("Chair")
    page.keyboard.press("Tab")
    page.keyboard.type("Independent")
    page.keyboard.press("Tab")  # the first type of organisation; arrows choose within the group
    assert page.evaluate("document.activeElement.name") == "organisation_type"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pledge-email"
    page.keyboard.type("ife@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pledge-comment"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pledge-listed"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pledge-join_mailing_list"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Sign the pledge":
            break
    assert page.evaluate("document.activeElement.tagName") == "BUTTON", "never the honeypot on the way"
    page.keyboard.press("Enter")
    page.wait_for_url("**/pledge/check-your-inbox/")
    signature = Signature.objects.get(email="ife@example.org")
    assert (signature.name, signature.organisation, signature.organisation_type, signature.listed) == (
        "Ife Adeyemi",
        "Independent",
        "nhs",
        True,
    )
