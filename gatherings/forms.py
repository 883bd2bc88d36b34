from django import forms
from django.core.exceptions import ValidationError

from socialcarefuture.confirmations.forms import (
    EmailAddressField,
    HoneypotFormMixin,
    PlainTextField,
    SourcePathField,
    TypedTextField,
    has_hidden_characters,
)

from .models import CONSENT


class AccessNeedsField(TypedTextField):
    """Several lines of free text: new lines are kept, hidden characters are not."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return "\n".join(
            line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        )

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if len(value) > self.max_length:
            raise ValidationError(
                f"Tell us about your access needs in {self.max_length} characters or fewer", code="max_length"
            )
        if has_hidden_characters(value.replace("\n", "").replace("\t", " ")):
            raise ValidationError(
                "Your access needs must not include hidden formatting characters. Please type them again.",
                code="hidden_characters",
            )


class BookingForm(HoneypotFormMixin, forms.Form):
    """Book a place: name, email, access needs (private) and consent."""

    name = PlainTextField(
        noun="your name",
        label="Your name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAddressField(help_text="We send your booking and the link to confirm it here.")
    access_needs = AccessNeedsField(
        label="Is there anything we can do to help you take part?",
        required=False,
        help_text=(
            "For example a BSL interpreter, a seat near the door, a quiet room, large print or help "
            "with travel costs. Only the organisers see this."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=CONSENT.text,
        required=True,
        error_messages={"required": "Tick the box to say we may keep your details for your booking"},
    )
    source = SourcePathField(fallback="/gatherings/")

    field_order = ["name", "email", "access_needs", "consent"]
