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
