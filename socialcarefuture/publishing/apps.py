from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class PublishingConfig(AppConfig):
    """Publishing for convenors: the Convenors and Contributors groups, the
    "Convenor approval" workflow, the dashboard, the reports and the guide."""

    name = "socialcarefuture.publishing"
    label = "publishing"
    verbose_name = "Publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import roles

        # After every `migrate` (and after a test database is flushed), the
        # groups get whatever permissions the apps' hooks now declare.
        post_migrate.connect(roles.sync_after_migrate, sender=self, dispatch_uid="publishing_sync_roles")
        # A new section index page (the blog, glimpses, gatherings) at once
        # gets the Contributors' page permissions and the approval workflow.
        post_save.connect(roles.section_page_saved, dispatch_uid="publishing_section_page_saved")
