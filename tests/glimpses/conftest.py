import pytest

from tests.confirmations.smtp import smtp_server  # noqa: F401 - a fixture
from tests.glimpses.factories import GlimpseIndexPageFactory, GlimpsePageFactory, GlimpseThemeFactory


@pytest.fixture
def glimpses(home_page):
    """An empty glimpses page at /glimpses/ under the vision page."""
    return GlimpseIndexPageFactory(parent=home_page)


@pytest.fixture
def make_glimpse(glimpses):
    """``make_glimpse(title, **fields)``: a live glimpse on the glimpses page."""

    def make(title=None, **fields):
        if title:
            fields.setdefault("title", title)
        return GlimpsePageFactory(parent=glimpses, **fields)

    return make


@pytest.fixture
def themes(db):
    """Three themes, by slug."""
    return {
        "friendship": GlimpseThemeFactory(
            name="Friendship and belonging",
            slug="friendship",
            icon="people",
            description="Friends and nights out.",
        ),
        "speaking-up": GlimpseThemeFactory(name="Speaking up", slug="speaking-up", icon="speech"),
        "home": GlimpseThemeFactory(name="A home of your own", slug="home", icon="home"),
    }
