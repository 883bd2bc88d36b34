"""The admin in Chromium, as a convenor uses it: every page type shows in the
editor's preview panel; the dashboard (with the apps' panels) and the guide have no axe violations at
a phone's width and a desktop's; the guide is reachable by keyboard alone; a
new page is not saved behind the person's back."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from wagtail.models import Page, get_page_models

from socialcarefuture.publishing.roles import CONVENORS
from tests.browser.axe import assert_no_axe_violations

PASSWORD = "a long and memorable passphrase"


@pytest.fixture
def convenor(live_demo):
    # Not pytest-django's django_user_model: it asks for ``db``, whose
    # transaction would keep the account from the live server.
    user = get_user_model().objects.create_user(
        "rowan", "rowan@people.example", PASSWORD, first_name="Rowan", last_name="Convenor"
    )
    user.groups.add(Group.objects.get(name=CONVENORS))
    return user


def log_in(page, server, user):
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server.url + "/admin/")


def page_types_with_a_demo_page():
    """Each page type and one live page of it from the demo (every type the
    site has, so a new app's pages are covered as soon as its demo has one)."""
    found = {}
    for model in get_page_models():
        if model is Page or model._meta.abstract:
            continue
        page = model.objects.live().order_by("path").first()
        found[model._meta.label] = page
    return found


def test_every_page_type_shows_in_the_preview_panel(live_demo, page, convenor):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_demo, convenor)
    found = page_types_with_a_demo_page()
    assert None not in found.values(), (
        f"the demo has no live page of {[k for k, v in found.items() if v is None]}"
    )
    for label, demo_page in found.items():
        page.goto(f"{live_demo.url}/admin/pages/{demo_page.pk}/edit/")
        # The editor remembers the side panel last open: open the preview only if it is shut.
        toggle = page.locator('[data-side-panel-toggle="preview"]')
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        # The panel first shows "Preview not available" until the editor has sent
        # the form; wait for this page's own title inside the frame.
        expected = demo_page.specific.seo_title or demo_page.title
        try:
            page.wait_for_function(
                """expected => {
                    const frame = document.querySelector('#w-preview-iframe');
                    const doc = frame && frame.contentDocument;
                    return doc && doc.title.startsWith(expected) && doc.querySelector('h1');
                }""",
                arg=expected,
                timeout=15000,
            )
        except PlaywrightTimeoutError:
            title = page.evaluate("document.querySelector('#w-preview-iframe')?.contentDocument?.title")
            pytest.fail(f"{label}: the preview panel shows {title!r}, not {expected!r}")
        heading = page.frame_locator("#w-preview-iframe").locator("h1").first
        assert heading.inner_text().strip(), f"{label}: the preview shows no heading"
        assert page.locator(".w-preview__error-banner:visible").count() == 0, f"{label}: preview error"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_dashboard_and_the_guide_have_no_axe_violations(live_demo, page, convenor, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_demo, convenor)
    assert page.get_by_role("heading", level=1).inner_text() == "Social Care Future"
    assert page.get_by_role("link", name="Write a new blog post").is_visible()
    # The apps' own panels are checked too.
    for heading in ("Next gatherings", "Pledge signatures"):
        assert page.get_by_role("heading", name=heading, level=2).is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Guide for convenors").click()
    page.wait_for_url("**/admin/guide/")
    assert page.get_by_role("heading", level=1).inner_text() == "Guide for convenors"
    assert_no_axe_violations(page)


def test_the_guide_is_reached_by_keyboard_alone(live_demo, page, convenor):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_demo, convenor)
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Guide for convenors":
            break
    else:
        pytest.fail("Tab never reached the guide link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/guide/")
    page.get_by_role("link", name="Publish at a set time").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#schedule"


def test_a_half_written_new_page_leaves_nothing_behind(live_demo, page, convenor):
    from blog.models import BlogIndexPage, BlogPostPage

    blog = BlogIndexPage.objects.get()
    before = BlogPostPage.objects.count()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_demo, convenor)
    page.goto(f"{live_demo.url}/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    assert page.get_by_text("Not saved yet: choose Save draft").is_visible()
    page.locator("#id_title").fill("A post I will not finish")
    page.locator("#id_introduction").fill("Half a thought")
    page.wait_for_timeout(2500)  # longer than Wagtail's autosave interval
    page.on("dialog", lambda dialog: dialog.accept())  # "leave this page?"
    page.goto(f"{live_demo.url}/admin/")
    assert BlogPostPage.objects.count() == before
