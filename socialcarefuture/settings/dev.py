"""Local preview (`make run`): SQLite, console email, tasks run at once."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, mailer_from_environment, tasks_from_environment

DEBUG = env_bool("DEBUG", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

if not SECRET_KEY:  # noqa: F405
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = "dev-only-key-never-used-in-production-7c1f4e2a9b"

MAILERS = mailer_from_environment("django.core.mail.backends.console.EmailBackend")
TASKS = tasks_from_environment("immediate")
