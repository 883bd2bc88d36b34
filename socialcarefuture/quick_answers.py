"""Quick answers: the WSGI application gunicorn runs (``socialcarefuture.wsgi``).

Most requests to a busy campaigning site want one of two things that need
nothing of Django's request handling: a static file (WhiteNoise has it in
memory) or a page already in the page cache. Through Django's handler (the
request and response objects, the ``request_started`` and
``request_finished`` signals, every middleware down to the one that answers)
a static file took 140 microseconds in-process and a stored page about 175;
sent from here, 33 and about 85 (``bench/probe.py``, which ``make bench`` runs). Their
access-log lines are sampled (``socialcarefuture.security.logs``), as a line
cost as much again. Under load that is what lets a static file go as fast as
through a plain WhiteNoise site with no access log (README "Measuring").

So, for a GET or HEAD, before Django:

1. Django's ``SecurityMiddleware`` looks at the request. If it would redirect
   to HTTPS, Django answers instead (its middleware makes the redirect).
2. A static file that WhiteNoise knows is sent as WhiteNoise sends it, with
   the headers ``SecurityMiddleware`` adds to every answer (they depend only
   on whether the request came over HTTPS).
3. A fresh stored page (``page_cache.fresh_copy``: the same rules as the page
   cache middleware: no session or messages cookie, not the admin, an allowed
   host) is sent with ``SecurityMiddleware``'s headers added.

Anything else, and anything that goes wrong here (the cache unreachable, a
host Django would refuse), goes to Django untouched, where the same
middleware (``WhiteNoiseMiddleware``, ``PageCacheMiddleware``) still does all
of this for ``runserver`` and the test client, and renders, stores, or
serves a stale copy when the database is down.
"""

import logging

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware

from socialcarefuture import page_cache
from socialcarefuture.security.logs import QUICK_ANSWER

logger = logging.getLogger(__name__)


def _not_called(request):  # pragma: no cover - the middleware here only look, never pass on
    raise AssertionError("quick answers never pass a request down")


class QuickAnswers:
    """A WSGI application: static files and fresh stored pages first, then ``django``."""

    def __init__(self, django):
        self.django = django
        # WhiteNoise's own middleware, set up from the settings as Django's
        # copy of it is; only its table of files is used here.
        self.static_files = WhiteNoiseMiddleware(get_response=_not_called).files
        self.security = SecurityMiddleware(get_response=_not_called)
        self._security_headers = {}

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                answer = self.answer(environ, start_response)
            except DisallowedHost:
                answer = None  # Django answers it, with a 400
            except Exception:  # noqa: BLE001 - Django can always answer instead
                logger.warning("A quick answer failed; passing the request to Django", exc_info=True)
                answer = None
            if answer is not None:
                return answer
        return self.django(environ, start_response)

    def answer(self, environ, start_response):
        """The body of the answer, start_response called; or None for Django to answer."""
        request = WSGIRequest(environ)
        if self.security.process_request(request) is not None:
            return None
        static_file = self.static_files.get(request.path_info)
        if static_file is not None:
            extra = self.security_headers(request)

            def start(status, headers, exc_info=None):
                return start_response(status, [*headers, *extra], exc_info)

            environ[QUICK_ANSWER] = "static"
            return WhiteNoise.serve(static_file, environ, start)
        stored = page_cache.fresh_copy(request)
        if stored is None:
            return None
        headers, body = stored
        present = {name.lower() for name in headers}
        headers = [
            *headers.items(),
            *((n, v) for n, v in self.security_headers(request) if n.lower() not in present),
        ]
        start_response("200 OK", headers)
        environ[QUICK_ANSWER] = "stored page"
        return [body]

    def security_headers(self, request):
        """What ``SecurityMiddleware`` adds to an answer to this request that
        lacks them: the same for every request over HTTPS, and for every one
        over HTTP (they come from the settings alone)."""
        secure = request.is_secure()
        headers = self._security_headers.get(secure)
        if headers is None:
            probe = HttpResponse()
            del probe["Content-Type"]
            headers = self._security_headers[secure] = list(
                self.security.process_response(request, probe).items()
            )
        return headers
