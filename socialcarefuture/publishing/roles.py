"""The two groups of people who run the site, and how each app joins them.

* **Convenors** create, edit, publish and delete all content; change the site
  settings, authors, categories and themes; see and download the mailing list
  and every other personal record; approve what contributors send in; answer
  personal data requests.
* **Contributors** create and edit pages in the sections (the blog, glimpses,
  gatherings) and send them to the convenors for approval; choose and upload
  pictures and documents. They cannot publish and see no personal data.

The groups and the "Convenor approval" workflow are made by this app's data
migration. Their permissions come from the apps: each app registers a
``register_role_permissions`` hook returning a ``RolePermissions``::

    @hooks.register("register_role_permissions")
    def blog_roles():
        return RolePermissions(
            convenors=model_permissions("blog.BlogAuthor", "blog.BlogCategory"),
            contributors=model_permissions("blog.BlogAuthor", "blog.BlogCategory", actions=["view"]),
            sections=["blog.BlogIndexPage"],
        )

After every ``migrate``, and whenever a section index page is created, the
groups are given what the hooks declare. Nothing is ever taken away here: a
permission given by hand in Settings > Groups stays.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, transaction
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permissions import policy_registry

CONVENORS = "Convenors"
CONTRIBUTORS = "Contributors"
WORKFLOW_NAME = "Convenor approval"
TASK_NAME = "Convenors"  # reads "Sent to Convenors" in the editor

HOOK = "register_role_permissions"

# Page permissions: convenors on the whole site, contributors on each section.
CONVENOR_PAGE_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
CONTRIBUTOR_PAGE_ACTIONS = ("add", "change")
# Pictures and documents, on every collection.
CONVENOR_MEDIA_ACTIONS = ("add", "change", "delete", "choose")
CONTRIBUTOR_MEDIA_ACTIONS = ("add", "choose")


@dataclass(frozen=True)
class RolePermissions:
    """What one app gives the two groups.

    * ``convenors``, ``contributors``: model permissions as
      ``"app_label.codename"`` (``model_permissions()`` makes them), such as
      a snippet's add/change/delete/view or a list's export permission. Give
      contributors nothing that shows personal data.
    * ``sections``: index page models (``"blog.BlogIndexPage"``) under which
      contributors may write. Each such page gets the contributors' add and
      change (never publish) permissions and the "Convenor approval" workflow.
    * ``personal_models``: models holding personal data besides the
      ``ConfirmableRecord`` ones (which are always included). Their admin
      pages answer 403 to anyone without a permission on the model.
    """

    convenors: Iterable[str] = ()
    contributors: Iterable[str] = ()
    sections: Iterable[str] = ()
    personal_models: Iterable[str] = ()
    # Who declared it, for error messages.
    source: str = field(default="", compare=False)


def model_permissions(*models, actions=("add", "change", "delete", "view")):
    """``"app_label.<action>_<model>"`` for each model and action.

    ``models`` are model classes or ``"app_label.ModelName"`` strings."""
    names = []
    for model in models:
        if isinstance(model, str):
            app_label, model_name = model.split(".")
            model_name = model_name.lower()
        else:
            app_label, model_name = model._meta.app_label, model._meta.model_name
        names.extend(f"{app_label}.{action}_{model_name}" for action in actions)
    return tuple(names)


def _media_models():
    return (get_image_model(), get_document_model())


def core_permissions():
    """What the groups get whatever apps are installed."""
    return RolePermissions(
        convenors=(
            "wagtailadmin.access_admin",
            *model_permissions("wagtailredirects.Redirect"),
            *model_permissions("wagtailsearchpromotions.Query", "wagtailsearchpromotions.SearchPromotion"),
        ),
        contributors=("wagtailadmin.access_admin",),
        source=__name__,
    )


def declarations():
    """Every ``RolePermissions``: the core one, then one per app hook."""
    found = [core_permissions()]
    for fn in hooks.get_hooks(HOOK):
        declared = fn()
        if declared is None:
            continue
        if not isinstance(declared, RolePermissions):
            raise TypeError(f"{fn.__module__}.{fn.__name__} must return a RolePermissions, not {declared!r}")
        found.append(
            RolePermissions(
                convenors=tuple(declared.convenors),
                contributors=tuple(declared.contributors),
                sections=tuple(declared.sections),
                personal_models=tuple(declared.personal_models),
                source=f"{fn.__module__}.{fn.__name__}",
            )
        )
    return found


def section_models():
    """The index page models under which contributors write."""
    return tuple(apps.get_model(label) for declared in declarations() for label in declared.sections)


def personal_models():
    """Every model that holds personal data: each ConfirmableRecord model, the
    consent wordings and records, the outbox, and any an app declares."""
    from socialcarefuture.confirmations.models import (
        ConfirmableRecord,
        ConsentRecord,
        ConsentText,
        OutgoingEmail,
    )

    found = {ConsentRecord, ConsentText, OutgoingEmail}
    found.update(
        model
        for model in apps.get_models()
        if issubclass(model, ConfirmableRecord) and not model._meta.abstract
    )
    for declared in declarations():
        found.update(apps.get_model(label) for label in declared.personal_models)
    return found


# Making the groups agree with the declarations ------------------------------------------


def _permission_objects(names, source, using):
    """Permission rows for ``"app_label.codename"`` names; a clear error for a typo."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    if not wanted:
        return []
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.using(using)
        .filter(codename__in={codename for _, codename in wanted})
        .select_related("content_type")
    }
    missing = sorted(f"{app}.{codename}" for app, codename in wanted if (app, codename) not in found)
    if missing:
        raise LookupError(f"{source} names permissions that do not exist: {', '.join(missing)}")
    return [found[key] for key in sorted(wanted)]


def ensure_groups(using=DEFAULT_DB_ALIAS):
    convenors, _ = Group.objects.using(using).get_or_create(name=CONVENORS)
    contributors, _ = Group.objects.using(using).get_or_create(name=CONTRIBUTORS)
    return convenors, contributors


def ensure_workflow(convenors, using=DEFAULT_DB_ALIAS):
    """The "Convenor approval" workflow: one task, approved by any convenor."""
    task = GroupApprovalTask.objects.using(using).filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.using(using).create(name=TASK_NAME)
    if not task.groups.filter(pk=convenors.pk).exists():
        task.groups.add(convenors)
    workflow = Workflow.objects.using(using).filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.using(using).create(name=WORKFLOW_NAME, active=True)
    if not WorkflowTask.objects.using(using).filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.using(using).create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _page_permissions(actions, using):
    page_type = ContentType.objects.db_manager(using).get_for_model(Page)
    return list(
        Permission.objects.using(using).filter(
            content_type=page_type, codename__in=[f"{action}_page" for action in actions]
        )
    )


def _give_page_permissions(group, page, permissions, using):
    for permission in permissions:
        GroupPagePermission.objects.using(using).get_or_create(group=group, page=page, permission=permission)


def _give_media_permissions(group, actions, using):
    """Pictures and documents on the root collection (so on every collection).

    Wagtail checks them against its permission policy's ``auth_model``
    (``wagtailimages.Image`` and ``wagtaildocs.Document``), not the custom
    image model, so the permissions are looked up there."""
    root = Collection.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    for model in _media_models():
        auth_model = policy_registry.get_by_type(model).auth_model
        content_type = ContentType.objects.db_manager(using).get_for_model(auth_model)
        codenames = [f"{action}_{auth_model._meta.model_name}" for action in actions]
        for permission in Permission.objects.using(using).filter(
            content_type=content_type, codename__in=codenames
        ):
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=group, collection=root, permission=permission
            )


def open_section(page, using=DEFAULT_DB_ALIAS):
    """Let contributors write under a section index page, and send what they
    write there to the convenors for approval."""
    convenors, contributors = ensure_groups(using)
    _give_page_permissions(contributors, page, _page_permissions(CONTRIBUTOR_PAGE_ACTIONS, using), using)
    if not WorkflowPage.objects.using(using).filter(page=page).exists():
        workflow = ensure_workflow(convenors, using)
        WorkflowPage.objects.using(using).create(page=page, workflow=workflow)


def sync_roles(using=DEFAULT_DB_ALIAS):
    """Give the groups everything the declarations name (adds, never removes)."""
    with transaction.atomic(using=using):
        convenors, contributors = ensure_groups(using)
        ensure_workflow(convenors, using)
        for declared in declarations():
            convenors.permissions.add(*_permission_objects(declared.convenors, declared.source, using))
            contributors.permissions.add(*_permission_objects(declared.contributors, declared.source, using))
        root = Page.objects.using(using).filter(depth=1).first()
        if root is not None:
            _give_page_permissions(convenors, root, _page_permissions(CONVENOR_PAGE_ACTIONS, using), using)
        _give_media_permissions(convenors, CONVENOR_MEDIA_ACTIONS, using)
        _give_media_permissions(contributors, CONTRIBUTOR_MEDIA_ACTIONS, using)
        for model in section_models():
            for page in model.objects.using(using).all():
                open_section(page, using)


# Signal receivers (connected in apps.py) -------------------------------------------------


def sync_after_migrate(app_config, using=DEFAULT_DB_ALIAS, **kwargs):
    """Runs once per ``migrate``. Permissions for every app are made first (Django
    makes them app by app, and ours may come before the apps it names)."""
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_roles(using)


def section_page_saved(sender, instance, created=False, raw=False, using=DEFAULT_DB_ALIAS, **kwargs):
    if not created or raw or not isinstance(instance, Page):
        return
    if isinstance(instance, section_models()):
        open_section(instance, using)
