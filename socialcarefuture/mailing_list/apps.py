from django.apps import AppConfig


class MailingListConfig(AppConfig):
    name = "socialcarefuture.mailing_list"
    label = "mailing_list"
    verbose_name = "Mailing list"
    default_auto_field = "django.db.models.BigAutoField"
