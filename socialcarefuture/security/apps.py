from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """The front door: login throttling (django-axes) and the admin page to lift
    a lockout, the page-password throttle, and keeping link tokens out of logs."""

    name = "socialcarefuture.security"
    label = "security"
    verbose_name = "Security"

    def ready(self):
        from . import logins  # noqa: F401 - connects the lockout log line
