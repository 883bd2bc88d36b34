"""The picture sizes the templates ask for, in one place.

``components/figure.html`` asks for these renditions; listings prefetch exactly
the same ones (``card_images``), so a page of cards costs the same few queries
however many cards it shows. A test checks that the two agree.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model

# The card partial's picture (components/figure.html, variant "card").
CARD_RENDITIONS = (
    "fill-400x250|format-webp|webpquality-80",
    "fill-800x500|format-webp|webpquality-80",
)
# An SVG (the demo's drawn scenes) is shown as its original file at every size,
# so it needs no renditions: a whole scene is 3 to 8 KB compressed.
# The picture used when a page is shared, in feeds and in JSON-LD. An SVG stays an
# SVG ("format-jpeg" cannot rasterise it; Wagtail would raise an error).
SOCIAL_RENDITION = "fill-1200x630|format-jpeg|preserve-svg"


def card_images():
    """Images with their card renditions, for ``Prefetch``."""
    return get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)


def prefetch_card_images(*fields):
    """``Prefetch`` objects for image foreign keys shown on cards."""
    return [Prefetch(field, queryset=card_images()) for field in fields]
