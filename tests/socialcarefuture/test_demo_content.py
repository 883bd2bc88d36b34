"""`load_demo_content` fills an empty site once; a second run changes nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from socialcarefuture.models import HomePage, SiteSettings, StandardPage


def snapshot():
    """Every row of every model the demo content touches, as comparable data."""
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if not model._meta.label.startswith(("django_tasks", "sessions.", "admin.", "wagtailsearch."))
    }
    pages = list(
        Page.objects.order_by("path").values_list("path", "title", "slug", "live", "latest_revision_id")
    )
    sites = list(Site.objects.values_list("hostname", "port", "root_page_id", "site_name"))
    return counts, pages, sites


@pytest.mark.django_db
def test_demo_content_loads_once_and_a_second_run_changes_nothing():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    first = snapshot()
    call_command("load_demo_content", stdout=out)
    assert snapshot() == first
    assert "already exist" in out.getvalue()


@pytest.mark.django_db
def test_demo_content_builds_the_site_a_newcomer_expects(client):
    call_command("load_demo_content", stdout=io.StringIO())
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert home.live and len(home.ways) == 5
    titles = set(StandardPage.objects.live().values_list("title", flat=True))
    assert {
        "About us",
        "People power",
        "Guidance for event organisers",
        "Privacy notice",
        "Accessibility statement",
        "Contact us",
    } <= titles
    site_settings = SiteSettings.for_site(site)
    assert site_settings.contact_email
    assert site_settings.twitter_url and site_settings.facebook_url
    assert len(site_settings.main_menu) >= 4
    # Wagtail's placeholder page is gone, and every page has a published revision.
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    assert Revision.page_revisions.count() >= StandardPage.objects.count()
    html = client.get("/").content.decode()
    assert "A good life, in the place we call home" in html
    assert "People power" in html


@pytest.mark.django_db
def test_ensure_admin_creates_one_account_and_says_how_to_log_in(settings, tmp_path, monkeypatch, client):
    import re

    from django.contrib.auth import get_user_model

    settings.BASE_DIR = tmp_path
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    first = io.StringIO()
    call_command("ensure_admin", stdout=first)
    password = re.search(r"password: (\S+)", first.getvalue()).group(1)
    assert (tmp_path / ".admin-password").read_text().strip() == password
    second = io.StringIO()
    call_command("ensure_admin", stdout=second)
    assert password in second.getvalue()
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200
