"""The editor and the admin around it: the preview can be framed by the admin
(public pages cannot), block previews use the site's styles, new pages are not
autosaved, a taken address is explained at the top, short choices are radio
buttons, "Show in menus" is gone, and the admin is the movement's own."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.template.loader import get_template
from django.urls import reverse
from wagtail.blocks.base import Block

from blog.models import BlogPostPage
from socialcarefuture.blocks import BodyBlock
from socialcarefuture.mailing_list.models import CONSENT, Subscriber
from tests.factories import ImageFactory
from tests.publishing.conftest import log_in
from tests.publishing.forms import blog_post_form

pytestmark = pytest.mark.django_db


# The preview panel ----------------------------------------------------------------------------


def test_the_preview_may_be_framed_by_the_admin_and_public_pages_may_not(client, home_page, convenor):
    log_in(client, convenor)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.pk])
    form = {
        "title": "Home",
        "slug": home_page.slug,
        "hero_heading": "A good life, in the place we call home",
        "vision": '{"blocks":[{"key":"a","text":"Everyone at home.","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "hero_link_text": "Find out more",
        "ways_heading": "How we make change happen",
        "ways_intro": "",
        "ways-count": "0",
        "body-count": "0",
    }
    assert client.post(preview_url, form).json()["is_valid"]
    preview = client.get(preview_url + "?in_preview_panel=true")
    assert preview.status_code == 200
    assert b"A good life, in the place we call home" in preview.content
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    # The preview keeps the public page's strict script policy.
    assert "'unsafe-inline'" not in preview["Content-Security-Policy"]

    client.logout()
    public = client.get("/")
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert public["X-Frame-Options"] == "DENY"


# Block previews ---------------------------------------------------------------------------------


def test_block_previews_use_the_sites_own_template_and_styles(client, convenor):
    ImageFactory()
    origin = get_template(Block.DEFAULT_PREVIEW_TEMPLATE).origin.name
    assert origin.endswith("templates/wagtailcore/shared/block_preview.html")
    assert "site-packages" not in origin
    previewable = {name for name, block in BodyBlock().child_blocks.items() if block.is_previewable}
    assert previewable == {
        "heading",
        "paragraph",
        "image",
        "quote",
        "call_to_action",
        "document",
        "accordion",
        "easy_read",
    }

    log_in(client, convenor)
    block = BodyBlock().child_blocks["quote"]
    response = client.get(reverse("wagtailadmin_block_preview") + f"?id={block.definition_prefix}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/css/bundle.css" in html
    assert "I want to live in my own home" in html
    # The Easy Read block previews with pictures from the library, in its own styles.
    from socialcarefuture.easy_read import load_pictures

    load_pictures()
    block = BodyBlock().child_blocks["easy_read"]
    html = client.get(
        reverse("wagtailadmin_block_preview") + f"?id={block.definition_prefix}"
    ).content.decode()
    assert "/static/css/bundle.css" in html  # which joins easy_read.css
    assert html.count('class="easy-read__row"') == 3 and ".svg" in html


# Autosave and the page address ------------------------------------------------------------------


def test_a_new_page_is_not_autosaved_and_says_so(client, blog, convenor):
    log_in(client, convenor)
    html = client.get(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/").content.decode()
    form = BeautifulSoup(html, "html.parser").select_one("form#page-edit-form")
    assert "w-autosave" not in form["data-controller"]
    assert "Not saved yet: choose Save draft" in BeautifulSoup(html, "html.parser").get_text(" ", strip=True)

    client.post(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/", blog_post_form("Kept by hand"))
    post = BlogPostPage.objects.get(title="Kept by hand")
    html = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    form = BeautifulSoup(html, "html.parser").select_one("form#page-edit-form")
    assert "w-autosave" in form["data-controller"]  # once saved by hand, it autosaves


def test_a_taken_address_is_explained_at_the_top_naming_the_other_page(client, blog, convenor):
    log_in(client, convenor)
    client.post(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/", blog_post_form("Our story"))
    response = client.post(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/", blog_post_form("Our story"))
    assert response.status_code == 200
    assert BlogPostPage.objects.filter(title="Our story").count() == 1
    messages = (
        BeautifulSoup(response.content, "html.parser").select_one(".messages").get_text(" ", strip=True)
    )
    assert "Another page here already uses the address 'our-story': 'Our story' (a draft)." in messages
    assert "its address on the Promote tab" in messages


# Fields ----------------------------------------------------------------------------------------------


def test_categories_are_radio_buttons_and_show_in_menus_is_gone(client, blog, convenor):
    from tests.blog.factories import BlogCategoryFactory

    BlogCategoryFactory(name="News", slug="news")
    log_in(client, convenor)
    page = BeautifulSoup(client.get(f"/admin/pages/add/blog/blogpostpage/{blog.pk}/").content, "html.parser")
    radios = page.select('input[type=radio][name="category"]')
    labels = [radio.find_parent("label").get_text(" ", strip=True) for radio in radios]
    assert labels == ["None", "News"]
    assert not page.select('[name="show_in_menus"]')
    assert "then Site settings , then the Menus tab" in page.get_text(" ", strip=True)


# The mailing list ----------------------------------------------------------------------------------


def test_the_mailing_lists_downloads_are_buttons_in_plain_sight(client, convenor, make_person):
    log_in(client, convenor)
    page = BeautifulSoup(client.get("/admin/subscribers/?status=confirmed").content, "html.parser")
    buttons = {link.get_text(" ", strip=True): link["href"] for link in page.select(".scf-downloads a")}
    assert buttons == {
        "Download CSV": "/admin/subscribers/?status=confirmed&export=csv",
        "Download Excel (XLSX)": "/admin/subscribers/?status=confirmed&export=xlsx",
    }
    viewer = make_person("viewer")
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_subscriber"]))
    log_in(client, viewer)
    assert "Download CSV" not in client.get("/admin/subscribers/").content.decode()


def test_a_subscribers_page_shows_their_consent_record(client, convenor):
    record = Subscriber.sign_up(
        email="ada@people.example", details={"name": "Ada"}, consent=CONSENT, source_path="/about/"
    ).record
    record.confirm()
    log_in(client, convenor)
    text = BeautifulSoup(
        client.get(f"/admin/subscribers/inspect/{record.pk}/").content, "html.parser"
    ).get_text(" ", strip=True)
    assert "Consent" in text
    assert CONSENT.text in text
    assert "/about/" in text


# The movement's admin -----------------------------------------------------------------------------


def test_the_admin_carries_the_movements_name_and_logo_and_no_gravatar(client, home_page, convenor):
    login_page = client.get("/admin/login/").content.decode()
    assert "Sign in to Social Care Future" in login_page
    assert "/static/img/admin-logo.svg" in login_page
    log_in(client, convenor)
    html = client.get("/admin/").content.decode()
    assert "<title>Dashboard - Social Care Future</title>" in html
    assert "/static/img/admin-logo.svg" in html
    assert "gravatar" not in html.lower()
    assert "default-user-avatar" in html


def test_the_guide_is_linked_from_the_dashboard_and_shows_real_screenshots(
    client, home_page, convenor, contributor
):
    log_in(client, contributor)
    assert 'href="/admin/guide/"' in client.get("/admin/").content.decode()
    response = client.get("/admin/guide/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Guide for convenors"
    pictures = page.select(".scf-guide img")
    assert len(pictures) >= 4
    for picture in pictures:
        assert picture["alt"]
        path = picture["src"].removeprefix("/static/")
        assert finders.find(path), f"{path} is missing"
