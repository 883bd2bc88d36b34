"""Shared fixtures: the page tree, the browser, and the skip/require rules.

Browser tests (in tests/browser/, marked ``browser``) drive Debian's Chromium
through Playwright. Without /usr/bin/chromium they are skipped with a reason,
unless REQUIRE_BROWSER=1, when they fail. Tests marked ``postgres`` do the same
with REQUIRE_POSTGRES=1.
"""

import os
import shutil
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


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. Rolled-back rows free their ids
    for reuse, and a rendition or rate-limit count cached under an old id
    must not leak into the next test."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home_page(db):
    """A site whose root is an empty vision page (no demo content)."""
    from tests.factories import build_site

    return build_site()


def _load_demo():
    from django.core.management import call_command

    from socialcarefuture.models import HomePage

    with open(os.devnull, "w") as devnull:
        call_command("load_demo_content", stdout=devnull)
    return HomePage.objects.get()


@pytest.fixture
def demo_site(db):
    """The full demo content, as `make run` loads it."""
    return _load_demo()


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
def live_demo(migrated_data, browser, committed_db, live_server):
    """A live server showing the demo content, for browser tests."""
    _load_demo()
    return live_server


@pytest.fixture
def live_site(migrated_data, browser, committed_db, live_server):
    """A live server with an empty vision page at the root (no demo content)."""
    from tests.factories import build_site

    build_site()
    return live_server
