"""The shared form pieces: careful fields, the honeypot, and the field and
error-summary partials every public form uses."""

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template.loader import render_to_string

from socialcarefuture.confirmations.forms import (
    EmailAddressField,
    HoneypotFormMixin,
    PlainTextField,
    SourcePathField,
    has_hidden_characters,
)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("sam@example.org", "sam@example.org"),
        ("  Sam@Example.org\n", "Sam@Example.org"),
        ("ｓａｍ@ｅｘａｍｐｌｅ.org", "sam@example.org"),  # full-width letters (NFKC)
        ("o'brien+news@example.co.uk", "o'brien+news@example.co.uk"),
        ("sam@bücher.example", "sam@bücher.example"),  # international domain
    ],
)
def test_email_field_keeps_a_tidy_address(typed, kept):
    assert EmailAddressField().clean(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "required"),
        ("sam", "invalid"),
        ("a@b.com\nBcc: x@y.com", "invalid"),
        ("a@b.com%0ABcc:x@y.com", "invalid"),
        ("sam @example.org", "invalid"),
        ("sam@exa\u202emple.org", "invalid"),
        ("sam\x00@example.org", "invalid"),
        ("x" * 245 + "@example.org", "max_length"),
    ],
)
def test_email_field_refuses_with_one_clear_message(typed, code):
    field = EmailAddressField()
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typed)
    assert len(caught.value.messages) == 1
    assert caught.value.messages[0] == field.error_messages[code]


def test_email_field_has_no_maxlength_attribute_and_helps_browsers():
    widget = EmailAddressField().widget
    assert widget.input_type == "email"
    assert widget.attrs["autocomplete"] == "email"
    assert "maxlength" not in EmailAddressField().widget_attrs(widget)


def test_plain_text_field():
    field = PlainTextField(noun="your organisation", max_length=10)
    assert field.clean("  Acme  ") == "Acme"
    for bad, message in [
        ("", "Enter your organisation"),
        ("A" * 11, "Your organisation must be 10 characters or fewer"),
        ("<i>Ac</i>", "Your organisation must not include < or >"),
        (
            "Ac\u202eme",
            "Your organisation must not include hidden formatting characters. Please type it again.",
        ),
    ]:
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(bad)
        assert caught.value.messages == [message]


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Zoë O'Brien-Smith", False),
        ("محمد", False),
        ("می\u200cخواهم", False),  # Persian needs the zero-width non-joiner
        ("👩\u200d👩\u200d👧", False),  # an emoji family is joined with ZWJ
        ("Sam\u202eLee", True),  # right-to-left override
        ("Sam\u2067Lee", True),  # right-to-left isolate
        ("Sam\u200bLee", True),  # zero-width space
        ("Sam\x00Lee", True),
        ("Sam\tLee", True),
        ("Sam\u2028Lee", True),  # line separator
        ("Sam\ue000", True),  # private use
    ],
)
def test_hidden_characters(text, hidden):
    assert has_hidden_characters(text) is hidden


def test_source_path_field_accepts_local_paths_only():
    field = SourcePathField(fallback="/fallback/")
    assert field.clean("/blog/a-post/") == "/blog/a-post/"
    for bad in ["", "https://evil.example/", "//evil.example/", "/a b/", "/<script>/", "/" + "a" * 300, None]:
        assert field.clean(bad) == "/fallback/"


class ExampleForm(HoneypotFormMixin, forms.Form):
    email = EmailAddressField(help_text="We only use it to reply.")
    name = PlainTextField(noun="your name", label="Your name", required=False)
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("a", "Apples"), ("b", "Bees")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree", error_messages={"required": "Tick the box"})


def render(form, *fields):
    html = render_to_string("components/error_summary.html", {"form": form})
    for field in fields:
        html += render_to_string("components/form_field.html", {"field": form[field]})
    return BeautifulSoup(html, "html.parser")


def test_form_field_partial_without_errors():
    page = render(ExampleForm(auto_id="f-%s"), "email", "name", "topics", "agree")
    assert not page.select("[data-error-summary]")
    email = page.select_one("#f-email")
    assert page.select_one("label[for=f-email]").get_text() == "Email address"
    assert email["aria-describedby"] == "f-email-hint"
    assert page.select_one("#f-email-hint").get_text() == "We only use it to reply."
    assert page.select_one("label[for=f-name]").get_text() == "Your name (optional)"
    assert page.select_one("fieldset legend").get_text() == "Topics"
    assert [label.get_text() for label in page.select("fieldset label")] == ["Apples", "Bees"]
    assert page.select_one("label[for=f-agree]").get_text() == "I agree"


def test_form_field_partial_with_errors_and_the_summary():
    form = ExampleForm({"email": "nope", "name": "Sam", "topics": []}, auto_id="f-%s")
    assert not form.is_valid()
    page = render(form, "email", "name", "topics", "agree")
    summary = page.select_one("[data-error-summary]")
    assert summary["tabindex"] == "-1"
    assert summary.select_one("[role=alert] h2").get_text() == "There is a problem"
    assert [(a.get_text(), a["href"]) for a in summary.select("a")] == [
        ("Enter an email address in the correct format, like name@example.com", "#f-email"),
        ("This field is required.", "#f-topics_0"),
        ("Tick the box", "#f-agree"),
    ]
    email = page.select_one("#f-email")
    assert email["value"] == "nope"
    assert email["aria-describedby"] == "f-email-hint f-email-error"
    assert "form-field--error" in email.find_parent(class_="form-field")["class"]
    error = page.select_one("#f-email-error")
    assert error.get_text(" ", strip=True).startswith("Error: Enter an email address")
    assert page.select_one("fieldset")["aria-describedby"] == "f-topics-error"
    assert page.select_one("#f-agree")["aria-describedby"] == "f-agree-error"
    assert page.select_one("#f-name")["value"] == "Sam"


def test_honeypot_tag():
    from django.template import Context, Template

    html = Template("{% load form_tags %}{% honeypot_field form %}").render(Context({"form": ExampleForm()}))
    trap = BeautifulSoup(html, "html.parser").select_one("div")
    assert trap["class"] == ["honeypot"] and trap["aria-hidden"] == "true"
    assert not trap.has_attr("style")
    field = trap.select_one("input")
    assert field["tabindex"] == "-1" and field["autocomplete"] == "off" and field["name"] == "website_url"
    assert trap.select_one("label")["for"] == field["id"]
    assert ExampleForm({"website_url": "x"}).is_bot()
    assert not ExampleForm({"website_url": "  "}).is_bot()
