import pytest

from tests.gatherings.factories import GatheringIndexPageFactory


@pytest.fixture(autouse=True)
def _fast_tasks(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def index_page(home_page):
    return GatheringIndexPageFactory(parent=home_page)


class _SendAtOnce:
    """Stands in for django.db.transaction in the outbox module: the test's
    transaction is never committed, so emails are sent as soon as they are stored."""

    @staticmethod
    def on_commit(func, using=None, robust=False):
        func()


@pytest.fixture
def emails_at_once(monkeypatch):
    from socialcarefuture.confirmations import emails

    monkeypatch.setattr(emails, "transaction", _SendAtOnce)
