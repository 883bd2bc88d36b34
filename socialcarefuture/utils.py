"""Small helpers every app shares: absolute addresses, JSON-LD, share links,
slugs and lists of names."""

import json
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import mark_safe
from django.utils.text import slugify

SITE_NAME = "Social Care Future"


def absolute_url(path):
    """An absolute address on the public site (``settings.SITE_URL``), from a
    path such as ``/blog/``. Addresses that are absolute already are kept."""
    if not path:
        return settings.SITE_URL + "/"
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def json_for_script(data):
    """JSON that is safe inside a ``<script>`` element (no ``</script>`` break-out)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    escapes = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    return mark_safe(text.translate(escapes))  # noqa: S308 - escaped just above


def organisation_json_ld():
    """The movement as a schema.org ``Organization`` (publisher, organiser, author)."""
    return {
        "@type": "Organization",
        "name": SITE_NAME,
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(static("img/favicon.svg"))},
    }


def _quote(value, safe="", encoding=None, errors=None):
    """``quote`` rather than ``quote_plus``: mail programs show ``+`` literally."""
    return quote(value, safe=safe, encoding=encoding, errors=errors)


def share_links(url, title):
    """``(name, address)`` pairs for sharing a page: plain links, no third-party scripts."""
    return [
        ("Email", "mailto:?" + urlencode({"subject": title, "body": f"{title}\n{url}"}, quote_via=_quote)),
        ("X (Twitter)", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
    ]


def unique_slug(instance, source, max_length=80, field="slug"):
    """A slug made from ``source`` that no other row of the model uses."""
    base = slugify(source)[:max_length].strip("-") or "item"
    slug, number = base, 2
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(**{field: slug}).exists():
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
        number += 1
    return slug


def join_names(names):
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
