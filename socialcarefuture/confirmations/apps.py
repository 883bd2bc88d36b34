from django.apps import AppConfig


class ConfirmationsConfig(AppConfig):
    """The confirmed-by-email mechanism the mailing list, the pledge and
    gathering bookings share: signed links, an outbox of emails sent by a
    background task, consent records, and the personal-data tools."""

    name = "socialcarefuture.confirmations"
    label = "confirmations"
    verbose_name = "Confirmations and consent"
    default_auto_field = "django.db.models.BigAutoField"
