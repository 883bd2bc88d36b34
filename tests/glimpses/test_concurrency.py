"""At the same moment (PostgreSQL: real concurrent transactions): twelve
identical suggestions make one record, and one confirmation link followed
twice makes one draft glimpse."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from glimpses.models import GlimpsePage, GlimpseSuggestion
from socialcarefuture.confirmations.models import OutgoingEmail
from tests.factories import build_site
from tests.glimpses.factories import GlimpseIndexPageFactory, GlimpseThemeFactory
from tests.glimpses.helpers import GOOD, link_in

PARALLEL = 12


def at_once(count, action):
    """Run ``action(n)`` in ``count`` threads that start together; their results."""
    barrier = threading.Barrier(count)

    def run(n):
        barrier.wait()
        try:
            return action(n)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def glimpses_site(committed_db):
    home = build_site()
    GlimpseThemeFactory(name="Friendship and belonging", slug="friendship")
    GlimpseThemeFactory(name="Speaking up", slug="speaking-up")
    return GlimpseIndexPageFactory(parent=home)


@pytest.mark.postgres
def test_twelve_identical_suggestions_at_once_make_one_record(glimpses_site):
    def suggest(n):
        # Vary only what does not matter: case and spaces.
        data = {
            **GOOD,
            "email": (" " * (n % 3)) + (GOOD["email"].upper() if n % 2 else GOOD["email"]),
            "title": GOOD["title"].upper() if n % 3 else GOOD["title"],
        }
        return Client(REMOTE_ADDR=f"10.0.0.{n}").post("/glimpses/share/", data).status_code

    codes = at_once(PARALLEL, suggest)

    assert codes == [303] * PARALLEL
    suggestion = GlimpseSuggestion.objects.get()
    assert suggestion.status == "pending"
    assert sorted(theme.slug for theme in suggestion.themes.all()) == ["friendship", "speaking-up"]
    # One confirmation email: the repeats came within the resend cooldown.
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1
    assert suggestion.consents.count() == 1
    assert not GlimpsePage.objects.exists()


@pytest.mark.postgres
def test_following_the_confirmation_link_twice_at_once_makes_one_draft(glimpses_site):
    assert Client().post("/glimpses/share/", GOOD).status_code == 303
    path = link_in(mail.outbox[0], "confirm")

    codes = at_once(2, lambda n: Client().post(path).status_code)

    assert codes == [303, 303]
    assert GlimpseSuggestion.objects.get().status == "confirmed"
    draft = GlimpsePage.objects.get()
    assert not draft.live and draft.workflow_in_progress
    assert re.match(r"late-night-gigs-with-a-gig-buddy$", draft.slug)
    received = [message for message in mail.outbox if "with our convenors" in message.subject]
    assert len(received) == 1
