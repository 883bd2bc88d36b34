"""Every public form, filter and login form on the site, for the hostile-input
suite (test_public_forms.py). A new public form joins it with one entry here.

``setup`` receives the vision page of an otherwise empty site and builds what
the form needs (a gathering to book, the pledge page…); it returns the form's
path. ``valid`` is a submission that succeeds; the suite replaces one field at a
time with something hostile. ``text_fields`` are the fields people type into.
"""

from dataclasses import dataclass, field

from tests.blog.factories import BlogIndexPageFactory
from tests.gatherings.factories import GatheringIndexPageFactory, GatheringPageFactory
from tests.glimpses.factories import GlimpseIndexPageFactory, GlimpsePageFactory, GlimpseThemeFactory
from tests.pledge.factories import PledgePageFactory


@dataclass(frozen=True)
class PublicForm:
    """A form that stores something when it is sent (POST)."""

    name: str
    setup: object  # (home_page) -> path
    valid: dict
    text_fields: tuple
    email_field: str = "email"
    #: Whether the form carries a CSRF token and refuses a request without one.
    #: The footer's mailing-list form does not, on purpose (see the README).
    csrf: bool = True
    #: What a successful submission answers: a redirect (303) to this page.
    success_status: int = 303

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class LoginForm:
    """A form that logs someone in: throttled, and never says who has an account."""

    name: str
    setup: object  # (home_page) -> path of the page with the form
    #: Field names: what is typed as the username and as the password.
    username_field: str = "username"
    password_field: str = "password"
    #: Where the form posts, if not to its own page.
    action: str = ""

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class PublicFilter:
    """A GET form: a search box or a listing's filters."""

    name: str
    setup: object  # (home_page) -> path
    params: tuple
    paginated: bool = True
    extra: dict = field(default_factory=dict)

    def __str__(self):
        return self.name


def _mailing_list(home_page):
    return "/mailing-list/"


def _search(home_page):
    return "/search/"


def _blog(home_page):
    BlogIndexPageFactory(parent=home_page)
    return "/blog/"


def _gatherings(home_page):
    index = GatheringIndexPageFactory(parent=home_page)
    GatheringPageFactory(parent=index)
    return "/gatherings/"


def _booking(home_page):
    index = GatheringIndexPageFactory(parent=home_page)
    return f"/bookings/{GatheringPageFactory(parent=index).pk}/"


def _glimpses(home_page):
    """The glimpses page with a theme and one glimpse; its form is /glimpses/share/."""
    index = GlimpseIndexPageFactory(parent=home_page)
    theme = GlimpseThemeFactory(name="Speaking up", slug="speaking-up")
    GlimpsePageFactory(parent=index, themes=[theme])
    return "/glimpses/"


def _glimpse_suggestion(home_page):
    return _glimpses(home_page) + "share/"


def _pledge_form(home_page):
    PledgePageFactory(parent=home_page)
    return "/pledge/sign/"


def _signatories(home_page):
    PledgePageFactory(parent=home_page)
    return "/pledge/signatories/"


FORMS = [
    PublicForm(
        name="mailing list",
        setup=_mailing_list,
        valid={
            "email": "sam.lee@example.org",
            "name": "Sam Lee",
            "interests": "gatherings",
            "consent": "on",
            "source": "/",
        },
        text_fields=("email", "name"),
        csrf=False,
    ),
    PublicForm(
        name="gathering booking",
        setup=_booking,
        valid={
            "name": "Sam Lee",
            "email": "sam.lee@example.org",
            "access_needs": "A seat near the door, please.",
            "consent": "on",
            "source": "/gatherings/",
        },
        text_fields=("name", "email", "access_needs"),
        # The form sits on the gathering's cached page; booking is double opt-in (gatherings/views.py).
        csrf=False,
    ),
    PublicForm(
        name="glimpse suggestion",
        setup=_glimpse_suggestion,
        valid={
            "name": "Priya Shah",
            "email": "priya.shah@example.org",
            "connection": "I help to run it",
            "title": "Late-night gigs with a gig buddy",
            "place": "Bristol",
            "region": "south-west",
            "themes": "speaking-up",
            "story": "Volunteers who love music go to gigs with people with learning disabilities.",
            "website": "https://night-owls.example.org",
            "consent": "on",
            "source": "/glimpses/share/",
        },
        text_fields=("email", "name", "connection", "title", "place", "story", "website"),
    ),
    PublicForm(
        name="pledge",
        setup=_pledge_form,
        valid={
            "name": "Sam Lee",
            "role": "Events lead",
            "organisation": "Fernbrook Forum",
            "organisation_type": "events",
            "email": "sam.lee@example.org",
            "comment": "Glad to sign.",
            "listed": "on",
            "source": "/pledge/",
        },
        text_fields=("email", "name", "role", "organisation", "comment"),
        csrf=False,
    ),
]

LOGIN_FORMS = [
    LoginForm(name="admin login", setup=lambda home_page: "/admin/login/"),
    LoginForm(name="login for restricted pages", setup=lambda home_page: "/_util/login/"),
]

FILTERS = [
    PublicFilter(name="site search", setup=_search, params=("q",)),
    PublicFilter(name="blog", setup=_blog, params=("q", "category", "tag", "author", "year")),
    PublicFilter(name="gatherings", setup=_gatherings, params=("when", "format", "region")),
    PublicFilter(name="glimpses", setup=_glimpses, params=("theme", "region")),
    PublicFilter(name="pledge signatories", setup=_signatories, params=("q", "type")),
]
