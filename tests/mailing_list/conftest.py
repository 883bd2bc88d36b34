import pytest

from tests.confirmations.smtp import smtp_server  # noqa: F401 - a fixture


@pytest.fixture
def site(home_page):
    """The page tree the public pages need (base.html reads the site settings)."""
    return home_page
