"""Factories for the site-wide models. Apps keep theirs in tests/<app>/factories.py."""

import io

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from socialcarefuture.demo.art import make_pdf
from socialcarefuture.models import HomePage, StandardPage

_PNG = {}


def png_bytes(seed=1):
    """A small PNG, different for each seed (the demo's own pictures are SVG)."""
    if seed not in _PNG:
        picture = Image.new("RGB", (320, 200), (255, 248, 240))
        draw = ImageDraw.Draw(picture)
        draw.rectangle([0, 130, 320, 200], fill=(15, 118, 110))
        draw.ellipse([40 + seed * 17 % 200, 40, 120 + seed * 17 % 200, 120], fill=(249, 115, 22))
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        _PNG[seed] = buffer.getvalue()
    return _PNG[seed]


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Picture {n}")
    description = factory.Sequence(lambda n: f"People working together in a garden, picture {n}")
    credit = "Illustration by a sample artist"
    file = factory.LazyAttribute(lambda o: ImageFile(io.BytesIO(png_bytes()), name="picture.png"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Report {n}")
    file = factory.django.FileField(
        filename="report.pdf", data=factory.LazyFunction(lambda: make_pdf("A sample report", ["Line one"]))
    )


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    slug = "home"
    hero_heading = "A good life, in the place we call home"
    vision = "<p>Everyone living in the place they call home.</p>"


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Standard page {n}")
    slug = factory.Sequence(lambda n: f"standard-page-{n}")
    introduction = "A short opening paragraph."


def build_site():
    """Replace Wagtail's placeholder page with a vision page at the site root."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Social Care Future"
    )
    return home
