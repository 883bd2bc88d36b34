"""The Convenors and Contributors groups, the "Convenor approval" workflow, and
how an app's hook gives the groups its permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from socialcarefuture.publishing.roles import (
    CONTRIBUTORS,
    CONVENORS,
    WORKFLOW_NAME,
    RolePermissions,
    model_permissions,
    personal_models,
    sync_roles,
)
from tests.blog.factories import BlogIndexPageFactory
from tests.factories import ImageFactory
from tests.publishing.conftest import log_in

pytestmark = pytest.mark.django_db


def codenames(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_migration_makes_the_two_groups_and_retires_wagtails_defaults():
    assert set(Group.objects.values_list("name", flat=True)) == {CONVENORS, CONTRIBUTORS}
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert list(task.groups.values_list("name", flat=True)) == [CONVENORS]
    # The whole site goes to the convenors; Wagtail's own workflow is switched off.
    assert WorkflowPage.objects.get(page__depth=1).workflow == workflow
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_convenors_can_do_everything_with_content_settings_and_personal_records():
    convenors = Group.objects.get(name=CONVENORS)
    assert {
        "wagtailadmin.access_admin",
        "socialcarefuture.change_sitesettings",
        "blog.add_blogauthor",
        "blog.change_blogcategory",
        "blog.delete_blogcategory",
        "mailing_list.view_subscriber",
        "mailing_list.export_subscribers",
        "confirmations.handle_data_requests",
        "confirmations.view_outgoingemail",
        "confirmations.view_consenttext",
        "wagtailredirects.add_redirect",
    } <= codenames(convenors)
    page_permissions = set(
        GroupPagePermission.objects.filter(group=convenors, page__depth=1).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_permissions == {
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    }
    media = set(
        GroupCollectionPermission.objects.filter(group=convenors, collection__depth=1).values_list(
            "permission__content_type__app_label", "permission__codename"
        )
    )
    # Wagtail checks pictures against wagtailimages.Image, even with a custom image model.
    assert media == {
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
        ("wagtaildocs", "choose_document"),
    }


def test_contributors_can_write_and_upload_but_not_publish_or_see_personal_data():
    contributors = Group.objects.get(name=CONTRIBUTORS)
    permissions = codenames(contributors)
    assert permissions == {
        "wagtailadmin.access_admin",
        "blog.view_blogauthor",
        "blog.view_blogcategory",
        "glimpses.view_glimpsetheme",
    }
    # No permission on any model that holds personal data (an app's other models are fine).
    personal = set(
        Permission.objects.filter(
            content_type__in=[ContentType.objects.get_for_model(model) for model in personal_models()]
        ).values_list("content_type__app_label", "codename")
    )
    assert not {name for name in permissions if tuple(name.split(".", 1)) in personal}
    assert personal  # the check above looked at something
    assert not GroupPagePermission.objects.filter(
        group=contributors, permission__codename="publish_page"
    ).exists()
    media = set(
        GroupCollectionPermission.objects.filter(group=contributors).values_list(
            "permission__content_type__app_label", "permission__codename"
        )
    )
    assert media == {
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    }


def test_a_new_section_page_opens_to_contributors_and_goes_to_the_convenors(home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    contributors = Group.objects.get(name=CONTRIBUTORS)
    assert set(
        GroupPagePermission.objects.filter(group=contributors, page=blog).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page"}
    assert WorkflowPage.objects.get(page=blog).workflow.name == WORKFLOW_NAME
    # Other pages are not opened to contributors.
    assert not GroupPagePermission.objects.filter(group=contributors, page=home_page).exists()


def test_a_new_apps_hook_gives_the_groups_its_permissions_on_the_next_sync(home_page):
    """What happens when glimpses, gatherings or the pledge join: their hook is
    read on the next ``migrate`` (here: ``sync_roles``)."""
    contributors = Group.objects.get(name=CONTRIBUTORS)
    convenors = Group.objects.get(name=CONVENORS)
    assert "wagtailredirects.view_redirect" not in codenames(contributors)

    def new_app():
        return RolePermissions(
            convenors=["wagtailsearchpromotions.view_querydailyhits"],
            contributors=model_permissions("wagtailredirects.Redirect", actions=["view"]),
            sections=["socialcarefuture.HomePage"],
        )

    with hooks.register_temporarily("register_role_permissions", new_app):
        sync_roles()

    assert "wagtailredirects.view_redirect" in codenames(contributors)
    assert "wagtailsearchpromotions.view_querydailyhits" in codenames(convenors)
    assert GroupPagePermission.objects.filter(group=contributors, page=home_page).count() == 2
    assert WorkflowPage.objects.filter(page=home_page).exists()


def test_a_hook_naming_a_missing_permission_fails_loudly():
    def typo():
        return RolePermissions(convenors=["blog.export_everything"])

    with hooks.register_temporarily("register_role_permissions", typo), pytest.raises(LookupError) as error:
        sync_roles()
    assert "blog.export_everything" in str(error.value)
    assert "typo" in str(error.value)


def test_sync_adds_and_never_takes_away():
    contributors = Group.objects.get(name=CONTRIBUTORS)
    by_hand = Permission.objects.get(codename="view_redirect")
    contributors.permissions.add(by_hand)
    sync_roles()
    sync_roles()
    assert "wagtailredirects.view_redirect" in codenames(contributors)
    assert GroupPagePermission.objects.filter(group__name=CONVENORS, page__depth=1).count() == 6


def test_model_permissions_names_each_action():
    assert model_permissions("blog.BlogAuthor", actions=["view", "change"]) == (
        "blog.view_blogauthor",
        "blog.change_blogauthor",
    )


def test_both_groups_reach_pictures_and_documents_in_the_admin(client, convenor, contributor):
    """The permissions above are the ones Wagtail really checks: the menu offers
    Images and Documents, and the upload and chooser screens open."""
    for person, can_delete in ((contributor, False), (convenor, True)):
        log_in(client, person)
        menu = client.get("/admin/").content.decode()
        assert '"/admin/images/"' in menu and '"/admin/documents/"' in menu
        for url in (
            "/admin/images/",
            "/admin/images/multiple/add/",
            "/admin/images/chooser/",
            "/admin/documents/multiple/add/",
            "/admin/documents/chooser/",
        ):
            assert client.get(url).status_code == 200, f"{person.username}: {url}"
        picture = ImageFactory(uploaded_by_user=convenor)
        response = client.get(f"/admin/images/{picture.pk}/delete/")
        assert (response.status_code == 200) == can_delete, f"{person.username} deleting a picture"
