"""The Convenors and Contributors groups and the "Convenor approval" workflow.

Wagtail's own first migrations make "Editors" and "Moderators" groups and a
"Moderators approval" workflow on the whole site. They are replaced here (the
groups only if nobody is in them), so that Settings > Groups and Settings >
Workflows show just what this site uses.

Permissions are not given here: the permissions of apps migrated later do not
exist yet. ``socialcarefuture.publishing.roles.sync_roles`` gives them after
every ``migrate``, from the apps' ``register_role_permissions`` hooks.
"""

from django.conf import settings
from django.db import migrations

CONVENORS = "Convenors"
CONTRIBUTORS = "Contributors"
WORKFLOW_NAME = "Convenor approval"
TASK_NAME = "Convenors"  # reads "Sent to Convenors" in the editor
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def create_groups_and_workflow(apps, schema_editor):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    convenors, _ = Group.objects.using(db).get_or_create(name=CONVENORS)
    Group.objects.using(db).get_or_create(name=CONTRIBUTORS)

    task_type, _ = ContentType.objects.using(db).get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.using(db).filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.using(db).create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(convenors)
    workflow = Workflow.objects.using(db).filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.using(db).create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.using(db).create(workflow=workflow, task=task, sort_order=0)

    # The whole site goes to the convenors for approval (the sections get the
    # same workflow of their own when they are created; see roles.open_section).
    root = Page.objects.using(db).filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.using(db).update_or_create(page=root, defaults={"workflow": workflow})

    # Wagtail's defaults, replaced by the above.
    for old in Workflow.objects.using(db).exclude(pk=workflow.pk).filter(name="Moderators approval"):
        if not WorkflowPage.objects.using(db).filter(workflow=old).exists():
            old.active = False
            old.save(update_fields=["active"])
            GroupApprovalTask.objects.using(db).filter(workflow_tasks__workflow=old).exclude(pk=task.pk).update(
                active=False
            )
    for name in WAGTAIL_DEFAULT_GROUPS:
        group = Group.objects.using(db).filter(name=name).first()
        if group is not None and not User.objects.using(db).filter(groups=group).exists():
            group.delete()


def remove_groups_and_workflow(apps, schema_editor):
    db = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow.objects.using(db).filter(name=WORKFLOW_NAME).update(active=False)
    GroupApprovalTask.objects.using(db).filter(name=TASK_NAME).update(active=False)
    Group.objects.using(db).filter(name__in=[CONVENORS, CONTRIBUTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow),
    ]
