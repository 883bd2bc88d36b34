"""Keep bearer tokens out of logs.

The links in our emails carry signed tokens in their path
(``/mailing-list/unsubscribe/<token>/``, ``/preferences/<token>/``, and the same
shape in every app built on ``confirmations``); whoever reads a log line with
one could use it. ``mask_text`` replaces any path segment that looks like a
token with ``[token]``, wherever it appears in a line:

* Django's signed values, ``value:timestamp:signature`` or ``value:signature``
  (the colon may arrive as ``%3A``);
* long random strings (32+ URL-safe characters with capitals and digits,
  which slugs never have);
* Django's password-reset tokens (``<base36>-<hex>``).

``MaskTokensFilter`` applies it to a log record (Django's logging: see
``LOGGING`` in settings), and ``GunicornLogger`` to gunicorn's access and error
logs (``logger_class`` in gunicorn.conf.py), so the request line, the path,
the referrer and a redirect's ``Location`` are all masked.
"""

import itertools
import logging
import os
import re

MASK = "[token]"

_SIGNED = re.compile(r"^[A-Za-z0-9_\-.=]{6,}(?::|%3[Aa])[A-Za-z0-9_\-.=:%]{6,}$")
_RANDOM = re.compile(r"^(?=[A-Za-z0-9_\-]*[A-Z])(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{32,}$")
_RESET = re.compile(r"^[0-9a-z]{1,13}-[0-9a-f]{20,}$")
# A path segment: what follows a slash, up to the next slash, space, quote,
# query or fragment.
_SEGMENT = re.compile(r"(?<=/)[^/\s\"'?#&<>]+")
# Query parameters that carry secrets.
_SECRET_PARAM = re.compile(r"(?i)([?&](?:token|key|signature|sig|code|password|secret)=)[^&\s\"']+")


def looks_like_token(segment):
    return bool(_SIGNED.match(segment) or _RANDOM.match(segment) or _RESET.match(segment))


def mask_text(text):
    """``text`` with every token-like path segment and secret parameter masked."""
    if "/" not in text and "=" not in text:
        return text
    text = _SEGMENT.sub(lambda match: MASK if looks_like_token(match.group(0)) else match.group(0), text)
    return _SECRET_PARAM.sub(lambda match: match.group(1) + MASK, text)


class MaskTokensFilter(logging.Filter):
    """A logging filter that masks tokens in the message and any traceback."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call must still be logged
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        return True


MASK_TOKENS = MaskTokensFilter()

try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is a runtime requirement
    _GunicornLogger = None

#: Set in the WSGI environ by ``socialcarefuture.quick_answers`` when it answers.
QUICK_ANSWER = "socialcarefuture.quick_answer"


def access_log_sample():
    """One in how many quick answers that succeed goes in the access log
    (``GUNICORN_ACCESS_LOG_SAMPLE``; 1 logs every one)."""
    try:
        return max(1, int(os.environ.get("GUNICORN_ACCESS_LOG_SAMPLE", "10")))
    except ValueError:
        return 10


if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's logger with tokens masked in the access and error logs,
        and quick answers (static files and stored pages sent before Django,
        ``socialcarefuture/quick_answers.py``) that succeed sampled: one line in
        ``GUNICORN_ACCESS_LOG_SAMPLE`` (10) per worker. Every other request,
        and every quick answer that fails, gets its line. A line cost about
        as much as the quick answer itself, a quarter of the static file's
        speed under load (README "Measuring")."""

        def setup(self, cfg):
            super().setup(cfg)
            for log in (self.error_log, self.access_log):
                log.addFilter(MASK_TOKENS)  # the same object: adding it again does nothing
            self.quick_sample = access_log_sample()
            self._quick_answers = itertools.count()

        def access(self, resp, req, environ, request_time):
            if (
                environ.get(QUICK_ANSWER)
                and (resp.status_code or 500) < 400
                and next(self._quick_answers) % self.quick_sample
            ):
                return
            super().access(resp, req, environ, request_time)
