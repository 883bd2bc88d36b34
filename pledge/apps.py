from django.apps import AppConfig


class PledgeConfig(AppConfig):
    """The pledge: leaders and event organisers sign publicly to give people
    with lived experience an equal place on the platform."""

    name = "pledge"
    verbose_name = "The pledge"
    default_auto_field = "django.db.models.BigAutoField"
