"""`load_demo_content` fills an empty site once; a second run changes nothing; the
site it builds is what the data files in each app's demo_content/ say."""

import io
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from blog.models import BlogPostPage
from socialcarefuture.easy_read import FOLDER as EASY_READ_FOLDER
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


def test_demo_content_loads_once_and_a_second_run_changes_nothing(demo_site):
    # demo_site is the demo as the same command loaded it into an empty database.
    out = io.StringIO()
    first = snapshot()
    call_command("load_demo_content", stdout=out)
    assert snapshot() == first
    assert "already exist" in out.getvalue()


def test_demo_content_builds_the_site_a_newcomer_expects(demo_site, client):
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


def page_files():
    """Every page file in every app's demo_content/pages/ (and the Easy Read
    library's pages/), as (path, front matter)."""
    folders = [Path(config.path) / "demo_content" / "pages" for config in apps.get_app_configs()]
    for folder in [*folders, EASY_READ_FOLDER / "pages"]:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".md", ".yaml"):
                text = path.read_text()
                front = text.split("---\n")[1] if path.suffix == ".md" else text
                yield path, yaml.safe_load(front)


def site_yaml():
    folder = Path(apps.get_app_config("socialcarefuture").path) / "demo_content"
    return yaml.safe_load((folder / "settings.yaml").read_text())["site_settings"]


def test_the_demo_is_what_its_data_files_say(demo_site, settings):
    files = list(page_files())
    pages = Page.objects.filter(depth__gte=2).specific()
    assert sorted(page.title for page in pages) == sorted(data["title"] for _, data in files)
    assert all(page.live and not page.has_unpublished_changes for page in pages)

    home = HomePage.objects.get()
    about = StandardPage.objects.get(slug="about")
    assert home.hero_link_page.specific == about and home.hero_image.title == "People gardening together"
    assert about.easy_read_version.slug == "about-easy-read"
    assert [block.block_type for block in about.body] == [
        "heading",
        "paragraph",
        "image",
        "heading",
        "paragraph",
        "quote",
    ]  # and then the footer's mailing-list form: one call to action at the end
    assert about.body[5].value["attribution"] == "Delia, who draws on support in Sheffield"
    organisers = StandardPage.objects.get(slug="guidance-for-event-organisers")
    download = organisers.body[1].value
    assert (download["document"].title, download["easy_read"].title) == (
        "Guidance for event organisers",
        "Guidance for event organisers (Easy Read)",
    )
    privacy = StandardPage.objects.get(slug="privacy")
    assert "<ul><li><b>The mailing list.</b> Your email address" in privacy.body[3].value.source

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    menu = [(link.value["page"].slug, link.value["label"]) for link in site_settings.main_menu]
    # The site's own menu, in the order settings.yaml gives it...
    assert [item for item in menu if item[0] in {"about", "people-power", "contact"}] == [
        ("about", "About"),
        ("people-power", ""),
        ("contact", "Contact"),
    ]
    assert ("guidance-for-event-organisers", "For event organisers") in [
        (link.value["page"].slug, link.value["label"]) for link in site_settings.footer_menu
    ]
    # ...with each app's page put in where its file asks, as each app loads in turn.
    expected = [(item["link"]["page"], item["link"].get("label", "")) for item in site_yaml()["main_menu"]]
    for path, data in files:
        if "main_menu" in data:
            spec = data["main_menu"]
            position = spec.get("position", len(expected) + 1)  # no position: last
            expected.insert(position - 1, (path.stem, spec["label"]))
    assert menu == expected
    assert "hosted by the charity In Control" in site_settings.footer_text

    post = BlogPostPage.objects.get(slug="talking-about-a-brighter-social-care-future")
    assert [author.slug for author in post.authors] == ["morgan-ellis", "jo-whitfield"]
    assert post.search_description == post.introduction
    assert timezone.localtime(post.first_published_at).isoformat() == "2019-10-15T10:00:00+01:00"
    undated = BlogPostPage.objects.get(slug="people-power-training")
    assert undated.date is None
    assert timezone.localtime(undated.first_published_at).isoformat() == "2024-10-08T10:30:00+01:00"


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
