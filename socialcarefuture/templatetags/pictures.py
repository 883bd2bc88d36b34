"""Picture helpers: ``{{ image.credit|credit_links }}``, a credit with its licence
linked, and ``{% share_picture image as picture %}``, the JPEG a shared page shows.

A Creative Commons licence asks for a link to the licence beside the credit. A
convenor writes the licence's short name in the credit ("... (CC BY 4.0)") and
the figure links it; anything else in the credit stays plain, escaped text.
"""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from socialcarefuture import images

register = template.Library()

LICENCES = {
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY 2.0": "https://creativecommons.org/licenses/by/2.0/",
    "CC BY-SA 2.0": "https://creativecommons.org/licenses/by-sa/2.0/",
}
PATTERN = re.compile("|".join(re.escape(name) for name in sorted(LICENCES, key=len, reverse=True)))


@register.filter
def credit_links(credit):
    """The credit as HTML, each licence name in it a link to the licence."""
    text = str(credit or "")
    parts, last = [], 0
    for match in PATTERN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(
            format_html('<a href="{}" rel="license">{}</a>', LICENCES[match.group(0)], match.group(0))
        )
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


@register.simple_tag
def share_picture(image):
    """``{% share_picture image as picture %}``: the JPEG a shared page shows
    (``picture.url``, ``.width``, ``.height``), also for an SVG."""
    return images.share_picture(image)
