"""How many bytes a page transfers in Chromium at 1280 px with a cold cache.

    .venv/bin/python bench/page_weight.py http://127.0.0.1:8000 / /blog/people-power-training/

Serve the site as production does for a fair figure (compressed CSS and fonts), for
example `manage.py runserver --nostatic` (WhiteNoise and GZip then serve static files).
It prints each page's total on load and once every lazy picture has been scrolled into
view, by type, and the largest requests. A measurement, not a test: the budget is in
the README ("Illustrations").
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from socialcarefuture.publishing.guide_screenshots import CHROMIUM_ARGS as ARGS  # noqa: E402


def measure(browser, url, scroll):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes, kinds = {}, {}
    cdp.on(
        "Network.responseReceived",
        lambda e: kinds.__setitem__(e["requestId"], (e["response"]["url"], e["type"])),
    )
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    if scroll:
        for y in range(0, page.evaluate("document.body.scrollHeight"), 600):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(60)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
    context.close()
    return [(kinds.get(request, ("?", "?")), size) for request, size in sizes.items()]


def main(base, paths):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for path in paths:
            for scroll in (False, True):
                requests = measure(browser, base + path, scroll)
                by_type = {}
                for (_, kind), size in requests:
                    by_type[kind] = by_type.get(kind, 0) + size
                total = sum(size for _, size in requests)
                when = "all pictures" if scroll else "on load"
                parts = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(by_type.items()))
                print(f"{path} ({when}): {total / 1024:.1f} KB in {len(requests)} requests; {parts}")
            for (url, kind), size in sorted(requests, key=lambda item: -item[1])[:8]:
                print(f"    {size / 1024:6.1f} KB  {kind:10} {url.removeprefix(base)}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:] or ["/"])
