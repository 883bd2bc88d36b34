"""Settings for `make test`: the dev settings with fast hashing and quiet logs."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email"],
    }
}
# Tests turn the limiter on where they test it.
RATELIMIT_ENABLE = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
WAGTAILADMIN_BASE_URL = SITE_URL = "http://testserver"  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
# The page cache is off in tests (factories change pages without publishing);
# tests/socialcarefuture/test_page_cache.py turns it on where it tests it.
PAGE_CACHE_SECONDS = 0
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "scf-pages"}  # noqa: F405
