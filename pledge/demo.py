"""The pledge's demo content: the words are in ``pledge/demo_content/`` (the page,
its picture and the people who have signed); this is the logic.

Signatures are made as they would be after each person followed the link in
our email (with their consent record), without sending any email. Loading twice
changes nothing: each signature is found again by its address.
"""

from datetime import timedelta

from socialcarefuture.confirmations.models import WithdrawalMethod, normalise_email
from socialcarefuture.demo import dates
from socialcarefuture.demo.loader import DemoContent, DemoDataError

from .models import CONSENT, CommentStatus, OrganisationType, PledgePage, Signature

FIELDS = {
    "email",
    "name",
    "role",
    "organisation",
    "type",
    "listed",
    "signed",
    "comment",
    "comment_status",
    "status",
}
STATUSES = {"confirmed", "pending", "withdrawn"}
COMMENT_STATUSES = {CommentStatus.WAITING, CommentStatus.APPROVED, CommentStatus.REJECTED}


def load(home_page, stdout):
    demo = DemoContent("pledge")
    created = demo.pages(parent=home_page)
    signatures = load_signatures(demo)
    if created or signatures:
        page = " and the pledge page" if any(isinstance(page, PledgePage) for page in created) else ""
        stdout.write(f"Pledge: created {signatures} signatures{page}.")
    else:
        stdout.write("Pledge demo content already exists: left as it is.")


def load_signatures(demo, filename="signatures.yaml"):
    """Make the signatures the file lists that are not there yet; returns how many."""
    where = demo.where(demo.folder / filename)
    items = demo.read(filename) or []
    if not isinstance(items, list):
        raise DemoDataError(f"{where}: write a list, one '- email: ...' for each signature")
    existing = set(Signature.objects.values_list("email_normalised", flat=True))
    made = 0
    for number, item in enumerate(items, 1):
        here = f"{where}: item {number}"
        if not isinstance(item, dict) or not item.get("email"):
            raise DemoDataError(f"{here}: needs an 'email'")
        if unknown := set(item) - FIELDS:
            raise DemoDataError(
                f"{here}: unknown field '{sorted(unknown)[0]}' (use {', '.join(sorted(FIELDS))})"
            )
        if normalise_email(item["email"]) in existing:
            continue
        signature = build(item, demo, here)
        signature.save()
        given_at = signature.signed_up_at
        consent = signature.consents.create(
            consent_text=CONSENT.stored(),
            given_at=given_at,
            source_path="/pledge/",
            choices=signature.consent_choices(),
            confirmed_at=signature.confirmed_at,
        )
        if signature.status == Signature.Status.WITHDRAWN:
            consent.withdrawn_at = signature.withdrawn_at
            consent.withdrawal_method = WithdrawalMethod.LINK
            consent.save(update_fields=["withdrawn_at", "withdrawal_method"])
        existing.add(signature.email_normalised)
        made += 1
    return made


def build(item, demo, here):
    status = item.get("status", "confirmed")
    if status not in STATUSES:
        raise DemoDataError(f"{here}: status: '{status}' is not one of {', '.join(sorted(STATUSES))}")
    try:
        signed = dates.to_datetime(item.get("signed", "today at 09:00"), demo.today)
    except dates.DateError as error:
        raise DemoDataError(f"{here}: signed: {error}") from None
    organisation_type = item.get("type", "")
    if status != "withdrawn" and organisation_type not in OrganisationType.values:
        raise DemoDataError(f"{here}: type: choose one of {', '.join(OrganisationType.values)}")
    comment = (item.get("comment") or "").strip()
    comment_status = item.get("comment_status", CommentStatus.WAITING if comment else CommentStatus.NONE)
    if comment and comment_status not in COMMENT_STATUSES:
        raise DemoDataError(f"{here}: comment_status: choose waiting, approved or rejected")
    signature = Signature(
        email=item["email"],
        status=status,
        signed_up_at=signed - timedelta(minutes=12),
        confirmation_sent_at=signed - timedelta(minutes=12),
    )
    if status == "withdrawn":
        # As after withdrawing: only the address and the dates are kept.
        signature.confirmed_at = signed
        signature.withdrawn_at = signed + timedelta(days=20)
        return signature
    signature.name = item.get("name", "")
    signature.role = item.get("role", "")
    signature.organisation = item.get("organisation", "")
    signature.organisation_type = organisation_type
    signature.listed = bool(item.get("listed", False))
    signature.comment = comment
    signature.comment_status = comment_status
    if comment_status in (CommentStatus.APPROVED, CommentStatus.REJECTED):
        signature.comment_moderated_at = signed + timedelta(hours=20)
    if status == "confirmed":
        signature.confirmed_at = signed
    return signature
