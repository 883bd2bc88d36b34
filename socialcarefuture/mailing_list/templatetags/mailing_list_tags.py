from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from socialcarefuture import fragments

from ..forms import SignUpForm
from ..views import FOOTER_FORM_ID

register = template.Library()

#: Stands for the page's address in the kept footer form.
SOURCE_MARK = "scf-footer-form-source-mark"


@register.simple_tag
def privacy_notice_url():
    """Where the privacy notice lives (settings.MAILING_LIST_PRIVACY_URL, else /privacy/)."""
    from django.conf import settings

    return getattr(settings, "MAILING_LIST_PRIVACY_URL", "/privacy/")


@register.simple_tag(takes_context=True)
def footer_signup_wanted(context):
    """Whether the mailing-list form belongs at the foot of this page.

    One call to action at the end of a page: the form is left out on the
    mailing-list pages, which have their own (``hide_footer_signup``), and on a
    page whose body ends with its own call-to-action box, because the convenor
    chose how that page ends. Reads the stored block types only, so it costs
    no query and renders nothing.
    """
    if context.get("hide_footer_signup"):
        return False
    body = getattr(context.get("page"), "body", None)
    raw = getattr(body, "raw_data", None)
    return not (raw and raw[-1]["type"] == "call_to_action")


@register.simple_tag(takes_context=True)
def footer_signup_form_html(context):
    """The footer's sign-up form, drawn once and kept (``socialcarefuture/
    fragments.py``): the same on every page but for the hidden address of the
    page it is on, which is put in each time (so one copy serves every address,
    and no address anyone types makes one more copy)."""
    request = context.get("request")

    def draw():
        form = SignUpForm(auto_id=FOOTER_FORM_ID, initial={"source": SOURCE_MARK})
        return render_to_string(
            "mailing_list/signup_form.html", {"form": form, "variant": "footer"}, request=request
        )

    html = fragments.cached("footer-signup", request, draw)
    return mark_safe(html.replace(escape(SOURCE_MARK), escape(request.path if request else "/")))  # noqa: S308
