"""Visual regression: the main page types at 390 and 1280 px, as Chromium draws
them, against the baseline pictures committed in ``tests/browser/visual/``.

The pictures are whole pages, halved and reduced to 64 colours so the baseline
stays small. A page passes when it is about as tall as its baseline and no more
than a small share of its pixels changed (dates that move with the calendar and
text antialiasing stay inside that tolerance; a changed layout, colour or
picture does not). A failing page leaves the new picture and a difference map
in ``tests/browser/visual/failures/`` to look at.

After an intended change of look, look at the pages, then refresh the baseline:

    make visual-baseline
"""

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops

HERE = Path(__file__).resolve().parent / "visual"
FAILURES = HERE / "failures"
UPDATE = os.environ.get("UPDATE_VISUAL_BASELINE") == "1"
WIDTHS = (390, 1280)
# A pixel counts as changed when a colour channel moved by more than this (0-255)...
PIXEL_TOLERANCE = 64
# ...and a page fails when more than this share of its pixels changed,
MAX_CHANGED = 0.02
# or its height changed by more than this share.
MAX_HEIGHT_CHANGE = 0.03

PAGES = {
    "vision": "/",
    "standard": "/about/",
    "easy-read": "/about-easy-read/",
    "blog-listing": "/blog/",
    "blog-post": "/blog/twenty-council-areas-one-vision/",
    "gatherings": "/gatherings/",
    "gathering": "/gatherings/leeds-a-good-life-at-home/",
    "glimpses": "/glimpses/",
    "glimpse": "/glimpses/a-time-bank-in-a-cornish-town/",
    "pledge": "/pledge/",
    # One result, so its order cannot differ between search backends.
    "search": "/search/?q=Falmouth",
}


#: Browser contexts whose cache already holds the web fonts.
_fonts_fetched = set()


def picture(page, url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(reduced_motion="reduce")
    if id(page.context) not in _fonts_fetched:
        # The fonts say `font-display: optional`: one not there within about
        # 100 ms is not used at all on that page (no shift when it arrives). On
        # a busy machine the first page could miss them and be drawn in the
        # fallback font; fetched once into the context's cache, they are there
        # in time on every page after.
        page.goto(url)
        page.evaluate("Promise.all(Array.from(document.fonts, face => face.load()))")
        _fonts_fetched.add(id(page.context))
    page.goto(url)
    # Every picture loaded, lazy or not, and the web fonts in place.
    page.evaluate(
        "Promise.all([document.fonts.ready, ...Array.from(document.images, img => {"
        " img.loading = 'eager'; return img.complete ? null : new Promise(done => {"
        " img.onload = img.onerror = done; }); })])"
    )
    path = FAILURES / f".shot-{os.getpid()}.png"
    FAILURES.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    with Image.open(path) as shot:
        small = shot.convert("RGB").resize((shot.width // 2, shot.height // 2), Image.Resampling.LANCZOS)
    path.unlink()
    return small.quantize(colors=64, dither=Image.Dither.NONE)


def compare(actual, baseline):
    """The share of pixels that changed, and the difference map."""
    height = min(actual.height, baseline.height)
    box = (0, 0, min(actual.width, baseline.width), height)
    difference = ImageChops.difference(actual.convert("RGB").crop(box), baseline.convert("RGB").crop(box))
    changed = difference.point(lambda value: 255 if value > PIXEL_TOLERANCE else 0).convert("L")
    changed = changed.point(lambda value: 255 if value else 0)
    count = changed.histogram()[255]
    return count / (box[2] * box[3]), changed


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_looks_as_it_did(shared_live_demo, shared_page, name, width):
    actual = picture(shared_page, shared_live_demo.url + PAGES[name], width)
    baseline_path = HERE / f"{name}-{width}.png"
    if UPDATE:
        actual.save(baseline_path, optimize=True)
        return
    assert baseline_path.exists(), f"No baseline for {name} at {width} px: run `make visual-baseline`"
    with Image.open(baseline_path) as baseline:
        baseline.load()
    height_change = abs(actual.height - baseline.height) / baseline.height
    share, changed = compare(actual, baseline)
    if height_change > MAX_HEIGHT_CHANGE or share > MAX_CHANGED:
        FAILURES.mkdir(exist_ok=True)
        actual.save(FAILURES / f"{name}-{width}.png")
        changed.save(FAILURES / f"{name}-{width}-changed.png")
    assert height_change <= MAX_HEIGHT_CHANGE, (
        f"{name} at {width} px is {actual.height * 2} px tall, the baseline {baseline.height * 2} px "
        f"(see {FAILURES}); if the change is intended, run `make visual-baseline`"
    )
    assert share <= MAX_CHANGED, (
        f"{share:.1%} of {name} at {width} px changed (see {FAILURES}); "
        "if the change is intended, run `make visual-baseline`"
    )
