"""ConfirmableRecord through a concrete model (the mailing list's Subscriber):
signed links, sign-up outcomes, confirm and withdraw."""

import pytest
from django.core import signing

from socialcarefuture.confirmations.models import SignUpOutcome, TokenError, normalise_email
from socialcarefuture.mailing_list.models import CONSENT, Subscriber

pytestmark = pytest.mark.django_db


def test_normalise_email():
    assert normalise_email("  Sam.Lee@Example.ORG\n") == "sam.lee@example.org"
    assert normalise_email("ｓａｍ@example.org") == "sam@example.org"
    assert normalise_email(None) == ""


def test_tokens_are_signed_short_and_point_at_a_random_key():
    record = Subscriber.objects.create(email="sam@example.org")
    token = record.make_token("confirm")
    key, _timestamp, _signature = token.split(":")
    assert key == record.confirm_key and len(key) == 32  # random, not the record's id
    assert len(token) < 100
    assert Subscriber.from_token(token, "confirm") == record
    assert Subscriber.from_token(record.make_token("manage"), "manage") == record


def test_a_token_works_only_for_its_action_and_model():
    record = Subscriber.objects.create(email="sam@example.org")
    with pytest.raises(TokenError) as caught:
        Subscriber.from_token(record.make_token("confirm"), "manage")
    assert caught.value.reason == "invalid"
    # Same key, signed for another purpose (salt): refused.
    forged = signing.TimestampSigner(salt="socialcarefuture.confirmations.pledge.signatory.manage").sign(
        record.manage_key
    )
    with pytest.raises(TokenError):
        Subscriber.from_token(forged, "manage")
    # Unsigned: refused.
    with pytest.raises(TokenError):
        Subscriber.from_token(record.manage_key, "manage")


def test_sign_up_outcomes():
    first = Subscriber.sign_up(email="Sam@Example.org", details={"name": "Sam"}, consent=CONSENT)
    assert first.outcome == SignUpOutcome.CREATED
    again = Subscriber.sign_up(email="sam@example.org ", details={"name": "Sam"}, consent=CONSENT)
    assert again.outcome == SignUpOutcome.TOO_SOON and again.record.pk == first.record.pk
    Subscriber.objects.update(confirmation_sent_at=None)
    assert Subscriber.sign_up(email="sam@example.org", consent=CONSENT).outcome == SignUpOutcome.RESENT
    first.record.confirm()
    Subscriber.objects.update(confirmation_sent_at=None)
    assert (
        Subscriber.sign_up(email="sam@example.org", consent=CONSENT).outcome
        == SignUpOutcome.ALREADY_CONFIRMED
    )
    first.record.withdraw("link")
    restarted = Subscriber.sign_up(email="sam@example.org", consent=CONSENT)
    assert restarted.outcome == SignUpOutcome.RESTARTED
    assert restarted.record.confirm_key != first.record.confirm_key
    assert Subscriber.objects.count() == 1


def test_confirm_and_withdraw_say_whether_anything_changed():
    record = Subscriber.sign_up(email="sam@example.org", consent=CONSENT).record
    assert record.confirm() is True
    assert record.confirm() is False
    assert record.withdraw("link") is True
    assert record.withdraw("link") is False
    assert record.confirm() is False
    assert record.status == "withdrawn"
