"""Factories for the pledge. ``SignatureFactory`` makes a confirmed signature
(as after its owner followed our link) without sending any email."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from pledge.models import OrganisationType, PledgePage, Signature

BASE_TIME = timezone.make_aware(datetime.datetime(2026, 1, 5, 10, 0))


class PledgePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PledgePage

    title = "The pledge"
    slug = "pledge"
    introduction = "A promise from leaders and event organisers."
    pledge_text = "We commit that the events we run give people with lived experience an equal place."
    commitments = factory.LazyFunction(
        lambda: [("commitment", "We pay people for their time."), ("commitment", "We meet access needs.")]
    )
    goal = 100


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    email = factory.Sequence(lambda n: f"signatory{n}@example.org")
    name = factory.Sequence(lambda n: f"Signatory {n}")
    role = "Director"
    organisation = factory.Sequence(lambda n: f"Organisation {n}")
    organisation_type = OrganisationType.COUNCIL
    listed = True
    status = Signature.Status.CONFIRMED
    signed_up_at = factory.Sequence(lambda n: BASE_TIME + datetime.timedelta(hours=n))
    confirmed_at = factory.LazyAttribute(
        lambda o: (
            o.signed_up_at + datetime.timedelta(minutes=5) if o.status != Signature.Status.PENDING else None
        )
    )


def signature_rows(count, start=0, **fields):
    """Unsaved confirmed, listed signatures for ``bulk_create`` (fast at 1,000)."""
    rows = []
    for number in range(start, start + count):
        moment = BASE_TIME + datetime.timedelta(minutes=number)
        values = {
            "email": f"bulk{number}@example.org",
            "name": f"Bulk Signatory {number}",
            "role": "Chair",
            "organisation": f"Bulk Organisation {number}",
            "organisation_type": OrganisationType.values[number % len(OrganisationType.values)],
            "listed": True,
            "status": Signature.Status.CONFIRMED,
            "signed_up_at": moment,
            "confirmed_at": moment,
            "comment": f"Comment {number}" if number % 3 == 0 else "",
            "comment_status": "approved" if number % 3 == 0 else "none",
            **fields,
        }
        row = Signature(**values)
        row.email_normalised = row.email
        rows.append(row)
    return rows
