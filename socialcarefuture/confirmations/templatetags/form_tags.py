"""Template helpers for the shared form partials (components/form_field.html,
components/error_summary.html)."""

from django import template
from django.utils.html import format_html

register = template.Library()

_WIDGET_CLASSES = {
    "textarea": "form-textarea",
    "select": "form-select",
    "checkbox": "form-check__input",
}
_GROUP_WIDGETS = {"checkboxselectmultiple", "radioselect"}


def _describedby(field):
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def describedby(field):
    """The ids of a field's hint and error, for ``aria-describedby``."""
    return _describedby(field)


@register.filter
def is_group(field):
    """True for a set of checkboxes or radios (rendered in a fieldset)."""
    return field.widget_type in _GROUP_WIDGETS


@register.filter
def error_target(field):
    """The id an error-summary link should point at: the input, or the first
    option of a group."""
    if field.widget_type in _GROUP_WIDGETS:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag
def field_widget(field):
    """The field's input, with our CSS class and ``aria-describedby`` set."""
    attrs = {"class": _WIDGET_CLASSES.get(field.widget_type, "form-input")}
    if field.widget_type != "hidden" and field.field.widget.attrs.get("class"):
        attrs["class"] += " " + field.field.widget.attrs["class"]
    if described := _describedby(field):
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.simple_tag
def honeypot_field(form):
    """The honeypot: not shown, not in the tab order, hidden from screen readers."""
    name = getattr(form, "honeypot_field_name", None)
    if not name or name not in form.fields:
        return ""
    field = form[name]
    return format_html(
        '<div class="honeypot" aria-hidden="true"><label for="{}">{}</label>{}</div>',
        field.id_for_label,
        field.label,
        field.as_widget(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
