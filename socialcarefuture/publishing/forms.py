"""The editing form every page type uses (``BasePage.base_form_class``).

It makes three things hard to get wrong:

* **Scheduling.** The go-live and expiry fields say what they do, the date
  picker starts at 9am and no longer swaps a mistyped date for "now" when you
  leave the field (which used to publish a page at once), a go-live time that
  has already passed is refused, and a clear message says where the schedule
  is when something in it is wrong.
* **The page address.** When the address (slug) is already taken, the message
  at the top of the page names the other page and says that the address is on
  the Promote tab, whichever tab the person is on.
* **Short choices.** A choice of a few things shown as radio buttons (such as
  a blog post's category) offers "None" instead of a row of dashes.

An app that needs its own page form subclasses ``PageForm``.
"""

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.models import Page

from .dates import long_datetime

DATE_EXAMPLE = "24/12/2026 09:00"

GO_LIVE_HELP = (
    "Leave empty to publish as soon as the page is published or approved. Set a date and time "
    "(UK time) to publish it then, by itself. If the page is already live, it stays as it is "
    "now until that time: only these changes wait."
)
EXPIRE_HELP = (
    "Leave empty to keep the page on the site. Set a date and time (UK time) to take it off the site then."
)

#: Fields that are not on the Content tab, and where a person finds them.
WHERE = {
    "slug": "on the Promote tab",
    "seo_title": "on the Promote tab",
    "search_description": "on the Promote tab",
    "go_live_at": "in the publishing schedule (the Status panel, then 'Set schedule')",
    "expire_at": "in the publishing schedule (the Status panel, then 'Set schedule')",
}


class SchedulingDateTimeInput(AdminDateTimeInput):
    """Wagtail's date and time picker, made safe for scheduling."""

    def get_config(self):
        config = super().get_config()
        config.update(
            # Keep what the person typed when they leave the field (the picker's
            # default replaces a date it cannot read with the current time).
            validateOnBlur=False,
            # Picking a day gives 9am, not the current minute.
            defaultTime="09:00",
            # Days in the past cannot be picked.
            minDate="0",
        )
        return config


def scheduling_widget(widget):
    new = SchedulingDateTimeInput(
        attrs=widget.attrs,
        format=widget.format,
        js_overlay_parent_selector=getattr(widget, "js_overlay_parent_selector", "body"),
    )
    new.attrs.setdefault("placeholder", f"For example {DATE_EXAMPLE}")
    return new


class PageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, help_text, label in (
            ("go_live_at", GO_LIVE_HELP, "Go live on"),
            ("expire_at", EXPIRE_HELP, "Take off the site on"),
        ):
            field = self.fields.get(name)
            if field is None:
                continue
            field.label = label
            field.help_text = help_text
            field.error_messages["invalid"] = f"Enter a date and time like {DATE_EXAMPLE}"
            field.widget = scheduling_widget(field.widget)
        slug = self.fields.get("slug")
        if slug is not None:
            slug.label = "Page address"
            slug.help_text = (
                "The last part of this page's web address, such as 'our-story' in /blog/our-story/. "
                "Use lower-case letters, numbers and hyphens. It is made from the title for you."
            )
        for field in self.fields.values():
            if (
                isinstance(field, forms.ModelChoiceField)
                and isinstance(field.widget, forms.RadioSelect)
                and field.empty_label
            ):
                field.empty_label = "None"

    def clean(self):
        cleaned_data = super().clean()
        go_live_at = cleaned_data.get("go_live_at")
        if go_live_at and "go_live_at" in self.changed_data and go_live_at <= timezone.now():
            self.add_error(
                "go_live_at",
                f"{long_datetime(go_live_at)} has already passed. Choose a time in the future, "
                "or leave it empty to publish straight away.",
            )
        explained = self.has_error("slug") and self.explain_slug_clash()
        for name, where in WHERE.items():
            if self.has_error(name) and not (name == "slug" and explained):
                label = self.fields[name].label or name
                self.add_error(None, f"Check '{label}', {where}.")
        return cleaned_data

    def explain_slug_clash(self):
        """Name the page that already has this address; say where to change it."""
        slug = self.data.get(self.add_prefix("slug"), "")
        parent = self.parent_page
        if not slug or parent is None:
            return False
        other = (
            Page.objects.child_of(parent)
            .filter(slug=slug)
            .exclude(pk=self.instance.pk)
            .only("id", "title", "draft_title", "live")
            .first()
        )
        if other is None:
            return False
        state = "a live page" if other.live else "a draft"
        self.add_error(
            None,
            f"Another page here already uses the address '{slug}': '{other.draft_title or other.title}' "
            f"({state}). If it is the same page, open that one instead. If not, change this page's "
            "title or its address on the Promote tab.",
        )
        return True
