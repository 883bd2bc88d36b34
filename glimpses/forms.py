"""The form to suggest a glimpse, built from the shared careful fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from socialcarefuture.confirmations.forms import (
    EmailAddressField,
    HoneypotFormMixin,
    PlainTextField,
    SourcePathField,
    TypedTextField,
    has_hidden_characters,
)
from socialcarefuture.confirmations.models import ConsentWording
from socialcarefuture.regions import Region

from .models import GlimpseTheme

#: The consent wording beside the tick box, word for word. Changing it makes a
#: new stored version; each person's record keeps the version they saw.
CONSENT = ConsentWording(
    purpose="glimpse_suggestion",
    text=(
        "Yes, Social Care Future's convenors may email me about this suggestion: to ask me about it, "
        "and to tell me whether it is published. This does not add me to any mailing list."
    ),
)

STORY_MIN_LENGTH = 20
STORY_MAX_LENGTH = 5000
LINK_MAX_LENGTH = 500


class StoryField(TypedTextField):
    """Several paragraphs of plain text. Line breaks and tabs are kept; other
    hidden characters are refused with a message, as in every other field."""

    widget = forms.Textarea(attrs={"rows": 8})
    default_error_messages = {
        "required": "Tell us the story",
        "min_length": f"Tell us a little more: at least {STORY_MIN_LENGTH} characters",
        "max_length": f"The story must be {STORY_MAX_LENGTH:,} characters or fewer",
        "hidden_characters": "The story must not include hidden formatting characters. Please type it again.",
    }

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if len(value) > STORY_MAX_LENGTH:
            raise ValidationError(self.error_messages["max_length"], code="max_length")
        if len(value) < STORY_MIN_LENGTH:
            raise ValidationError(self.error_messages["min_length"], code="min_length")
        if has_hidden_characters(value.replace("\n", " ").replace("\t", " ")):
            raise ValidationError(self.error_messages["hidden_characters"], code="hidden_characters")


class LinkField(TypedTextField):
    """A web address; "www.example.org" is taken to mean https://www.example.org."""

    widget = forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false", "autocapitalize": "none"})
    default_error_messages = {
        "invalid": "Enter a web address in the correct format, like https://www.example.org",
        "max_length": f"The web address must be {LINK_MAX_LENGTH} characters or fewer",
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value and "://" not in value:
            value = "https://" + value
        return value

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        if len(value) > LINK_MAX_LENGTH:
            raise ValidationError(self.error_messages["max_length"], code="max_length")
        if has_hidden_characters(value) or any(char.isspace() for char in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ThemesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=GlimpseTheme.objects.order_by("name"),
            to_field_name="slug",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": "Choose themes from the list",
                "invalid_pk_value": "Choose themes from the list",
                "invalid_list": "Choose themes from the list",
            },
            **kwargs,
        )


class SuggestionForm(HoneypotFormMixin, forms.Form):
    name = PlainTextField(
        noun="your name",
        label="Your name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAddressField(
        label="Your email address",
        help_text="We send you an email to check it is you. We never show it to anyone else.",
    )
    connection = PlainTextField(
        noun="your connection to it",
        label="Your connection to it",
        max_length=200,
        help_text="For example: 'I help to run it', 'My son is a member' or 'I read about it'.",
    )
    title = PlainTextField(
        noun="what it is called",
        label="What is it called?",
        max_length=120,
        help_text="The name of the group or project, or a few words that describe it.",
    )
    place = PlainTextField(
        noun="where it is",
        label="Where is it?",
        required=False,
        max_length=120,
        help_text="The town, city or area, for example 'Wokingham' or 'North Tyneside'.",
    )
    region = forms.ChoiceField(
        label="Which part of England?",
        choices=[("", "Choose a part of England"), *Region.choices],
        error_messages={
            "required": "Choose which part of England it is in",
            "invalid_choice": "Choose a part of England from the list",
        },
    )
    themes = ThemesField(
        label="What is it about?",
        help_text="Choose any that fit. Leave them all empty if you are not sure.",
    )
    story = StoryField(
        label="Tell us the story",
        help_text=(
            "What happens, who makes it happen, and why it is a glimpse of a better future. "
            "A few sentences is fine."
        ),
    )
    website = LinkField(
        label="A link where we can find out more",
        required=False,
        help_text="A website, social media page or news story, if there is one.",
    )
    consent = forms.BooleanField(
        label=CONSENT.text,
        error_messages={"required": "Tick the box so that we can email you about your suggestion"},
    )
    source = SourcePathField(fallback="/glimpses/share/")

    # The order of fields in the error summary and on the page.
    field_order = [
        "name",
        "email",
        "connection",
        "title",
        "place",
        "region",
        "themes",
        "story",
        "website",
        "consent",
    ]
