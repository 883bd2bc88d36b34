"""The demo's pictures in Chromium: every one loads as an SVG, each card shows a
different one, and together they stay light enough for the page budgets
(vision page 80 KB in all, a post 120 KB; see README, "Illustrations").

The test server does not always compress what it sends, so the weight counted is
each picture the page loaded, gzip-compressed as the production server and CDN
send SVG; ``bench/page_weight.py`` measures whole pages as served."""

import gzip

import pytest


def pictures_loaded(browser, url):
    """Load ``url`` at 1280 px with a cold cache, then scroll every lazy picture into
    view; return the pictures shown, and the media loaded on load and in all."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    loaded = []
    page.on(
        "requestfinished", lambda request: loaded.append(request.url) if "/media/" in request.url else None
    )
    try:
        page.goto(url, wait_until="networkidle")
        on_load = list(loaded)
        for y in range(0, page.evaluate("document.body.scrollHeight"), 600):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(50)
        page.wait_for_load_state("networkidle")
        page.wait_for_function("[...document.querySelectorAll('.figure__img')].every(i => i.complete)")
        shown = page.locator(".figure__img").evaluate_all(
            "images => images.map(i => ({src: i.currentSrc, width: i.naturalWidth, alt: i.alt}))"
        )
        compressed = {
            address: len(gzip.compress(page.request.get(address).body())) for address in set(loaded)
        }
    finally:
        context.close()
    return shown, sum(compressed[address] for address in set(on_load)), sum(compressed.values())


@pytest.mark.parametrize(
    ("path", "on_load_budget", "in_all_budget"), [("/", 30_000, 60_000), ("/blog/", 40_000, 70_000)]
)
def test_pictures_load_as_svg_each_its_own_and_light(
    shared_live_demo, browser, path, on_load_budget, in_all_budget
):
    shown, on_load, in_all = pictures_loaded(browser, shared_live_demo.url + path)
    assert len(shown) >= 6
    for picture in shown:
        assert picture["src"].endswith(".svg") and picture["width"] > 0 and picture["alt"], picture
    assert len({picture["src"] for picture in shown}) == len(shown), "two cards show the same picture"
    assert 0 < on_load <= on_load_budget, f"{path}: pictures on load weigh {on_load} bytes compressed"
    assert on_load < in_all <= in_all_budget, f"{path}: pictures weigh {in_all} bytes compressed in all"
