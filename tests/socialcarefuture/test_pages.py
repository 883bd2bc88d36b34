"""Page types: where they can be created, that they render, and their editors."""

import pytest
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from socialcarefuture.models import HomePage, StandardPage
from tests.demo_pages import DEMO_PAGES, live_demo_paths
from tests.factories import DocumentFactory, ImageFactory, StandardPageFactory, build_site


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = build_site()

    def test_vision_page_only_at_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_vision_page_is_unique(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))

    def test_standard_pages_under_home_and_each_other(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(Page, StandardPage)

    def test_convenor_creates_a_standard_page_in_the_admin(self):
        self.login()
        image = ImageFactory()
        document = DocumentFactory()
        easy_read = DocumentFactory(title="Easy Read summary")
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "People power",
                    "slug": "people-power",
                    "introduction": "Power shared with people who draw on support.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Our network", "level": "h2"}),
                            ("paragraph", rich_text("<p>We meet every month.</p>")),
                            ("image", {"image": image.pk, "caption": "Members at a gathering"}),
                            ("quote", {"quote": "We lead the change.", "attribution": "A member"}),
                            (
                                "call_to_action",
                                {
                                    "heading": "Join us",
                                    "text": "",
                                    "link": {"page": "", "url": "https://example.org/join"},
                                    "button_text": "Join the network",
                                },
                            ),
                            (
                                "document",
                                {
                                    "document": document.pk,
                                    "title": "",
                                    "description": "",
                                    "easy_read": easy_read.pk,
                                },
                            ),
                            (
                                "accordion",
                                {
                                    "heading": "Questions",
                                    "items": streamfield(
                                        [("item", {"title": "Who?", "content": rich_text("<p>You.</p>")})]
                                    ),
                                },
                            ),
                        ]
                    ),
                    "easy_read_version": "",
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )
        page = StandardPage.objects.get(slug="people-power")
        self.assertEqual(
            [block.block_type for block in page.body],
            ["heading", "paragraph", "image", "quote", "call_to_action", "document", "accordion"],
        )

    def test_pages_render_and_are_previewable(self):
        page = StandardPageFactory(parent=self.home)
        self.assertPageIsRenderable(self.home)
        self.assertPageIsRenderable(page)
        self.login()
        self.assertPageIsPreviewable(
            page,
            post_data=nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "introduction": "Previewed before publishing.",
                    "body": streamfield([("paragraph", rich_text("<p>Draft words.</p>"))]),
                    "easy_read_version": "",
                    "listing_summary": "",
                    "social_text": "",
                }
            ),
        )

    def test_convenor_edits_and_publishes_the_vision_page(self):
        self.login()
        about = StandardPageFactory(parent=self.home, title="About us")
        data = nested_form_data(
            {
                "title": "Home",
                "slug": "home",
                "hero_heading": "Care that helps us live well",
                "vision": rich_text("<p>Everyone at home, with the people they love.</p>"),
                "hero_image": "",
                "hero_link_page": about.pk,
                "hero_link_text": "Read our story",
                "ways_heading": "How we work",
                "ways_intro": "",
                "ways": streamfield(
                    [
                        ("way", {"title": "A new story", "text": "We reframe care.", "link": ""}),
                        ("way", {"title": "People power", "text": "We share power.", "link": about.pk}),
                    ]
                ),
                "body": streamfield([]),
                "listing_summary": "",
                "social_text": "",
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/admin/pages/{self.home.pk}/edit/", data)
        self.assertRedirects(response, f"/admin/pages/{self.home.get_parent().pk}/")
        html = self.client.get("/").content.decode()
        self.assertIn("Care that helps us live well", html)
        self.assertIn("People power", html)
        self.assertIn(f'href="{about.url}">Read our story</a>', html)
        # Wagtail's own check that the edit form accepts this data too.
        self.assertPageIsEditable(self.home, post_data=data)


@pytest.mark.django_db
def test_call_to_action_needs_exactly_one_destination(home_page):
    from django.core.exceptions import ValidationError

    from socialcarefuture.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": None, "url": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"page": home_page.pk, "url": "https://example.org"}))
    assert block.clean(block.to_python({"page": home_page.pk, "url": ""}))["page"] == home_page.page_ptr


@pytest.mark.parametrize("path", DEMO_PAGES)
def test_every_page_type_in_the_demo_renders(demo_site, path):
    response = Client().get(path)
    assert response.status_code == 200, path


def test_the_list_of_demo_pages_names_every_live_page_in_the_demo(demo_site):
    """The tests parametrised by DEMO_PAGES cover the whole demo, and only it."""
    assert sorted(live_demo_paths()) == sorted(DEMO_PAGES)
