"""Shared fixtures: the page tree, the browser, and the skip/require rules.

Browser tests (in tests/browser/, marked ``browser``) drive Debian's Chromium
through Playwright. Without /usr/bin/chromium they are skipped with a reason,
unless REQUIRE_BROWSER=1, when they fail. Tests marked ``postgres`` do the same
with REQUIRE_POSTGRES=1, and tests marked ``redis`` (which start Debian's
redis-server themselves) with REQUIRE_REDIS=1.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses
# ORM calls from such a thread unless told it is safe (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
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


def _flag(name):
    return os.environ.get(name, "").strip() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent / "browser"
    have_chromium = Path(CHROMIUM).exists() or shutil.which(CHROMIUM)
    have_redis = shutil.which("redis-server") or Path("/usr/bin/redis-server").exists()
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") and not have_chromium:
            reason = f"Chromium not found at {CHROMIUM}"
            if _flag("REQUIRE_BROWSER"):
                item.user_properties.append(("require_failed", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason + " (set REQUIRE_BROWSER=1 to fail instead)"))
        if item.get_closest_marker("redis") and not have_redis:
            reason = "redis-server not found (apt-get install redis-server)"
            if _flag("REQUIRE_REDIS"):
                item.user_properties.append(("require_failed", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason + "; set REQUIRE_REDIS=1 to fail instead"))
        if item.get_closest_marker("postgres") and not on_postgres:
            reason = "needs PostgreSQL (set DATABASE_URL)"
            if _flag("REQUIRE_POSTGRES"):
                item.user_properties.append(("require_failed", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason + "; set REQUIRE_POSTGRES=1 to fail instead"))


def pytest_runtest_setup(item):
    for key, reason in item.user_properties:
        if key == "require_failed":
            pytest.fail(f"Required but unavailable: {reason}", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium, never a browser downloaded by Playwright."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _shared_browser_context(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def shared_page(_shared_browser_context):
    """A new tab in one browser context that read-only page checks share, so the
    site's styles, fonts, scripts and pictures come from the browser's cache
    after the first test instead of from the live server every time. Tests
    that type, click or log in use pytest-playwright's ``page`` (a fresh
    context each)."""
    page = _shared_browser_context.new_page()
    yield page
    page.close()


def media_root(tmp_path_factory):
    """One throwaway media folder per test process: the demo's pictures and
    documents are written there once, and every test reads them from there."""
    return tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = media_root(tmp_path_factory)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. Rolled-back rows free their ids
    for reuse, and a rendition or rate-limit count cached under an old id
    must not leak into the next test. So does what a worker keeps in its own
    memory (the pages served and the pages that answered addresses lately)."""
    from django.core.cache import caches

    from socialcarefuture import page_cache, queries

    for cache in caches.all():
        cache.clear()
    page_cache.recent.clear()
    queries.answered.clear()


@pytest.fixture
def home_page(db):
    """A site whose root is an empty vision page (no demo content)."""
    from tests.factories import build_site

    return build_site()


# The demo content, loaded once per test process ------------------------------------------
#
# See tests/demo_db.py for how the demo is kept and copied on PostgreSQL and SQLite.

DEMO_FIXTURES = {"demo_site", "live_demo", "shared_live_demo"}
_demo_key = pytest.StashKey()


def _load_demo():
    """Load the demo, then look at every page once, as the first visitors of a
    real site would: the pictures' renditions are made and kept then, instead
    of again in every test that shows them."""
    from django.core.management import call_command
    from django.test import Client
    from wagtail.models import Page

    with open(os.devnull, "w") as devnull:
        call_command("load_demo_content", stdout=devnull)
    # A page that fails here fails its own test; it must not stop the build.
    visitor = Client(raise_request_exception=False)
    for page in Page.objects.live().filter(depth__gte=2).specific():
        visitor.get(page.url)
    visitor.get("/blog/?page=2")


def _remove_the_placeholder_page():
    """Delete the "Welcome" page Wagtail's first migration makes (and the site
    that points at it), once, in the freshly migrated test database: every test
    site and the demo replace it anyway, and deleting a page costs a tenth of a
    second, which in every test that builds a site added up to minutes."""
    from wagtail.models import Page

    for placeholder in Page.objects.filter(depth=2):
        placeholder.delete()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request, tmp_path_factory):
    """pytest-django's test database, plus (when any collected test needs it)
    the demo content, loaded once for this process.

    It is built here, straight after the migrations, because later the test
    database may be empty: transactional tests flush it when they finish. At
    the end of the run the demo must hold exactly what it held at the start
    (row counts and contents per table), or the run fails: a test that commits
    into the shared demo would make others pass or fail by order.
    """
    from django.test.utils import override_settings, setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from tests.demo_db import demo_databases_for

    demo = test_databases = None
    # pytest-django has made the test database if any collected test asks for
    # one (the same rule as its own django_db_setup).
    made = "default" in _get_databases_for_setup(request.session.items)[0]
    if made:
        with django_db_blocker.unblock():
            _remove_the_placeholder_page()
    if any(DEMO_FIXTURES & set(getattr(item, "fixturenames", ())) for item in request.session.items):
        with django_db_blocker.unblock():
            if not made:
                # pytest-django creates the test database only when some test asks
                # for `db` (or similar); the browser tests alone do not.
                test_databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
                _remove_the_placeholder_page()
            demo = demo_databases_for()
            with override_settings(MEDIA_ROOT=media_root(tmp_path_factory)):
                demo.build(_load_demo)
    request.config.stash[_demo_key] = demo
    yield
    if demo is not None:
        with django_db_blocker.unblock():
            try:
                demo.check_unchanged()
            finally:
                demo.destroy()
                if test_databases:
                    teardown_databases(test_databases, verbosity=0)


@pytest.fixture
def _demo_databases(request, django_db_setup):
    demo = request.config.stash.get(_demo_key, None)
    if demo is None:
        raise pytest.UsageError(
            "The demo was not built: request demo_site, live_demo or shared_live_demo "
            "as a fixture argument, not through getfixturevalue()."
        )
    return demo


def _commits(request):
    """Whether pytest-django runs this test without a rolled-back transaction."""
    from pytest_django.fixtures import validate_django_db

    marker = request.node.get_closest_marker("django_db")
    transaction, reset_sequences = validate_django_db(marker)[:2] if marker else (False, False)
    names = set(request.fixturenames)
    return bool(
        transaction
        or reset_sequences
        or names & {"transactional_db", "live_server", "django_db_reset_sequences"}
    )


@pytest.fixture
def _demo_under_the_transaction(request, django_db_blocker):
    """For a test that asks for ``demo_site``: point the database connection at
    the demo before the test's transaction starts, and back after it has been
    rolled back."""
    if "demo_site" not in request.fixturenames:
        yield
        return
    if _commits(request):
        raise pytest.UsageError(
            f"{request.node.nodeid}: demo_site is rolled back after each test and shared by "
            "all of them; a test that commits (transactional_db, committed_db, live_server) "
            "would change it for the rest. Use live_demo, which gives the test its own copy."
        )
    demo = request.getfixturevalue("_demo_databases")
    with django_db_blocker.unblock(), demo.rolled_back():
        yield


@pytest.fixture
def _django_db_helper(_demo_under_the_transaction, _django_db_helper):
    """pytest-django's own ``_django_db_helper`` (which starts the test's
    transaction for ``db``, ``transactional_db`` and the ``django_db`` marker),
    with the demo switched in first.

    Wrapping this (private) fixture is what guarantees the order whatever the
    test asks for: ``admin_client`` before ``demo_site``, a ``django_db``
    marker (whose autouse fixture starts the transaction before any argument),
    and so on all reach the database through here.
    """
    yield


@pytest.fixture
def demo_site(db):
    """The full demo content, as `make run` loads it, for a test that uses the
    Django test client: loaded once per run (see ``django_db_setup``), and
    this test's changes are rolled back."""
    from socialcarefuture.models import HomePage

    return HomePage.objects.get()


@pytest.fixture(scope="session")
def _demo_server():
    """One live server per test process, told per test which database to serve."""
    from tests.live_server import DatabaseLiveServer

    server = DatabaseLiveServer()
    server.start_and_wait()
    yield server
    server.stop()


@contextmanager
def _serving(server, database, django_db_blocker):
    from django.test.utils import modify_settings

    server.serve(database)
    try:
        with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": server.host}):
            yield server
    finally:
        server.serve(None)


@pytest.fixture
def shared_live_demo(_demo_server, _demo_databases, django_db_blocker):
    """A live server showing the demo, for browser tests that only look.

    Every such test in this process shares one copy of the demo, so it must not
    change data that another test could see (searching records a hit and
    images get renditions; nothing asserts on those). The test sees the site
    only through the browser: its own database connection reaches the ordinary
    test database, not this copy.
    """
    with django_db_blocker.unblock():
        database = _demo_databases.shared_copy()
    with _serving(_demo_server, database, django_db_blocker) as server:
        yield server


@pytest.fixture
def live_demo(_demo_server, _demo_databases, django_db_blocker):
    """A live server showing the demo, for browser tests that change data (sign
    up, confirm...). The test and the server share a private copy of the demo,
    with data really committed (the test can check what the server stored),
    thrown away afterwards."""
    with django_db_blocker.unblock(), _demo_databases.private_copy() as database:
        with _serving(_demo_server, database, django_db_blocker) as server:
            yield server


# Committed data on the ordinary test database ------------------------------------------------


@pytest.fixture(scope="session")
def migrated_data(django_db_setup, django_db_blocker):
    """What Wagtail's migrations put in the empty database (root page, root
    collection, locale, groups), captured once at the start of the session."""
    from django.db import connections

    connection = connections["default"]
    with django_db_blocker.unblock():
        data = connection.creation.serialize_db_to_string()
    # Serialized rollback reads its copy from the connection object. Once
    # Playwright runs (greenlets give each their own context), Django hands out
    # fresh connection objects; a class attribute reaches every one of them.
    type(connection)._test_serialized_contents = data
    return data


@pytest.fixture
def committed_db(migrated_data, transactional_db, django_db_serialized_rollback):
    """A transactional database (data really committed, for a live server or
    parallel requests) that starts from what the migrations made.

    Use this instead of ``transactional_db``. ``transactional_db`` is in the
    signature, not fetched later: pytest-django decides whether a test is
    transactional from the fixture names it can see when the test starts, and
    otherwise wraps the test in one transaction that other threads' commits
    escape (and are never flushed).
    """


@pytest.fixture
def live_site(migrated_data, browser, committed_db, live_server):
    """A live server with an empty vision page at the root (no demo content)."""
    from tests.factories import build_site

    build_site()
    return live_server
