import re

import pytest
from django.core import mail

from tests.confirmations.smtp import smtp_server  # noqa: F401 - a fixture
from tests.pledge.factories import PledgePageFactory

GOOD = {
    "name": "Rowan Ellis",
    "role": "Events Lead",
    "organisation": "Fernbrook Forum",
    "organisation_type": "events",
    "email": "Rowan.Ellis@Example.org",
    "comment": "Glad to sign.",
    "listed": "on",
    "source": "/pledge/",
}


@pytest.fixture
def pledge(home_page):
    """A live pledge page at /pledge/ under an otherwise empty vision page."""
    return PledgePageFactory(parent=home_page)


@pytest.fixture
def sign(client, django_capture_on_commit_callbacks):
    """``sign(**changes)``: POST the form as a visitor would; run what waits for
    the commit (sending email)."""

    def post(client=client, **changes):
        data = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/pledge/sign/", data)

    return post


def links_in(message):
    """Site links in an email's plain text, as paths, by kind."""
    found = {}
    for kind in ("confirm", "withdraw", "signed"):
        match = re.search(rf"http://testserver(/pledge/{kind}/[^/\s]+/)", message.body)
        if match:
            found[kind] = match.group(1)
    return found


def last_email(to=None):
    messages = [message for message in mail.outbox if to is None or message.to == [to]]
    assert messages, "no email was sent"
    return messages[-1]
