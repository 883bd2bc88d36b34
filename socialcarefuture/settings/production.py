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
# Static files (WhiteNoise): hashed names (css/site.5d87c8debeed.css) are cached
# for ever by browsers and CDNs; WhiteNoise marks them immutable itself. The
# unhashed copies stay (WHITENOISE_KEEP_ONLY_HASHED_FILES off): the Wagtail
# admin's scripts may ask for a file by its unhashed name, and a missing one
# breaks the editor; they cost only start-up indexing, never a request. Those
# may be kept an hour. No scanning for new files per request: files change
# only with a deploy.
WHITENOISE_KEEP_ONLY_HASHED_FILES = False
WHITENOISE_MAX_AGE = 60 * 60
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = False

# A CDN in front (README "Running in production"): every purge of the page
# cache asks it to forget the site's pages too (socialcarefuture/page_cache.py),
# through Wagtail's frontend cache backends. One of these, from the environment.
if os.environ.get("CLOUDFLARE_ZONEID"):  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),  # noqa: F405
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],  # noqa: F405
        }
    }
elif os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],  # noqa: F405
        }
    }
elif os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # noqa: F405
    # Varnish, nginx's proxy cache or anything that takes an HTTP PURGE.
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],  # noqa: F405
        }
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
