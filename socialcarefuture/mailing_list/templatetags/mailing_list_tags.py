from django import template

from ..forms import SignUpForm
from ..views import FOOTER_FORM_ID

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_signup_form(context):
    """An empty sign-up form for the footer, remembering which page it is on."""
    request = context.get("request")
    return SignUpForm(auto_id=FOOTER_FORM_ID, initial={"source": request.path if request else "/"})


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
