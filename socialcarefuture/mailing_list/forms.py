from django import forms

from socialcarefuture.confirmations.forms import (
    EmailAddressField,
    HoneypotFormMixin,
    PlainTextField,
    SourcePathField,
)

from .models import CONSENT, Interest

INTERESTS_HINT = "Choose as many as you like. If you choose none, we will send you news about all of them."


class InterestsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=Interest.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "Choose from the list"},
            **kwargs,
        )


class PreferencesForm(forms.Form):
    """What a subscriber hears about, from the link in their emails."""

    name = PlainTextField(
        noun="your name",
        label="Your name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    interests = InterestsField(label="What would you like to hear about?", help_text=INTERESTS_HINT)


class SignUpForm(HoneypotFormMixin, PreferencesForm):
    """The sign-up form, in the footer of every page and on /mailing-list/:
    the preferences, plus the address and the consent."""

    email = EmailAddressField()
    consent = forms.BooleanField(
        label=CONSENT.text,
        required=True,
        error_messages={"required": "Tick the box to say you are happy for us to email you"},
    )
    source = SourcePathField(fallback="/mailing-list/")

    # The order of fields in the error summary and on the page.
    field_order = ["email", "name", "interests", "consent"]
