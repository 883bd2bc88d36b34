"""WSGI entry point for gunicorn (see gunicorn.conf.py): Django, with static files
and fresh stored pages answered before it (``socialcarefuture/quick_answers.py``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialcarefuture.settings.production")

django_application = get_wsgi_application()

from socialcarefuture.quick_answers import QuickAnswers  # noqa: E402 - needs the apps loaded first

application = QuickAnswers(django_application)
