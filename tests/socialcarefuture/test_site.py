"""Site-wide behaviour: health check, errors, robots, sitemap, meta tags,
security and cache headers, accessibility invariants and query counts."""

import base64
import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.test import Client, RequestFactory

from socialcarefuture import views
from socialcarefuture.models import HomePage, SiteSettings, StandardPage
from tests.demo_pages import DEMO_PAGES
from tests.factories import ImageFactory, StandardPageFactory

ROOT = Path(__file__).resolve().parents[2]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


# Health check ---------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        "sqlite:////nonexistent-folder/for/scf/db.sqlite3",
        "postgres://nobody@127.0.0.1:1/nodatabase",
    ],
    ids=["sqlite-missing", "postgres-refused"],
)
def test_healthz_says_503_when_the_database_is_unreachable(database_url):
    """A real unreachable database, in a separate process."""
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz/');"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "socialcarefuture.settings.dev",
        "PGCONNECT_TIMEOUT": "3",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr[-2000:]


# Errors, robots, sitemap --------------------------------------------------------


def test_unknown_address_gets_a_friendly_404(demo_site, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = soup(response)
    assert page.h1.get_text(strip=True) == "We can’t find that page"
    assert page.find("form", attrs={"role": "search"})
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})
    # The 404 still has the site's header and footer menus.
    assert page.find("nav", attrs={"aria-label": "Main menu"})
    # Any view that finds nothing, not only the page tree, answers the same way.
    missing_document = client.get("/documents/999999/missing.pdf")
    assert missing_document.status_code == 404
    assert soup(missing_document).h1.get_text(strip=True) == "We can’t find that page"


def test_server_error_page_needs_no_database_or_request_context():
    """No database fixture: any query here would fail the test."""
    request = RequestFactory().get("/")
    response = views.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert "/static/css/site.css" in html


def test_a_page_that_fails_to_render_gets_the_friendly_500_page(home_page, settings, monkeypatch, caplog):
    """A real failure through the whole stack (URL routing, middleware,
    Wagtail's serve view, Django's handler500), with DEBUG off as in production."""
    settings.DEBUG = False

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("the vision page cannot be built")

    monkeypatch.setattr(HomePage, "get_context", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong" in html
    assert "/static/css/site.css" in html
    assert "the vision page cannot be built" not in html  # no details for the public
    # The operators get the details in the log.
    [logged] = [record for record in caplog.records if record.name == "django.request"]
    assert logged.levelname == "ERROR" and logged.status_code == 500
    assert str(logged.exc_info[1]) == "the vision page cannot be built"


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {django_settings.SITE_URL}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_sitemap_lists_live_pages_but_not_hidden_ones(demo_site, client):
    hidden = StandardPageFactory(
        parent=demo_site, title="Thank you", slug="thank-you", hide_from_search_engines=True
    )
    draft = StandardPageFactory(parent=demo_site, title="Draft", slug="draft-page", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text for loc in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)
    ]
    assert "http://testserver/" in locations
    assert "http://testserver/about/" in locations
    assert "http://testserver/privacy/" in locations
    assert not any(hidden.slug in loc for loc in locations)
    assert not any(draft.slug in loc for loc in locations)
    hidden_page = client.get(hidden.url)
    assert soup(hidden_page).find("meta", attrs={"name": "robots", "content": "noindex"})


# Meta tags on every page ------------------------------------------------------------


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_every_page_has_canonical_and_open_graph_tags(demo_site, client, url):
    page = soup(client.get(url))
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == f"http://testserver{url}", url
    assert page.find("meta", property="og:url")["content"] == canonical
    assert page.find("meta", property="og:title")["content"], url
    assert page.find("meta", property="og:description")["content"], url
    assert page.find("meta", attrs={"name": "description"})["content"], url
    assert page.find("link", rel="alternate", type="application/rss+xml")


def test_share_image_is_an_absolute_rendition_with_alt_text(demo_site, client):
    page = soup(client.get("/"))
    image = page.find("meta", property="og:image")["content"]
    assert image.startswith("http://testserver/media/images/")
    assert image.endswith(".jpg")
    assert page.find("meta", property="og:image:width")["content"] == "1200"
    assert page.find("meta", property="og:image:alt")["content"] == demo_site.hero_image.description


@pytest.mark.parametrize(
    "url", DEMO_PAGES + ["/search/?q=care", "/search/?q=qqqqzzz", "/search/", "/missing/"]
)
def test_accessibility_invariants_on_every_page_type(demo_site, client, url):
    response = client.get(url)
    page = soup(response)
    assert page.html["lang"] == "en-GB", url
    assert page.title.get_text(strip=True), url
    assert len(page.find_all("h1")) == 1, url
    skip = page.find("a", class_="skip-link")
    assert skip and skip["href"] == "#main", url
    mains = page.find_all("main")
    assert len(mains) == 1 and mains[0]["id"] == "main", url
    assert page.find("header") and page.find("footer"), url
    for image in page.find_all("img"):
        # An Easy Read picture is decorative on purpose (alt=""): its sentence is beside it.
        decorative = image.find_parent(class_="easy-read__picture") is not None
        assert image.get("alt") or (decorative and image.get("alt") == ""), f"{url}: image without alt text"
        assert image.get("width") and image.get("height"), f"{url}: image without size"
    for field in page.find_all(["input", "select", "textarea"]):
        if field.get("type") in {"hidden", "submit"} or field.find_parent(class_="honeypot"):
            continue
        label = page.find("label", attrs={"for": field.get("id")})
        assert label or field.get("aria-label"), f"{url}: unlabelled field {field}"


# Pictures and credits ---------------------------------------------------------------


def test_pictures_carry_their_credit_and_a_webp_srcset(home_page, client):
    page_ = StandardPageFactory(
        parent=home_page,
        title="With a photo",
        body=[
            ("image", {"image": ImageFactory(credit="Photo by Ana (CC BY 4.0)"), "caption": "Ana's street"})
        ],
    )
    page = soup(client.get(page_.url))
    figure = page.find("figure", class_="figure--body")
    image = figure.find("img")
    assert "webp" in image["srcset"]
    assert image["srcset"].count("w,") >= 2  # several widths
    assert image["loading"] == "lazy"
    assert "Photo by Ana (CC BY 4.0)" in figure.figcaption.get_text()
    assert (
        figure.figcaption.find("a", rel="license")["href"] == "https://creativecommons.org/licenses/by/4.0/"
    )


@pytest.mark.django_db
def test_convenors_must_give_alt_text_and_a_credit(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    upload = SimpleUploadedFile("art.png", png_bytes(), content_type="image/png")
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Dancing", "file": upload, "description": "", "credit": "", "collection": 1},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "description" in form.errors and "credit" in form.errors
    from wagtail.images import get_image_model

    assert not get_image_model().objects.filter(title="Dancing").exists()


def test_document_download_shows_type_size_and_easy_read(demo_site, client):
    page = soup(client.get("/guidance-for-event-organisers/"))
    attachments = page.find_all(class_="attachment")
    assert len(attachments) == 2
    full, easy = attachments
    assert "PDF" in full.find(class_="attachment__meta").get_text()
    assert "KB" in full.find(class_="attachment__meta").get_text()
    assert "Easy Read" in easy.get_text()
    assert easy.find("a")["href"].startswith("/documents/")


def test_easy_read_pages_link_both_ways(demo_site, client):
    about = soup(client.get("/about/"))
    link = about.find(class_="easy-read-link").find("a")
    assert link["href"] == "/about-easy-read/"
    easy = soup(client.get("/about-easy-read/"))
    assert easy.find(class_="easy-read-link").find("a")["href"] == "/about/"
    assert "is-easy-read" in easy.body["class"]


# Security and cache headers ---------------------------------------------------------


def test_public_pages_get_a_strict_content_security_policy(demo_site, client):
    response = client.get("/about/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert " style=" not in html, "inline styles are blocked by the CSP"
    # The one inline script is allowed by its hash, not by a nonce, so pages stay cacheable.
    inline = [
        s.string for s in soup(response).find_all("script") if not s.get("src") and s.get("type") is None
    ]
    assert inline == [django_settings.HEAD_SCRIPT]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert "nonce" not in policy


def test_pages_are_compressed_for_slow_connections(demo_site, client):
    plain = client.get("/about/")
    compressed = client.get("/about/", headers={"Accept-Encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < len(plain.content) / 2
    assert gzip.decompress(compressed.content) == plain.content


def test_admin_gets_its_own_policy_that_allows_its_previews(admin_client, demo_site):
    response = admin_client.get("/admin/")
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "'unsafe-inline'" in policy
    assert "private" in response["Cache-Control"]


def test_anonymous_pages_may_be_cached_but_personal_ones_may_not(demo_site, client, admin_client):
    public = client.get("/about/")
    assert "public" in public["Cache-Control"]
    assert "max-age=300" in public["Cache-Control"]
    assert "Cookie" in public["Vary"]
    logged_in = admin_client.get("/about/")
    assert "private" in logged_in["Cache-Control"]


def test_production_settings_pass_the_deployment_checks():
    import secrets

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "socialcarefuture.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "SITE_URL": "https://socialcarefuture.example",
        "ALLOWED_HOSTS": "socialcarefuture.example",
        "DATABASE_URL": "sqlite:////tmp/scf-deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {
        **{k: v for k, v in os.environ.items() if k != "SECRET_KEY"},
        "DJANGO_SETTINGS_MODULE": "socialcarefuture.settings.production",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


# Configuration from the environment --------------------------------------------------


def test_email_settings_map_onto_mailers(monkeypatch):
    from socialcarefuture.settings.base import mailer_from_environment

    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.net")
    monkeypatch.setenv("EMAIL_USE_TLS", "1")
    monkeypatch.setenv("EMAIL_HOST_USER", "sender")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "secret")
    mailer = mailer_from_environment("django.core.mail.backends.console.EmailBackend")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "smtp.example.net",
        "port": 587,
        "use_tls": True,
        "timeout": 20,
        "username": "sender",
        "password": "secret",
    }


def test_the_file_mail_backend_writes_each_message(settings, tmp_path, monkeypatch):
    """EMAIL_BACKEND + EMAIL_FILE_PATH, as the contract names them, really write mail."""
    from django.core import mail

    from socialcarefuture.settings.base import mailer_from_environment

    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path))
    settings.MAILERS = mailer_from_environment("django.core.mail.backends.console.EmailBackend")
    mail.EmailMessage("Hello", "A good life at home.", to=["member@example.org"]).send()
    written = list(tmp_path.iterdir())
    assert len(written) == 1
    assert "A good life at home." in written[0].read_text()


def test_tasks_backend_comes_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from socialcarefuture.settings.base import tasks_from_environment

    assert tasks_from_environment("database")["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    monkeypatch.setenv("TASKS_BACKEND", "immediate")
    assert tasks_from_environment("database")["default"]["BACKEND"].endswith("ImmediateBackend")
    monkeypatch.setenv("TASKS_BACKEND", "celery")
    with pytest.raises(ImproperlyConfigured):
        tasks_from_environment("database")


@pytest.mark.postgres
@pytest.mark.django_db
def test_search_uses_postgresql_full_text_search_on_postgresql():
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert "postgres" in type(backend).__module__


# Query counts -------------------------------------------------------------------------


def _menu(pages):
    import json

    return json.dumps([{"type": "link", "value": {"page": p.pk, "label": ""}} for p in pages])


def test_page_queries_do_not_grow_with_the_menu_or_the_body(home_page, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from socialcarefuture.demo.site import stream

    site_settings = SiteSettings.for_site(home_page.get_site())
    image = ImageFactory()

    def build(count):
        pages = [StandardPageFactory(parent=home_page) for _ in range(count)]
        site_settings.main_menu = _menu(pages)
        site_settings.footer_menu = _menu(pages)
        site_settings.save()
        page = pages[0]
        page.body = stream(
            *[("image", {"image": image.pk, "caption": f"Picture {n}"}) for n in range(count)],
            *[("paragraph", f"<p>Paragraph {n}</p>") for n in range(count)],
        )
        page.save_revision().publish()
        return page

    small = build(2)
    client.get(small.url)  # warm the renditions
    with CaptureQueriesContext(connection) as few:
        assert client.get(small.url).status_code == 200
    StandardPage.objects.all().delete()
    large = build(12)
    client.get(large.url)
    with CaptureQueriesContext(connection) as many:
        assert client.get(large.url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    with django_assert_max_num_queries(20):
        client.get(large.url)


def test_canonical_drops_junk_parameters_but_keeps_a_listing_filter(demo_site, client):
    def canonical(url):
        return soup(client.get(url)).find("link", rel="canonical")["href"]

    assert canonical("/about/?utm_source=newsletter&page=1") == "http://testserver/about/"
    assert canonical("/blog/?page=1") == "http://testserver/blog/"
    assert canonical("/blog/?year=2020&utm_source=x") == "http://testserver/blog/?year=2020"
    assert canonical("/blog/?category=news&page=2") == "http://testserver/blog/?category=news&page=2"
