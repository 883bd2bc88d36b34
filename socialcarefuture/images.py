"""The picture sizes the templates ask for, in one place.

``components/figure.html`` asks for these renditions; listings prefetch exactly
the same ones (``card_images``), so a page of cards costs the same few queries
however many cards it shows. A test checks that the two agree.
"""

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models import Prefetch
from PIL import Image
from wagtail.images import get_image_model

logger = logging.getLogger(__name__)

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


# Sharing ---------------------------------------------------------------------------------
#
# Social networks show JPEG and PNG, not SVG, and Wagtail cannot turn an SVG into
# either. So a page whose picture is an SVG (the demo's drawn scenes) shares a JPEG
# drawn once from it with cairosvg and stored beside the renditions.

SHARE_SIZE = (1200, 630)


@dataclass(frozen=True)
class SharePicture:
    url: str
    width: int
    height: int


def rasterise_svg(svg_bytes, size=SHARE_SIZE):
    """JPEG bytes of the SVG, scaled to cover ``size`` and cropped to its middle."""
    import cairosvg

    width, height = size
    # unsafe=False (the default, said here on purpose): no external files, no XML
    # entities, no huge files, so an uploaded SVG cannot make the server fetch anything.
    png = cairosvg.svg2png(bytestring=svg_bytes, output_width=width, unsafe=False)
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    scale = max(width / picture.width, height / picture.height)
    picture = picture.resize((round(picture.width * scale), round(picture.height * scale)), Image.LANCZOS)
    left, top = (picture.width - width) // 2, (picture.height - height) // 2
    buffer = io.BytesIO()
    picture.crop((left, top, left + width, top + height)).save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def share_picture(image):
    """The picture a shared page shows: the 1200 x 630 JPEG rendition, or for an SVG a
    JPEG drawn from it (made once, then found by name; the cache saves asking storage).
    None when the picture's file is missing or cannot be drawn: the page then goes
    without a share picture rather than failing."""
    try:
        return _share_picture(image)
    except Exception:  # noqa: BLE001 - a broken picture must never take a page down
        logger.warning("No share picture for image %s", image.pk, exc_info=True)
        return None


def _share_picture(image):
    if not image.is_svg():
        rendition = image.get_rendition(SOCIAL_RENDITION)
        return SharePicture(rendition.url, rendition.width, rendition.height)
    storage = image.file.storage
    stem = Path(image.file.name).stem
    name = f"images/share/{stem}-{(image.file_hash or str(image.pk))[:10]}.jpg"
    key = f"share-picture:{name}"
    if not cache.get(key):
        if not storage.exists(name):
            with image.open_file() as file:
                storage.save(name, ContentFile(rasterise_svg(file.read())))
        cache.set(key, True, None)
    return SharePicture(storage.url(name), *SHARE_SIZE)
