"""The yardstick for static files: a minimal Django project that does nothing
but WhiteNoise, as a plain Wagtail or Django site is set up (SecurityMiddleware,
then WhiteNoise), serving the same collected files (BENCH_STATIC_ROOT) with
the same manifest. bench/pages.py runs it under gunicorn's defaults with two
sync workers, as the reference site was measured in issue 14.

    BENCH_STATIC_ROOT=staticfiles gunicorn -w 2 --chdir bench plain_whitenoise:application
"""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application

settings.configure(
    DEBUG=False,
    SECRET_KEY="plain-whitenoise-benchmark-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.staticfiles"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ],
    STATIC_URL="/static/",
    STATIC_ROOT=os.environ["BENCH_STATIC_ROOT"],
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    },
)
django.setup()

urlpatterns = []
application = get_wsgi_application()
