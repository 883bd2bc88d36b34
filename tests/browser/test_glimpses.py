"""Glimpses in Chromium: filtering by keyboard alone and by the map, the whole
suggestion (form with errors, the confirmation link from the real email, the
thank-you, then the draft in moderation in the admin as a convenor), and no
axe-core violations on any glimpses page at 320 and 1280 px."""

import re

import pytest
from django.core import mail

from glimpses.models import GlimpsePage, GlimpseSuggestion
from tests.browser.axe import assert_no_axe_violations

PAGES = [
    "/glimpses/",  # the listing with its map
    "/glimpses/?theme=friendship-and-belonging&region=london",  # two filters
    "/glimpses/?region=north-east&theme=councils-and-communities",  # nothing matches
    "/glimpses/?region=atlantis",  # an unknown value
    "/glimpses/a-charter-written-together/",  # a glimpse
    "/glimpses/share/",  # the suggestion form
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


def card_titles(page):
    return [title.strip() for title in page.locator(".glimpse-cards .glimpse-card h3").all_inner_texts()]


def wait_for_email(page, count):
    for _ in range(100):
        if len(mail.outbox) >= count:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {count} emails, got {len(mail.outbox)}")


def test_filter_by_keyboard_alone_including_the_map(shared_live_demo, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(shared_live_demo.url + "/glimpses/")
    assert len(card_titles(page)) == 12

    # Choose a theme in the form by typing its first letters, then submit with Enter.
    tab_to(page, "#glimpses-theme")
    assert focus_is_visible(page)
    page.keyboard.type("Fri")
    assert page.locator("#glimpses-theme").input_value() == "friendship-and-belonging"
    tab_to(page, ".finder__form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/glimpses/\?theme=friendship-and-belonging$"))
    assert len(card_titles(page)) == 5

    # Then a region on the map: it keeps the theme.
    tab_to(page, ".region-map__region[href$='region=london']")
    assert focus_is_visible(page)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("London: ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/glimpses/\?theme=friendship-and-belonging&region=london$"))
    assert card_titles(page) == ["A circle of support that meets in the park"]
    assert page.locator(".region-map__region[aria-current]").get_attribute("href").endswith("region=london")

    # Open the glimpse from its card, then follow its region back to the listing.
    tab_to(page, ".glimpse-card a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/glimpses/a-circle-of-support/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "A circle of support that meets in the park"


def test_filter_by_clicking_a_region_on_the_map(shared_live_demo, page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(shared_live_demo.url + "/glimpses/")
    page.get_by_role("link", name="South West: 2 glimpses").click()
    page.wait_for_url(re.compile(r"/glimpses/\?region=south-west$"))
    assert sorted(card_titles(page)) == ["A time bank in a Cornish town", "Late-night gigs with a gig buddy"]
    assert page.locator(".region-list__link[aria-current]").inner_text().startswith("South West")
    assert page.get_by_role("heading", level=2, name="Glimpses in the South West").is_visible()
    # Every region on the map has a name with its count, for a screen reader.
    names = page.locator(".region-map__region").evaluate_all(
        "links => links.map(a => a.getAttribute('aria-label'))"
    )
    assert len(names) == 9
    assert all(re.fullmatch(r"[A-Za-z ]+: \d+ glimpses?", name) for name in names), names


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_glimpses_pages_have_no_axe_violations(shared_live_demo, page, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(shared_live_demo.url + path)
    assert page.locator("h1").count() == 1, path
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways at {width}px"
    assert_no_axe_violations(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_forms_error_state_is_summarised_focused_and_accessible(live_demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_demo.url + "/glimpses/share/")
    form = page.locator("main")
    form.get_by_label("Your name").fill("Ade")
    form.get_by_label("Your email address").fill("ade@example")
    form.get_by_label("Tell us the story").fill("Too short")
    page.get_by_role("button", name="Send my suggestion").click()

    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    assert form.get_by_label("Your name").input_value() == "Ade"
    assert form.get_by_label("Tell us the story").input_value() == "Too short"
    assert_no_axe_violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    summary.get_by_role("link", name=re.compile("correct format")).click()
    assert page.evaluate("document.activeElement.id") == "suggest-email"
    assert GlimpseSuggestion.objects.count() == 0


def test_suggest_confirm_from_the_email_and_a_convenor_sees_the_draft_in_moderation(live_demo, page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_demo.url + "/glimpses/")
    page.get_by_role("link", name="Suggest a glimpse").click()
    page.wait_for_url("**/glimpses/share/")
    form = page.locator("main")  # the footer has the mailing list's own "Your name"

    form.get_by_label("Your name").fill("Marta Kowalska")
    form.get_by_label("Your email address").fill("marta@example.org")
    form.get_by_label("Your connection to it").fill("I go every week")
    form.get_by_label("What is it called?").fill("Saturday swim club for everyone")
    form.get_by_label("Where is it?").fill("Hull")
    form.get_by_label("Which part of England?").select_option(label="Yorkshire and the Humber")
    form.get_by_label("Friendship and belonging").check()
    form.get_by_label("Tell us the story").fill(
        "Every Saturday the pool opens an hour early for people who find busy sessions hard.\n\n"
        "Volunteers help in the changing rooms, and everyone has tea afterwards."
    )
    form.get_by_label("Yes, Social Care Future's convenors may email me").check()
    page.get_by_role("button", name="Send my suggestion").click()

    page.wait_for_url("**/glimpses/share/check-your-email/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert_no_axe_violations(page)

    wait_for_email(page, 1)
    message = mail.outbox[-1]
    assert message.to == ["marta@example.org"]
    match = re.search(r"http://testserver(/glimpses/share/confirm/[\w:-]+/)\s", message.body)
    assert match, message.body
    page.goto(live_demo.url + match.group(1))
    assert page.get_by_role("heading", level=1).inner_text() == "Send your suggestion"
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, send my suggestion").click()
    page.wait_for_url("**/glimpses/share/thank-you/")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your suggestion"
    assert_no_axe_violations(page)

    draft = GlimpsePage.objects.get(title="Saturday swim club for everyone")
    assert not draft.live
    assert draft.workflow_in_progress
    assert draft.suggestion.email == "marta@example.org"
    # Nothing is published without a convenor.
    response = page.goto(live_demo.url + f"/glimpses/{draft.slug}/")
    assert response.status == 404

    # A convenor who may publish logs in and finds it waiting for them.
    convenor = get_user_model().objects.create_user(
        username="convenor", email="convenor@example.org", password="a long convenor password"
    )
    # Convenors publish, and look after people's details, so they may see who sent it.
    convenor.groups.add(Group.objects.get(name="Convenors"))
    page.goto(live_demo.url + "/admin/login/")
    page.fill("#id_username", "convenor")
    page.fill("#id_password", "a long convenor password")
    page.get_by_role("button", name=re.compile("Sign in|Log in")).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    review = page.get_by_role("region", name="Awaiting your review")
    assert "Saturday swim club for everyone" in review.inner_text()

    page.goto(live_demo.url + f"/admin/pages/{draft.pk}/edit/")
    # The draft's editor shows who sent it (the dashboard's "Awaiting your
    # review" above is Wagtail saying it is in moderation, waiting for them).
    body = page.locator("body").inner_text()
    assert "Suggested by a member of the public" in body
    assert "marta@example.org" in body
