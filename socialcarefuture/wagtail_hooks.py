"""The site-wide pages and settings in the admin: who may change them, and
which pages should have an Easy Read version."""

from wagtail import hooks

from socialcarefuture.confirmations.admin_views import PERMISSION as DATA_REQUESTS
from socialcarefuture.publishing.reports import EasyReadExpectation
from socialcarefuture.publishing.roles import RolePermissions

from .models import StandardPage


@hooks.register("register_role_permissions")
def site_role_permissions():
    """Convenors change the site settings (contact, footer, menus), read the
    outbox and the consent wordings, and answer personal data requests."""
    return RolePermissions(
        convenors=[
            "socialcarefuture.change_sitesettings",
            "socialcarefuture.view_sitesettings",
            DATA_REQUESTS,
            "confirmations.view_outgoingemail",
            "confirmations.view_consenttext",
        ]
    )


@hooks.register("register_easy_read_expectations")
def standard_pages_expect_easy_read():
    return EasyReadExpectation(
        model=StandardPage,
        missing=lambda pages: pages.filter(is_easy_read=False, easy_read_version__isnull=True),
        advice="Write an Easy Read version (a standard page with 'this page is Easy Read' ticked) and choose it here.",
    )


@hooks.register("load_demo_content")
def load_easy_read_demo(home_page, stdout):
    """The Easy Read picture library, the "About us in Easy Read" page made of
    Easy Read blocks (``socialcarefuture/easy_read/pages/``), and the About page
    pointing to it. Running it again changes nothing."""
    from .demo.loader import DemoContent
    from .easy_read import COLLECTION_NAME, FOLDER, load_pictures

    pictures = load_pictures()
    demo = DemoContent(FOLDER)
    created = demo.pages(parent=home_page)
    easy = StandardPage.objects.filter(slug="about-easy-read").first()
    about = StandardPage.objects.child_of(home_page).filter(slug="about").first()
    if easy and about and about.easy_read_version_id is None:
        about.easy_read_version = easy
        about.save_revision(log_action=False).publish(log_action=False)
    stdout.write(f"{COLLECTION_NAME}: added {len(pictures)}; Easy Read pages: created {len(created)}.")
