from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    name = "gatherings"
    verbose_name = "Gatherings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401 - connects the publish handler
