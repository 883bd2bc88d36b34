"""The form to sign the pledge, on /pledge/ and on its own page at /pledge/sign/."""

import re

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
from socialcarefuture.mailing_list.models import CONSENT as MAILING_LIST_CONSENT

from .models import OrganisationType


class CommentField(TypedTextField):
    """A few sentences in a text area: new lines are fine, other hidden
    characters (controls, bidirectional overrides, zero-width spaces) are not.
    It is always shown escaped, so ``<`` and ``>`` are harmless."""

    def __init__(self, *, noun, **kwargs):
        self.noun = noun
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def to_python(self, value):
        # One kind of line break; never more than one empty line in a row.
        value = super().to_python(re.sub(r"\r\n?", "\n", value or ""))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in value.split("\n")))

    def validate(self, value):
        super().validate(value)
        noun = self.noun[0].upper() + self.noun[1:]
        if len(value) > self.max_length:
            raise ValidationError(f"{noun} must be {self.max_length} characters or fewer", code="max_length")
        if has_hidden_characters(value.replace("\n", "")):
            raise ValidationError(
                f"{noun} must not include hidden formatting characters. Please type it again.",
                code="hidden_characters",
            )


class PledgeForm(HoneypotFormMixin, forms.Form):
    """Who is signing, whether to list them, and (separately) the mailing list."""

    #: Element ids start "pledge-": the same on /pledge/ and on /pledge/sign/, so
    #: the error summary's links always find their fields.
    ID_FORMAT = "pledge-%s"

    name = PlainTextField(
        noun="your name",
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = PlainTextField(
        noun="your job title or role",
        label="Job title or role",
        max_length=150,
        help_text="For example 'Director of adult social care' or 'Conference organiser'.",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    organisation = PlainTextField(
        noun="your organisation",
        label="Organisation",
        max_length=200,
        help_text="If you are signing for yourself, write 'Independent'.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the type of organisation",
            "invalid_choice": "Choose the type of organisation from the list",
        },
    )
    email = EmailAddressField(
        help_text="We will email you a link to confirm your signature. We never show your email address.",
    )
    comment = CommentField(
        noun="your comment",
        label="Why are you signing?",
        required=False,
        max_length=500,
        help_text=(
            "A sentence or two, 500 characters at most. If you are on the public list, we show it "
            "there once one of our team has read it."
        ),
    )
    listed = forms.BooleanField(
        required=False,
        label="Show my name, role and organisation on the public list",
        help_text="If you leave this unticked, we count your signature but do not show your name.",
    )
    join_mailing_list = forms.BooleanField(
        required=False,
        label=MAILING_LIST_CONSENT.text,
        help_text=(
            "This is separate from the pledge. We will send you another email to confirm it, and "
            "news about gatherings, posts, campaigns and local action."
        ),
    )
    source = SourcePathField(fallback="/pledge/")

    # The order of fields in the error summary and on the page.
    field_order = [
        "name",
        "role",
        "organisation",
        "organisation_type",
        "email",
        "comment",
        "listed",
        "join_mailing_list",
    ]
