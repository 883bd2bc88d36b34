"""Form pieces every public form shares: careful fields and a honeypot.

* ``EmailAddressField``: trims and NFKC-normalises what was typed, then gives one
  clear message for anything that is not a single, plain address (including
  header-injection attempts such as ``a@b.com\\nBcc: x@y.com``).
* ``PlainTextField``: for names, organisations and roles; refuses control and
  bidirectional-override characters and ``<`` / ``>``.
* ``HoneypotFormMixin``: a field people never see or reach (hidden by the
  ``.honeypot`` class, out of the tab order, hidden from screen readers); a bot
  that fills it is answered as if it had succeeded, and nothing is stored.

Render fields with ``{% include "components/form_field.html" %}`` and the
honeypot with ``{% honeypot_field form %}`` (``form_tags``).
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Joiners that some scripts (and emoji) need inside names; every other
# formatting character, control character or unassigned code point is refused.
_ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
_REFUSED_CATEGORIES = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}


def has_hidden_characters(value):
    """True if ``value`` holds control, formatting (bidi override, zero width
    space) or unassigned characters."""
    for char in value:
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES:
            return True
        if category == "Cf" and char not in _ALLOWED_FORMAT_CHARACTERS:
            return True
    return False


def clean_text(value):
    """What a text field keeps: NFKC-normalised, trimmed."""
    return unicodedata.normalize("NFKC", value or "").strip()


class TypedTextField(forms.CharField):
    """What people type, checked by our own rules, one message per problem.

    The text is NFKC-normalised and trimmed; Django's length and null-character
    validators are dropped (they would add a second message), and no
    ``maxlength`` attribute is set (browsers would cut long text off silently,
    where a message can say what is wrong). Subclasses check in ``validate``.
    """

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)
        self.validators = []

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        return clean_text(super().to_python(value))


class EmailAddressField(TypedTextField):
    default_error_messages = {
        "required": "Enter your email address",
        "invalid": "Enter an email address in the correct format, like name@example.com",
        "max_length": "Email address must be 254 characters or fewer",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("label", "Email address")
        kwargs.setdefault(
            "widget",
            forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
            ),
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if len(value) > self.max_length:
            raise ValidationError(self.error_messages["max_length"], code="max_length")
        if has_hidden_characters(value) or any(char.isspace() for char in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PlainTextField(TypedTextField):
    """Text people type about themselves: a name, an organisation, a role.

    ``noun`` names the thing in messages, such as "your name".
    """

    def __init__(self, *, noun, **kwargs):
        self.noun = noun
        kwargs.setdefault("max_length", 200)
        kwargs["error_messages"] = {"required": f"Enter {noun}", **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        noun = self.noun[0].upper() + self.noun[1:]
        if len(value) > self.max_length:
            raise ValidationError(f"{noun} must be {self.max_length} characters or fewer", code="max_length")
        if has_hidden_characters(value):
            raise ValidationError(
                f"{noun} must not include hidden formatting characters. Please type it again.",
                code="hidden_characters",
            )
        if "<" in value or ">" in value:
            raise ValidationError(f"{noun} must not include < or >", code="markup")


class SourcePathField(forms.CharField):
    """The path of the page a form was on, kept with the consent record.

    Sent by the form itself; anything that is not a plain local path becomes the
    ``fallback``, so a tampered value is harmless.
    """

    def __init__(self, *, fallback, **kwargs):
        self.fallback = fallback
        super().__init__(required=False, widget=forms.HiddenInput, **kwargs)

    def clean(self, value):
        value = clean_text(value)
        if (
            not value.startswith("/")
            or value.startswith("//")
            or len(value) > 200
            or has_hidden_characters(value)
            or any(char.isspace() or char in "<>\"'\\" for char in value)
        ):
            return self.fallback
        return value


class HoneypotFormMixin(forms.Form):
    """Adds ``website_url``, which only bots fill in (see ``is_bot``)."""

    honeypot_field_name = "website_url"

    website_url = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self):
        return bool(self.data.get(self.honeypot_field_name, "").strip())
