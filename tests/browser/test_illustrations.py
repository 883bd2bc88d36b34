"""The demo's pictures in Chromium: every one loads as an SVG, each card shows a
different one, and together they stay light enough for the page budgets
(vision page 80 KB in all, a post 120 KB; see README, "Illustrations")."""

import pytest


def transferred_pictures(browser, url):
    """Load ``url`` at 1280 px with a cold cache, scroll every lazy picture into view,
    and return the pictures shown and the bytes of pictures transferred (on load, in all)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    pictures, sizes = {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda e: (
            pictures.__setitem__(e["requestId"], e["response"]["url"]) if e["type"] == "Image" else None
        ),
    )
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    try:
        page.goto(url, wait_until="networkidle")
        on_load = sum(sizes.get(request, 0) for request in pictures if "/media/" in pictures[request])
        for y in range(0, page.evaluate("document.body.scrollHeight"), 600):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(50)
        page.wait_for_load_state("networkidle")
        page.wait_for_function("[...document.querySelectorAll('.figure__img')].every(i => i.complete)")
        shown = page.locator(".figure__img").evaluate_all(
            "images => images.map(i => ({src: i.currentSrc, width: i.naturalWidth, alt: i.alt}))"
        )
        in_all = sum(sizes.get(request, 0) for request in pictures if "/media/" in pictures[request])
    finally:
        context.close()
    return shown, on_load, in_all


@pytest.mark.parametrize(
    ("path", "on_load_budget", "in_all_budget"), [("/", 30_000, 60_000), ("/blog/", 40_000, 70_000)]
)
def test_pictures_load_as_svg_each_its_own_and_light(
    shared_live_demo, browser, path, on_load_budget, in_all_budget
):
    shown, on_load, in_all = transferred_pictures(browser, shared_live_demo.url + path)
    assert len(shown) >= 6
    for picture in shown:
        assert picture["src"].endswith(".svg") and picture["width"] > 0 and picture["alt"], picture
    assert len({picture["src"] for picture in shown}) == len(shown), "two cards show the same picture"
    assert 0 < on_load <= on_load_budget, f"{path}: pictures on load transferred {on_load} bytes"
    assert on_load < in_all <= in_all_budget, f"{path}: pictures transferred {in_all} bytes in all"
