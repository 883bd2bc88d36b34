"""Take the pictures in the guide for convenors (static/img/guide/*.png).

They are screenshots of the real admin in Chromium at 1280 x 900 px, made
small with a 256-colour palette. To take them again after the admin changes:

1. Start a site with the demo content (``make run``, or ``/work/tools/serve.sh``)
   and give it a convenor (in the Convenors group, not a superuser), some
   mailing-list sign-ups, a post a contributor sent for approval and a post
   scheduled to go live, so the pictures show what a convenor really sees.
2. Run ``.venv/bin/python -m socialcarefuture.publishing.guide_screenshots
   http://127.0.0.1:8000 USERNAME PASSWORD`` (Playwright and Chromium, from the
   test requirements).
3. Look at every picture before committing it.
"""

import io
import re
import sys
from pathlib import Path

from PIL import Image

OUT = Path(__file__).resolve().parents[2] / "static" / "img" / "guide"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def save(page, name):
    """A screenshot of the window, as a small palette PNG."""
    picture = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    small = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    OUT.mkdir(parents=True, exist_ok=True)
    small.save(OUT / f"{name}.png", optimize=True)
    sys.stdout.write(f"{name}.png: {(OUT / f'{name}.png').stat().st_size // 1024} KB\n")


def settle(page):
    page.wait_for_load_state("load")
    page.wait_for_timeout(800)


def open_side_panel(page, name):
    """Open the editor's side panel (the editor remembers the last one open)."""
    toggle = page.locator(f"[data-side-panel-toggle='{name}']")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.locator(f"[data-side-panel='{name}']").wait_for(state="visible")


def edit_url_in(page, panel_heading):
    """The first editor link in the dashboard panel with this heading."""
    panel = page.locator("section", has=page.get_by_role("heading", name=panel_heading))
    return panel.locator("a[href$='/edit/']").first.get_attribute("href")


def take(base, username, password):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        settle(page)

        # The dashboard.
        page.goto(f"{base}/admin/")
        settle(page)
        save(page, "dashboard")
        review_url = edit_url_in(page, "Awaiting your review")

        # A live post in the editor, with the preview panel open.
        page.goto(f"{base}/admin/pages/search/?q=twenty+council+areas")
        settle(page)
        live_url = page.locator("a[href$='/edit/']", has_text="Twenty council areas").first.get_attribute(
            "href"
        )
        page.goto(base + live_url)
        settle(page)
        open_side_panel(page, "preview")
        page.frame_locator("#w-preview-iframe").locator("h1").wait_for()
        settle(page)
        save(page, "editor-preview")

        # The publishing schedule on that live post.
        page.goto(base + live_url)
        settle(page)
        open_side_panel(page, "status")
        page.locator("[data-side-panel='status']").get_by_role(
            "button", name=re.compile("(Set|Edit) schedule")
        ).click()
        page.get_by_label("Go live on").fill("24/12/2026 09:00")
        # Close the calendar (not the dialog) by clicking the dialog's heading.
        page.locator("#title-schedule-publishing-dialog").click()
        settle(page)
        save(page, "schedule")

        # Approving a post a contributor sent in.
        page.goto(base + review_url)
        settle(page)
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
        settle(page)
        save(page, "approve")

        # The mailing list.
        page.goto(f"{base}/admin/subscribers/")
        settle(page)
        save(page, "mailing-list")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    take(*sys.argv[1:])
