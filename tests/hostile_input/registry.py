"""Every public form and filter on the site, for the hostile-input suite
(test_public_forms.py). A new public form joins it with one entry here.

``setup`` receives the vision page of an otherwise empty site and builds what
the form needs (a gathering to book, the pledge page…); it returns the form's
path. ``valid`` is a submission that succeeds; the suite replaces one field at a
time with something hostile. ``text_fields`` are the fields people type into.
"""

from dataclasses import dataclass, field

from tests.blog.factories import BlogIndexPageFactory
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

FILTERS = [
    PublicFilter(name="site search", setup=_search, params=("q",)),
    PublicFilter(name="blog", setup=_blog, params=("q", "category", "tag", "author", "year")),
    PublicFilter(name="pledge signatories", setup=_signatories, params=("q", "type")),
]
