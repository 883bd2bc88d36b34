"""The management commands: personal data requests and the retention purge."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from socialcarefuture.confirmations.models import ConsentRecord, ConsentText, OutgoingEmail
from socialcarefuture.mailing_list.models import CONSENT, Subscriber

pytestmark = pytest.mark.django_db


def run(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def sam(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = Subscriber.sign_up(
            email="Sam@Example.org", details={"name": "Sam"}, consent=CONSENT, source_path="/about/"
        ).record
        record.confirm()
    Subscriber.sign_up(email="other@example.org", consent=CONSENT)
    return record


def test_subject_data_export(sam, tmp_path):
    data = json.loads(run("subject_data", "export", " SAM@example.org "))
    [record] = data["records"]
    assert record["email"] == "Sam@Example.org" and record["name"] == "Sam"
    assert record["status"] == "Subscribed"
    assert record["consents"][0]["wording"] == CONSENT.text
    assert [e["subject"] for e in record["emails_we_sent_or_will_send"]] == [
        "Please confirm you want emails from Social Care Future",
        "Welcome to the Social Care Future mailing list",
    ]
    target = tmp_path / "sam.json"
    run("subject_data", "export", "sam@example.org", output=str(target))
    assert json.loads(target.read_text())["records"][0]["email"] == "Sam@Example.org"


def test_subject_data_erase(sam, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        run("subject_data", "erase", "sam@example.org")
    assert Subscriber.objects.filter(pk=sam.pk).exists()

    output = run("subject_data", "erase", "sam@example.org", noinput=True)
    assert "Erased" in output
    assert not Subscriber.objects.filter(pk=sam.pk).exists()
    assert not OutgoingEmail.objects.filter(to__iexact="sam@example.org").exists()
    assert ConsentRecord.objects.count() == 1  # the other person's
    assert ConsentText.objects.count() == 1  # wordings are not personal data
    assert "Nothing is held" in run("subject_data", "erase", "sam@example.org", noinput=True)


def test_subject_data_refuses_what_is_not_an_address():
    with pytest.raises(CommandError):
        run("subject_data", "export", "not an address")


def test_purge_removes_unconfirmed_sign_ups_after_14_days_from_the_last_email(sam):
    waiting = Subscriber.objects.get(email="other@example.org")
    old = timezone.now() - timedelta(days=15)
    Subscriber.objects.filter(pk=waiting.pk).update(signed_up_at=old, confirmation_sent_at=old)
    # A confirmed subscriber is never purged, however old.
    Subscriber.objects.filter(pk=sam.pk).update(signed_up_at=old, confirmation_sent_at=old)
    recent = Subscriber.sign_up(email="recent@example.org", consent=CONSENT).record
    # Signed up long ago, but sent a new link yesterday: kept.
    Subscriber.objects.filter(pk=recent.pk).update(
        signed_up_at=old, confirmation_sent_at=timezone.now() - timedelta(days=1)
    )

    assert "1 unconfirmed removed" in run("purge_unconfirmed", dry_run=True)
    assert Subscriber.objects.count() == 3
    assert "1 unconfirmed removed" in run("purge_unconfirmed")
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "Sam@Example.org",
        "recent@example.org",
    }
    assert not ConsentRecord.objects.filter(object_id=waiting.pk).exists()
    assert not OutgoingEmail.objects.filter(to="other@example.org").exists()


def test_purge_removes_old_outbox_emails_but_not_waiting_ones(sam):
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(days=31))
    OutgoingEmail.objects.filter(to="other@example.org").update(status="pending")
    assert "2 old emails removed" in run("purge_unconfirmed")
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["other@example.org"]
