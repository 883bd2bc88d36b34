"""The weight budget, as a phone on a first visit would pay it: the demo served
as production serves it (gunicorn, production settings, compressed and hashed
static files, PostgreSQL), Chromium with an empty cache, every picture on the
page loaded (scrolled to the end), counting the bytes that crossed the wire.

The vision page is at most 80 KB and a blog post at most 120 KB, nothing comes
from another site, and nothing moves once drawn (layout shift 0).
"""

from contextlib import ExitStack

import pytest

from tests.conftest import media_root
from tests.security.gunicorn import gunicorn, shared_static_root

pytestmark = pytest.mark.postgres

BUDGETS = [("/", 80), ("/blog/twenty-council-areas-one-vision/", 120)]

RECORD_SHIFTS = """
window.__shift = 0;
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) window.__shift += entry.value; }
}).observe({type: 'layout-shift', buffered: true});
"""

WEIGHT = """() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return {
        bytes: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
        elsewhere: entries.map(entry => entry.name).filter(url => new URL(url).origin !== location.origin),
        files: entries.map(entry => [entry.name.split('/').pop(), entry.transferSize]),
    };
}"""


@pytest.fixture(scope="module")
def _running():
    """Keeps one gunicorn for the whole module (started by the first test)."""
    with ExitStack() as stack:
        yield {"stack": stack}


@pytest.fixture
def production_demo(shared_live_demo, _demo_databases, _running, tmp_path_factory, django_db_blocker):
    # Serves the copy of the demo that read-only browser tests share.
    if "url" not in _running:
        with django_db_blocker.unblock():
            database = _demo_databases.shared_copy()
        static_root = shared_static_root(tmp_path_factory)
        env = {
            "DATABASE_URL": f"postgres:///{database['NAME']}",
            "MEDIA_ROOT": str(media_root(tmp_path_factory)),
            "SERVE_MEDIA": "1",
        }
        server = _running["stack"].enter_context(
            gunicorn(static_root, tmp_path_factory.mktemp("weight-logs"), **env)
        )
        _running["url"] = f"http://127.0.0.1:{server.port}"
    return _running["url"]


@pytest.mark.parametrize("width", [1280])  # the widest: the largest pictures
@pytest.mark.parametrize(("path", "budget_kb"), BUDGETS)
def test_a_first_visit_stays_within_the_weight_budget(production_demo, page, path, budget_kb, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(RECORD_SHIFTS)
    page.goto(production_demo + path, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    # Down to the end, so every lazy picture loads, then wait for them all.
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
        " window.scrollTo(0, y); await new Promise(done => setTimeout(done, 50)); } }"
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_function("Array.from(document.images).every(img => img.complete)")
    weight = page.evaluate(WEIGHT)
    assert weight["elsewhere"] == []
    assert weight["bytes"] <= budget_kb * 1024, (
        f"{path} at {width} px: {weight['bytes'] / 1024:.1f} KB, budget {budget_kb} KB: {weight['files']}"
    )
    assert page.evaluate("window.__shift") == 0
