"""The demo fixtures themselves (see conftest.py and demo_db.py): every way of
asking for the demo gets all of it (pages, search index, pictures), and the
live servers show the same demo the test sees."""

from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from socialcarefuture.models import HomePage, StandardPage
from tests.factories import StandardPageFactory


def test_the_demo_is_there_even_when_the_database_was_asked_for_first(admin_client, demo_site):
    """admin_client starts the test's transaction before demo_site is reached."""
    assert get_user_model().objects.get().username == "admin"
    assert HomePage.objects.get() == demo_site
    assert StandardPage.objects.filter(slug="about").exists()
    assert "A good life, in the place we call home" in admin_client.get("/").content.decode()


@pytest.mark.django_db
def test_the_demo_is_there_with_the_django_db_marker(demo_site):
    assert Page.objects.live().filter(depth__gte=2).count() > 20


def test_search_works_on_the_demo(demo_site):
    titles = [page.title for page in Page.objects.live().search("event organisers")]
    assert "Guidance for event organisers" in titles


def test_the_demo_pictures_and_documents_are_on_disk(demo_site):
    images = get_image_model().objects.all()
    documents = get_document_model().objects.all()
    assert images and documents
    for item in [*images, *documents]:
        assert item.file.storage.exists(item.file.name), item.file.name


def test_the_shared_live_server_shows_the_demo_with_its_search_and_pictures(shared_live_demo):
    with urlopen(shared_live_demo.url + "/search/?q=event+organisers") as response:
        assert "Guidance for event organisers" in response.read().decode()
    with urlopen(shared_live_demo.url + "/about/") as response:
        html = response.read().decode()
    picture = BeautifulSoup(html, "html.parser").select_one("main img")["src"]
    assert picture.startswith("/media/")  # an SVG is shown as its own file, at every size
    with urlopen(shared_live_demo.url + picture) as response:
        assert response.status == 200 and response.headers["Content-Type"].startswith("image/")


def test_live_demo_shares_its_private_copy_with_the_test(live_demo):
    home = HomePage.objects.get()
    StandardPageFactory(parent=home, title="Only in this copy", slug="only-in-this-copy")
    with urlopen(live_demo.url + "/only-in-this-copy/") as response:
        assert "Only in this copy" in response.read().decode()
