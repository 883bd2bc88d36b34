"""Many identical sign-ups at the same moment make one record (PostgreSQL:
real concurrent transactions; the unique constraint decides)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from socialcarefuture.confirmations.models import OutgoingEmail
from socialcarefuture.mailing_list.models import Subscriber
from tests.factories import build_site
from tests.mailing_list.helpers import GOOD

PARALLEL = 12


@pytest.mark.postgres
def test_many_identical_sign_ups_at_once_make_one_record(committed_db):
    build_site()
    barrier = threading.Barrier(PARALLEL)

    def sign_up(n):
        client = Client(REMOTE_ADDR=f"10.0.0.{n}")
        # Vary only what does not matter: case and spaces.
        data = {**GOOD, "email": (" " * (n % 3)) + (GOOD["email"].upper() if n % 2 else GOOD["email"])}
        barrier.wait()
        try:
            return client.post("/mailing-list/", data).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(PARALLEL) as pool:
        codes = list(pool.map(sign_up, range(PARALLEL)))

    assert codes == [303] * PARALLEL
    assert Subscriber.objects.count() == 1
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "pending"
    # One confirmation email: the repeats came within the resend cooldown.
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1
    assert subscriber.consents.count() == 1
