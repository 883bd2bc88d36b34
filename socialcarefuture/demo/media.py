"""Get-or-create helpers for demo images and documents, shared by every app's
demo content. Each item is found again by its title, so loading twice makes
nothing new."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .art import draw_scene, make_pdf

DEMO_CREDIT = "Demo illustration by the Social Care Future web team"


def demo_image(title, alt_text, scene, seed, credit=DEMO_CREDIT):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image:
        return image
    image = Image(
        title=title,
        description=alt_text,
        credit=credit,
        file=ImageFile(io.BytesIO(draw_scene(scene, seed)), name=f"demo-{scene}-{seed}.png"),
    )
    image.save()
    return image


def demo_document(title, filename, lines, easy_read=False):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document:
        return document
    document = Document(title=title)
    document.file.save(filename, ContentFile(make_pdf(title, lines, easy_read=easy_read)), save=False)
    document.save()
    return document
