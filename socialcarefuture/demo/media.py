"""Get-or-create helpers for demo images and documents, shared by every app's
demo content. Each item is found again by its title, so loading twice makes
nothing new. A picture is drawn by ``art.draw_scene`` as an SVG (or read from a
file the app ships); a document is a one-page PDF made by ``art.make_pdf`` (or
a file).

The pictures are served as SVG: a whole scene is 9 to 25 KB, 3 to 6 KB
compressed, against 7 to 11 KB for one WebP card rendition and 13 to 21 KB for
a hero (see README, "Illustrations")."""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .art import draw_scene, make_pdf

# What CC BY 4.0 asks of us: the artist, the licence (figure.html links it), and
# that we changed the work (we recolour and compose Humaaans into scenes).
DEMO_CREDIT = "Adapted from Humaaans by Pablo Stanley (CC BY 4.0)"


def make_image(title, alt_text, scene=None, seed=None, credit=DEMO_CREDIT, path=None):
    """A new image: a drawn scene, or the picture at ``path``."""
    if path is not None:
        content, name = Path(path).read_bytes(), Path(path).name
    else:
        content, name = draw_scene(scene, seed).encode(), f"{scene}-{seed}.svg"
    image = get_image_model()(
        title=title, description=alt_text, credit=credit, file=ImageFile(io.BytesIO(content), name=name)
    )
    image.save()
    return image


def make_document(title, filename, lines=(), easy_read=False, path=None):
    """A new document: a one-page PDF of ``lines``, or the file at ``path``."""
    content = Path(path).read_bytes() if path is not None else make_pdf(title, lines, easy_read=easy_read)
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def demo_image(title, alt_text, scene, seed, credit=DEMO_CREDIT):
    return get_image_model().objects.filter(title=title).first() or make_image(
        title, alt_text, scene, seed, credit
    )


def demo_document(title, filename, lines, easy_read=False):
    return get_document_model().objects.filter(title=title).first() or make_document(
        title, filename, lines, easy_read
    )
