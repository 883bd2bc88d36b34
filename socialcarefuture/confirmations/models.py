"""The confirmed-by-email mechanism, built once for the mailing list, the
pledge and gathering bookings.

* ``ConfirmableRecord`` (abstract): a person's details that wait for them to
  follow a link in an email. It knows its status and dates, makes and reads its
  signed links, and records consent. Each app makes a concrete model from it.
* ``ConsentText``: every wording a person was ever shown, one immutable row per
  version. ``ConsentRecord``: who agreed to which wording, when, from which page,
  and when they confirmed or took it back.
* ``OutgoingEmail``: the outbox. An email is stored in the same transaction as
  the record it is about and sent afterwards by a background task, so a failed
  send is retried and never loses the sign-up (see ``emails.py``).
"""

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst


def normalise_email(value):
    """How an address is compared: Unicode NFKC, trimmed, lower-cased.

    The local part of an address is case-sensitive in theory; in practice no
    mail service treats it so, and people expect "Sam@Example.org" and
    "sam@example.org" to be the same person.
    """
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def new_key():
    """A random, URL-safe key (192 bits) that a signed link points at."""
    return secrets.token_urlsafe(24)


def email_digest(value):
    """A short hash of a normalised address, for logs and cache keys."""
    return hashlib.sha256(normalise_email(value).encode()).hexdigest()[:16]


# Consent --------------------------------------------------------------------------------


class ConsentTextManager(models.Manager):
    def for_wording(self, purpose, text):
        """The stored version of ``text`` for ``purpose``, made on first use.

        Wording lives in code next to the form that shows it. Changing it makes a
        new version automatically; an old version is never edited, so every
        consent record keeps pointing at exactly what the person saw.
        """
        digest = hashlib.sha256(text.encode()).hexdigest()
        for _attempt in range(3):
            existing = self.filter(purpose=purpose, text_sha256=digest).first()
            if existing:
                return existing
            try:
                with transaction.atomic():
                    latest = self.filter(purpose=purpose).aggregate(v=Max("version"))["v"] or 0
                    return self.create(purpose=purpose, version=latest + 1, text=text, text_sha256=digest)
            except IntegrityError:
                continue  # someone else stored it (or took the number) first
        return self.get(purpose=purpose, text_sha256=digest)


class ConsentText(models.Model):
    """One version of a consent wording, exactly as shown. Never changed."""

    purpose = models.CharField(
        max_length=50,
        help_text="What the wording asks for, such as 'mailing_list'.",
    )
    version = models.PositiveIntegerField()
    text = models.TextField(help_text="The words shown beside the tick box, exactly.")
    text_sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("first shown", default=timezone.now)

    objects = ConsentTextManager()

    class Meta:
        verbose_name = "consent wording"
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="confirmations_consent_version"),
            models.UniqueConstraint(fields=["purpose", "text_sha256"], name="confirmations_consent_text"),
        ]
        ordering = ["purpose", "-version"]

    def __str__(self):
        return f"{self.purpose}, version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).exclude(text=self.text).exists():
            raise ValueError("Consent wording is never edited: new wording gets a new version.")
        self.text_sha256 = hashlib.sha256(self.text.encode()).hexdigest()
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class ConsentWording:
    """Consent wording as the code shows it: ``purpose`` plus the exact text."""

    purpose: str
    text: str

    def stored(self):
        return ConsentText.objects.for_wording(self.purpose, self.text)


class WithdrawalMethod(models.TextChoices):
    LINK = "link", "Link in an email"
    ONE_CLICK = "one_click", "One-click unsubscribe in their email program"
    PREFERENCES = "preferences", "Their preferences page"
    CONVENOR = "convenor", "A convenor, at their request"
    EXPIRED = "expired", "Never confirmed"


class ConsentRecord(models.Model):
    """A person agreed to a wording: when, from which page, and what became of it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("content_type", "object_id")
    consent_text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="records", verbose_name="wording"
    )
    given_at = models.DateTimeField("agreed", default=timezone.now)
    source_path = models.CharField(
        "from page", max_length=200, blank=True, help_text="The page the form was on."
    )
    choices = models.JSONField(
        default=dict, blank=True, help_text="What the person chose on the form at the time."
    )
    confirmed_at = models.DateTimeField("confirmed by email", null=True, blank=True)
    withdrawn_at = models.DateTimeField("taken back", null=True, blank=True)
    withdrawal_method = models.CharField(
        "taken back through", max_length=20, choices=WithdrawalMethod.choices, blank=True
    )

    class Meta:
        verbose_name = "consent record"
        default_permissions = ()
        ordering = ["given_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        permissions = [
            ("handle_data_requests", "Can find, download or erase everything held about a person"),
        ]

    def __str__(self):
        return f"Consent to {self.consent_text} on {self.given_at:%d/%m/%Y}"

    def as_data(self):
        return {
            "wording": self.consent_text.text,
            "wording_version": f"{self.consent_text.purpose} v{self.consent_text.version}",
            "agreed_at": self.given_at.isoformat(),
            "from_page": self.source_path,
            "choices": self.choices,
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "taken_back_at": self.withdrawn_at.isoformat() if self.withdrawn_at else None,
            "taken_back_through": self.get_withdrawal_method_display() if self.withdrawal_method else None,
        }


# The outbox -----------------------------------------------------------------------------


class OutgoingEmail(models.Model):
    """One email, stored before it is sent. ``emails.deliver`` sends it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"
        CANCELLED = "cancelled", "Cancelled"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    body_text = models.TextField("plain text")
    body_html = models.TextField("HTML", blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list,
        blank=True,
        help_text="Files sent with the email: a list of {filename, mimetype, content (base64)}.",
    )
    mailer = models.CharField(
        max_length=50, default="default", help_text="The MAILERS alias to send through."
    )
    kind = models.CharField(max_length=60, help_text="What the email is, such as 'mailing_list.confirm'.")

    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "outgoing email"
        default_permissions = ("view",)
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"


# Rate limits -----------------------------------------------------------------------------


class RateLimitCounter(models.Model):
    """One rate-limit window's count for one hashed key (see ``abuse.py``).

    Used when there is no Redis: every worker and app server counts in this
    one table, with a single atomic statement per hit.
    """

    key = models.CharField(max_length=150, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True, help_text="When the window ends (Unix time).")

    class Meta:
        verbose_name = "rate-limit count"
        default_permissions = ()

    def __str__(self):
        return f"{self.key}: {self.hits}"


# The records people confirm -------------------------------------------------------------


class SignUpOutcome(models.TextChoices):
    CREATED = "created"
    RESENT = "resent"  # still waiting to confirm: the link was sent again
    TOO_SOON = "too_soon"  # an email went out moments ago: nothing more is sent
    RESTARTED = "restarted"  # had withdrawn and signed up again
    ALREADY_CONFIRMED = "already_confirmed"


@dataclass
class SignUp:
    record: "ConfirmableRecord"
    outcome: str


class TokenError(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


class SignUpRefused(Exception):
    """Raise it while signing someone up to turn them away kindly.

    ``message`` is shown on the form, beside ``field`` or (when ``field`` is
    None) at the top; nothing is stored. The shared sign-up view catches it, for
    example when a gathering is full.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConfirmableRecord(models.Model):
    """A person's details that wait for them to follow a link.

    Concrete models set ``token_url_names``, ``email_templates`` and a unique
    constraint on ``email_normalised`` (plus whatever else makes one record,
    such as a gathering), and may override the ``on_*`` hooks. Then:

    * ``Model.sign_up(email=..., details={...}, consent=WORDING, source_path=...)``
      creates or reuses the record and emails the right link, all in one
      transaction; call it from the view.
    * ``Model.from_token(token, "confirm" | "manage")`` finds the record a link
      points at (or raises ``TokenError``).
    * ``record.confirm()`` and ``record.withdraw(method)`` act on it.

    The statuses are shared, and stored the same way everywhere; what people and
    convenors read is each app's own word for them (``status_labels``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to confirm"
        CONFIRMED = "confirmed", "Confirmed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    email = models.EmailField(
        "email address", max_length=254, help_text="As the person typed it (we send to this)."
    )
    email_normalised = models.CharField(
        "address for matching",
        max_length=254,
        editable=False,
        help_text="Trimmed and lower-cased, so that one person has one record.",
    )
    name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    signed_up_at = models.DateTimeField("signed up", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    withdrawn_at = models.DateTimeField("withdrawn", null=True, blank=True)
    confirmation_sent_at = models.DateTimeField("last confirmation email", null=True, blank=True)
    confirm_key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    manage_key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)

    consents = GenericRelation(ConsentRecord)
    emails = GenericRelation(OutgoingEmail)

    #: How long a confirmation link works. Following it later shows a clear
    #: "this link has expired" page with a way to start again.
    confirm_max_age = timedelta(days=7)
    #: How long a "preferences" link (change what you chose) works. Every email
    #: carries a fresh one; "manage" links (unsubscribe, withdraw, cancel) keep
    #: working, as RFC 8058 expects of unsubscribe links.
    preferences_max_age = timedelta(days=30)
    #: A second sign-up within this time sends no second email (double clicks).
    resend_cooldown = timedelta(minutes=2)
    #: Unconfirmed records older than this are deleted by ``purge_unconfirmed``.
    unconfirmed_retention = timedelta(days=14)
    #: What the record is called in personal data requests, such as "Mailing list".
    held_in_label = ""
    #: URL names of the views that take a token: {"confirm": ..., "manage": ...}.
    token_url_names = {}
    #: Email templates (without extension) by kind: "confirm", "welcome",
    #: "already_confirmed". A kind left out is not sent.
    email_templates = {}
    #: This app's words for the statuses, such as
    #: ``{Status.CONFIRMED: "Subscribed", Status.WITHDRAWN: "Unsubscribed"}``.
    #: Used by ``get_status_display()`` and so everywhere a status is shown: the
    #: admin listing, its filter and counts, downloads, the record's page and
    #: personal data requests. A status left out keeps its general name.
    status_labels = {}

    class Meta:
        abstract = True

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email_normalised = normalise_email(self.email)
        super().save(*args, **kwargs)

    # Words for statuses -------------------------------------------------------------------

    @classmethod
    def status_choices(cls):
        """``[(value, label)]`` for every status, in this app's words."""
        return [(value, cls.status_labels.get(value, label)) for value, label in cls.Status.choices]

    @classmethod
    def field_label(cls, name):
        """What a convenor sees a field called.

        ``withdrawn_at`` is the day the record took the withdrawn status, so it
        shares that status's label ("Unsubscribed", "Cancelled").
        """
        if name == "withdrawn_at":
            return dict(cls.status_choices())[cls.Status.WITHDRAWN]
        return capfirst(cls._meta.get_field(name).verbose_name)

    def _get_FIELD_display(self, field):
        # Django makes get_status_display() from the field's choices. The field
        # (and so its choices) is the same for every app; the app's own words
        # come from status_labels.
        if field.name == "status":
            return dict(self.status_choices()).get(self.status, self.status)
        return super()._get_FIELD_display(field)

    # Links ---------------------------------------------------------------------------

    #: Which key each kind of link points at. "preferences" shares the manage
    #: key but is signed for its own purpose, and expires.
    _token_keys = {"confirm": "confirm_key", "manage": "manage_key", "preferences": "manage_key"}
    _no_max_age = object()

    @classmethod
    def token_max_age(cls, action):
        return {"confirm": cls.confirm_max_age, "preferences": cls.preferences_max_age}.get(action)

    @staticmethod
    def token_issued_at(token):
        """When a link was made (from its signed timestamp), or None if unreadable."""
        try:
            timestamp = signing.b62_decode(token.rsplit(":", 2)[1])
        except (IndexError, ValueError):
            return None
        return datetime.fromtimestamp(timestamp, tz=UTC)

    @classmethod
    def _token_salt(cls, action):
        # Purpose-specific: a link made for one model or action never works for another.
        return f"socialcarefuture.confirmations.{cls._meta.label_lower}.{action}"

    def make_token(self, action):
        signer = signing.TimestampSigner(salt=self._token_salt(action))
        return signer.sign(getattr(self, self._token_keys[action]))

    @classmethod
    def from_token(cls, token, action, *, queryset=None, max_age=_no_max_age):
        """The record a link points at. Raises ``TokenError("expired" | "invalid")``.

        A token is ``key:timestamp:signature`` (``TimestampSigner``), where the
        key is the record's random ``confirm_key`` or ``manage_key``.
        Confirmation links expire after ``confirm_max_age`` and preferences
        links after ``preferences_max_age``; "manage" links (unsubscribe,
        withdraw, cancel) work for as long as the record exists, as RFC 8058
        expects of unsubscribe links. ``max_age`` overrides the action's own.
        """
        if max_age is cls._no_max_age:
            max_age = cls.token_max_age(action)
        signer = signing.TimestampSigner(salt=cls._token_salt(action))
        try:
            key = signer.unsign(token, max_age=max_age)
        except signing.SignatureExpired:
            raise TokenError("expired") from None
        except signing.BadSignature:
            raise TokenError("invalid") from None
        queryset = cls.objects.all() if queryset is None else queryset
        try:
            return queryset.get(**{cls._token_keys[action]: key})
        except cls.DoesNotExist:
            raise TokenError("invalid") from None

    def link(self, action):
        """The absolute link for ``action``, for an email."""
        return settings.SITE_URL + reverse(self.token_url_names[action], args=[self.make_token(action)])

    # Signing up ---------------------------------------------------------------------------

    @classmethod
    def sign_up(cls, *, email, details=None, consent=None, source_path="", choices=None, lookup=None):
        """Create or reuse the one record for this address and ask for the right email.

        The same answer whatever the address's history, so the page can say
        "check your inbox" either way: a new record gets a confirmation link; one
        still waiting gets the link again (not a second record); one that had
        withdrawn starts again with new consent; a confirmed one is left as it is
        and the person is told by email. Safe to call many times at once: the
        database's unique constraint decides, and the loser reuses the winner.

        The email itself is decided and written by a background task
        (``tasks.send_sign_up_email``), enqueued here in the same transaction
        (so it is kept or dropped with the record), whatever happened. So a
        repeat within ``resend_cooldown`` (which sends nothing) does the same
        work before the page answers as a new sign-up (which sends a link): the
        time the answer takes says nothing about who signed up a moment ago.
        With the immediate task backend (``make run``, tests) the task runs at
        once, inside this transaction, and the email is sent on commit.
        """
        details = details or {}
        normalised = normalise_email(email)
        lookup = {"email_normalised": normalised, **(lookup or {})}
        now = timezone.now()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = cls(email=email, signed_up_at=now, confirmation_sent_at=now, **lookup, **details)
                    record.save()
                outcome = SignUpOutcome.CREATED
            except IntegrityError:
                record = cls.objects.select_for_update().get(**lookup)
                outcome = record._sign_up_again(email, details, now)
            asks_again = outcome in (SignUpOutcome.CREATED, SignUpOutcome.RESENT, SignUpOutcome.RESTARTED)
            if consent is not None and asks_again:
                # Each request for a link is a fresh statement of consent, kept as
                # shown; a repeat within seconds (a double click) adds nothing.
                record.consents.create(
                    consent_text=consent.stored(),
                    given_at=now,
                    source_path=source_path[:200],
                    choices=choices or {},
                )
            record.ask_for_sign_up_email(now)
        return SignUp(record, outcome)

    def _sign_up_again(self, email, details, now):
        """Update a record found again; ``confirmation_sent_at`` becomes ``now``
        unless an email was asked for within the cooldown (then nothing is sent)."""
        sent_recently = bool(
            self.confirmation_sent_at and now - self.confirmation_sent_at < self.resend_cooldown
        )
        if self.status == self.Status.CONFIRMED:
            # Nothing changes without the owner's say-so: a stranger may have
            # typed their address. The email tells them how to change things.
            if sent_recently:
                return SignUpOutcome.TOO_SOON
            self.confirmation_sent_at = now
            self.save(update_fields=["confirmation_sent_at"])
            return SignUpOutcome.ALREADY_CONFIRMED
        if self.status == self.Status.WITHDRAWN:
            outcome = SignUpOutcome.RESTARTED
            self.status = self.Status.PENDING
            self.signed_up_at = now
            self.confirmed_at = None
            self.withdrawn_at = None
            self.confirm_key = new_key()  # old confirmation links stay dead
        else:
            outcome = SignUpOutcome.TOO_SOON if sent_recently else SignUpOutcome.RESENT
        if outcome != SignUpOutcome.TOO_SOON:
            self.confirmation_sent_at = now
        self.email = email
        for field, value in details.items():
            setattr(self, field, value)
        self.save()
        return outcome

    #: The email each status gets when someone signs up with its address.
    sign_up_email_kinds = {"pending": "confirm", "confirmed": "already_confirmed"}

    def ask_for_sign_up_email(self, asked_at):
        """Enqueue the background task that decides and writes the sign-up email."""
        from .tasks import send_sign_up_email

        send_sign_up_email.enqueue(self._meta.label, self.pk, asked_at.isoformat())

    @classmethod
    def decide_sign_up_email(cls, record_id, asked_at):
        """The background half of ``sign_up``: queue the email the record needs now.

        Only the sign-up that set ``confirmation_sent_at`` sends: a repeat within
        the cooldown, or one overtaken by a later sign-up, sends nothing. Returns
        the kind queued, or why nothing was.
        """
        with transaction.atomic():
            record = cls.objects.select_for_update().filter(pk=record_id).first()
            if record is None:
                return "gone"
            if record.confirmation_sent_at != asked_at:
                return "repeat"
            kind = cls.sign_up_email_kinds.get(record.status)
            if kind is None:
                return "withdrawn"
            record.queue_email(kind)
            return kind

    # Following the link -----------------------------------------------------------------

    def confirm(self):
        """Confirm a waiting record. Returns False if there was nothing to do."""
        with transaction.atomic():
            record = type(self).objects.select_for_update().get(pk=self.pk)
            if record.status != self.Status.PENDING:
                self.refresh_from_db()
                return False
            now = timezone.now()
            record.status = self.Status.CONFIRMED
            record.confirmed_at = now
            record.save(update_fields=["status", "confirmed_at"])
            latest = record.consents.filter(withdrawn_at=None).order_by("-given_at", "-pk").first()
            if latest:
                latest.confirmed_at = now
                latest.save(update_fields=["confirmed_at"])
            record.on_confirmed()
        self.refresh_from_db()
        return True

    def withdraw(self, method):
        """Withdraw (unsubscribe, cancel) at once. Returns False if already done."""
        with transaction.atomic():
            record = type(self).objects.select_for_update().get(pk=self.pk)
            if record.status == self.Status.WITHDRAWN:
                self.refresh_from_db()
                return False
            now = timezone.now()
            record.status = self.Status.WITHDRAWN
            record.withdrawn_at = now
            record.consents.filter(withdrawn_at=None).update(withdrawn_at=now, withdrawal_method=method)
            # Nothing still waiting in the outbox goes out after this.
            record.emails.filter(status=OutgoingEmail.Status.PENDING).update(
                status=OutgoingEmail.Status.CANCELLED
            )
            record.on_withdrawn(method)
            record.save()
        self.refresh_from_db()
        return True

    # Hooks for concrete models -------------------------------------------------------

    def on_confirmed(self):
        """Called inside the confirming transaction. By default sends "welcome"."""
        self.queue_email("welcome")

    def on_withdrawn(self, method):
        """Called inside the withdrawing transaction, before the record is saved."""

    def get_email_context(self, kind):
        return {"record": self, "name": self.name}

    def get_email_headers(self, kind):
        return {}

    def get_email_attachments(self, kind):
        """Files to send with the email of this ``kind``: a list of
        ``{"filename", "mimetype", "content" (bytes)}``. None by default."""
        return []

    def queue_email(self, kind):
        """Store the email of this ``kind`` in the outbox; it is sent after commit."""
        template = self.email_templates.get(kind)
        if not template:
            return None
        from .emails import queue_email

        return queue_email(
            to=self.email,
            template=template,
            context=self.get_email_context(kind),
            headers=self.get_email_headers(kind),
            attachments=self.get_email_attachments(kind),
            kind=f"{self._meta.app_label}.{kind}",
            about=self,
        )

    # Personal data ------------------------------------------------------------------------

    @classmethod
    def get_held_in_label(cls):
        return cls.held_in_label or str(cls._meta.verbose_name_plural).capitalize()

    def export_fields(self):
        """This record's own fields, for a subject access request. Extend it."""
        return {
            "email": self.email,
            "name": self.name,
            "status": self.get_status_display(),
            "signed_up_at": self.signed_up_at.isoformat() if self.signed_up_at else None,
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "withdrawn_at": self.withdrawn_at.isoformat() if self.withdrawn_at else None,
        }
