"""Factories for glimpses. Glimpses are created live with a first-publication
time (as if published), which is much faster than publishing a revision each."""

import datetime
import json

import factory
import wagtail_factories
from django.utils import timezone

from glimpses.models import GlimpseIndexPage, GlimpsePage, GlimpseTheme

BASE_TIME = timezone.make_aware(datetime.datetime(2025, 1, 1, 10, 0))


class GlimpseThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlimpseTheme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = factory.LazyAttribute(lambda o: f"What {o.name.lower()} glimpses share.")
    icon = "heart"


class GlimpseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GlimpseIndexPage

    title = "Glimpses of the future"
    slug = "glimpses"
    introduction = "Real ways of working that show what care and support can be."


class GlimpsePageFactory(wagtail_factories.PageFactory):
    """A live glimpse. ``themes=[...]`` sets its themes (saved with the page)."""

    class Meta:
        model = GlimpsePage

    title = factory.Sequence(lambda n: f"Glimpse number {n}")
    slug = factory.Sequence(lambda n: f"glimpse-{n}")
    summary = factory.LazyAttribute(lambda o: f"What makes {o.title.lower()} special.")
    region = "north-west"
    place = "Kendal"
    body = factory.LazyFunction(
        lambda: json.dumps([{"type": "paragraph", "value": "<p>People lead their own support.</p>"}])
    )
    first_published_at = factory.Sequence(lambda n: BASE_TIME + datetime.timedelta(days=n))
    last_published_at = factory.SelfAttribute("first_published_at")
    live = True
