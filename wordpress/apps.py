from django.apps import AppConfig


class WordPressConfig(AppConfig):
    name = "wordpress"
    label = "wordpress"
    verbose_name = "Moving from WordPress"
    default_auto_field = "django.db.models.BigAutoField"
