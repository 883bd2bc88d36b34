"""The count stays right when many people sign, confirm and withdraw at once
(PostgreSQL: real concurrent transactions, one thread and connection each)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from bs4 import BeautifulSoup
from django.db import connections
from django.test import Client
from django.urls import reverse

from pledge.models import Signature
from socialcarefuture.confirmations.models import OutgoingEmail
from tests.factories import build_site
from tests.pledge.conftest import GOOD
from tests.pledge.factories import PledgePageFactory, SignatureFactory

pytestmark = pytest.mark.postgres


def run_at_once(jobs):
    """Run every job in its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        barrier.wait()
        try:
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(jobs)) as pool:
        return list(pool.map(run, jobs))


def shown_count():
    page = BeautifulSoup(Client().get("/pledge/").content, "html.parser")
    return int(page.select_one(".pledge-count__number").get_text().replace(",", ""))


def test_24_identical_signatures_at_once_make_one(committed_db):
    PledgePageFactory(parent=build_site())

    def job(n):
        # Vary only what does not matter: case and spaces.
        email = (" " * (n % 3)) + (GOOD["email"].upper() if n % 2 else GOOD["email"])
        return lambda: (
            Client(REMOTE_ADDR=f"10.0.0.{n}").post("/pledge/sign/", {**GOOD, "email": email}).status_code
        )

    codes = run_at_once([job(n) for n in range(24)])

    assert codes == [303] * 24
    signature = Signature.objects.get()
    assert (signature.status, signature.email_normalised) == ("pending", "rowan.ellis@example.org")
    assert signature.consents.count() == 1
    # One confirmation email: the repeats came within the resend cooldown.
    assert OutgoingEmail.objects.filter(kind="pledge.confirm").count() == 1
    assert shown_count() == 0


def test_the_count_is_right_after_parallel_signing_confirming_and_withdrawing(committed_db):
    PledgePageFactory(parent=build_site())
    staying = SignatureFactory.create_batch(10)
    leaving = SignatureFactory.create_batch(10)
    confirming = SignatureFactory.create_batch(12, status=Signature.Status.PENDING)
    assert shown_count() == 20

    def withdraw(record):
        path = reverse("pledge:withdraw", args=[record.make_token("manage")])
        return lambda: Client().post(path).status_code

    def confirm(record):
        path = reverse("pledge:confirm", args=[record.make_token("confirm")])
        shown = record.details_digest()
        return lambda: Client().post(path, {"shown": shown}).status_code

    def sign(data):
        return lambda: Client().post("/pledge/sign/", {**GOOD, **data}).status_code

    jobs = (
        [withdraw(record) for record in leaving]
        + [withdraw(record) for record in leaving[:3]]  # pressed twice
        + [confirm(record) for record in confirming]
        + [confirm(record) for record in confirming[:3]]  # pressed twice
        + [sign({"email": f"new{n}@example.org"}) for n in range(6)]  # never confirmed
        + [sign({"email": record.email, "name": "Signing Again"}) for record in staying[:4]]
    )
    codes = run_at_once(jobs)

    assert codes == [303] * len(jobs)
    expected = len(staying) + len(confirming)
    assert Signature.objects.counted().count() == expected
    assert shown_count() == expected
    assert f">{expected}</text>".encode() in Client().get("/pledge/badge.svg").content
    assert Signature.objects.filter(status="withdrawn").count() == len(leaving)
    assert Signature.objects.filter(status="pending").count() == 6
    # A button pressed twice at once still confirms once: one thank-you email each.
    assert OutgoingEmail.objects.filter(kind="pledge.welcome").count() == len(confirming)
    # Signing again never made a second signature, nor changed a public entry.
    assert Signature.objects.filter(name="Signing Again").count() == 0
    assert Signature.objects.exclude(pending_details={}).count() == 4
    listed = BeautifulSoup(Client().get("/pledge/signatories/").content, "html.parser")
    assert listed.select_one(".listing__count").get_text().startswith(f"{expected} signatories")
