"""Helpers for the suggestion tests."""

import re

from django.core import mail

GOOD = {
    "name": "Priya Shah",
    "email": "Priya.Shah@Example.org",
    "connection": "I help to run it",
    "title": "Late-night gigs with a gig buddy",
    "place": "Bristol",
    "region": "south-west",
    "themes": ["friendship", "speaking-up"],
    "story": (
        "Volunteers who love music go to gigs with people with learning disabilities.\n\n"
        "Nights out no longer end at nine o'clock & everyone stays for the encore."
    ),
    "website": "night-owls.example.org",
    "consent": "on",
    "source": "/glimpses/share/",
}


def post_suggestion(client, capture, **changes):
    """POST the suggestion form; run what waits for the commit (sending email)."""
    data = {**GOOD, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    with capture(execute=True):
        return client.post("/glimpses/share/", data)


def link_in(message, kind):
    """A site link of one kind ("confirm", "withdraw") in an email's plain text, as a path."""
    match = re.search(rf"http://testserver(/glimpses/share/{kind}/[\w:-]+/)\s", message.body)
    assert match, message.body
    return match.group(1)


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]
