"""Helpers for the mailing-list tests."""

import re

from django.core import mail

from socialcarefuture.mailing_list.models import CONSENT

GOOD = {
    "email": "Sam.Lee@Example.org",
    "name": "Sam Lee",
    "interests": ["gatherings", "local"],
    "consent": "on",
    "source": "/about/",
}


def post_signup(client, capture, **changes):
    """POST the sign-up form; run what waits for the commit (sending email)."""
    data = {**GOOD, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    with capture(execute=True):
        return client.post("/mailing-list/", data)


def redirect(response):
    """A response's status and where it sends the browser, to compare in one go."""
    return response.status_code, response.get("Location")


def links_in(message):
    """Site links in an email's plain text, as paths, by kind."""
    found = {}
    for kind in ("confirm", "preferences", "unsubscribe"):
        match = re.search(rf"http://testserver(/mailing-list/{kind}/[^/\s]+/)", message.body)
        if match:
            found[kind] = match.group(1)
    return found


def last_email():
    assert mail.outbox, "no email was sent"
    return mail.outbox[-1]


__all__ = ["CONSENT", "GOOD", "last_email", "links_in", "post_signup", "redirect"]
