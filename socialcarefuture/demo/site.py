"""The site's own demo content: the vision page, standard pages, menus and
settings. The words are in ``socialcarefuture/demo_content/``; this is the logic."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from ..models import HomePage, SiteSettings
from .loader import DemoContent


def stream(*blocks):
    """Raw StreamField data from ``(type, value)`` pairs (tests build bodies with it)."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def load(stdout):
    """Create the site tree once; return the home page either way."""
    existing = HomePage.objects.first()
    if existing:
        stdout.write("Site pages already exist: left as they are.")
        return existing

    root = Page.get_first_root_node()
    # Wagtail's first migration makes a placeholder "Welcome" page; replace it.
    for placeholder in root.get_children().filter(content_type__model="page"):
        placeholder.delete()

    demo = DemoContent("socialcarefuture")
    demo.pages(parent=root)
    home = HomePage.objects.get()

    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    url = urlsplit(settings.SITE_URL)
    site.hostname = url.hostname or "localhost"
    site.port = url.port or (443 if url.scheme == "https" else 80)
    site.root_page = home
    demo.update(site, "settings.yaml", "site")
    demo.update(SiteSettings.for_site(site), "settings.yaml", "site_settings")

    stdout.write("Created the vision page, standard pages, menus and site settings.")
    return home
