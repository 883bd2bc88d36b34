from django.apps import AppConfig


class GlimpsesConfig(AppConfig):
    name = "glimpses"
    verbose_name = "Glimpses of the future"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Wagtail's publishing and workflow signals tell the person who
        # suggested a glimpse what became of it (see moderation.py).
        from . import moderation

        moderation.connect_signals()
