from django.apps import AppConfig


class SocialCareFutureConfig(AppConfig):
    name = "socialcarefuture"
    verbose_name = "Social Care Future"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_cache, queries

        page_cache.connect_signals()
        queries.install()
