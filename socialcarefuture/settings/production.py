"""Production: PostgreSQL, SMTP, a task worker, HTTPS only.

Everything comes from the environment; see README.md "Configuration" and
"Running in production".
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, mailer_from_environment, tasks_from_environment

DEBUG = env_bool("DEBUG", False)

if not SECRET_KEY and not DEBUG:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY: it is required when DEBUG is off.")

# Production sends real mail: SMTP unless EMAIL_BACKEND says otherwise.
MAILERS = mailer_from_environment("django.core.mail.backends.smtp.EmailBackend")
TASKS = tasks_from_environment("database")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The health check is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
