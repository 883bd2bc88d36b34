"""Tokens from the links in emails never reach a log: a path segment that looks
like a token is masked by the logging filter (Django) and by the gunicorn
logger (tested through a real gunicorn in test_gunicorn.py)."""

import io
import logging
import sys

import pytest
from django.core import signing

from socialcarefuture.security.logs import MaskTokensFilter, mask_text

SIGNED = signing.TimestampSigner(salt="x").sign("Zq3vT0e8mXbKp2Lw9sYdRf4hNc6uJaQ1")


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (
            f"GET /mailing-list/unsubscribe/{SIGNED}/ HTTP/1.1",
            "GET /mailing-list/unsubscribe/[token]/ HTTP/1.1",
        ),
        (
            f"GET /pledge/withdraw/{SIGNED.replace(':', '%3A')}/?x=1",
            "GET /pledge/withdraw/[token]/?x=1",
        ),
        ("POST /gatherings/cancel/" + signing.dumps({"b": 7}) + "/", "POST /gatherings/cancel/[token]/"),
        ("/admin/password_reset/confirm/MQ/cxk1zf-3d5b7a9c0e1f2a3b4c5d6e7f8a9b0c1d/", None),
        ("/documents/9/aX7Kp2mQ9vR4tY8wZ3bN6cD1fG5hJ0kL/report.pdf", "/documents/9/[token]/report.pdf"),
        ("/confirm/?token=abc123secret&page=2", "/confirm/?token=[token]&page=2"),
    ],
    # Fixed ids: the signed values change with the clock, and every xdist
    # worker must collect the same tests.
    ids=["signed", "signed-percent-encoded", "signed-object", "password-reset", "random-key", "query-token"],
)
def test_token_like_segments_are_masked(line, masked):
    if masked is None:
        masked = "/admin/password_reset/confirm/MQ/[token]/"
    assert mask_text(line) == masked


@pytest.mark.parametrize(
    "line",
    [
        "GET /blog/living-good-lives-in-the-place-we-call-home-2024/ HTTP/1.1",
        "GET /blog/?tag=easy-read&page=2 HTTP/1.1",
        "GET /static/css/site.3f2a9c1b7d4e.css HTTP/1.1",
        "GET /admin/pages/12/edit/ HTTP/1.1",
        "GET /gatherings/2020-02-04-manchester/calendar.ics",
        "Sign-up 0489434987a8b918: created",
        "at 10:30:00 from 2001:db8::1",
    ],
)
def test_ordinary_paths_and_lines_are_left_alone(line):
    assert mask_text(line) == line


def test_the_filter_masks_messages_arguments_and_tracebacks():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "Not Found: %s", (f"/a/{SIGNED}/",), None)
    assert MaskTokensFilter().filter(record) is True
    assert record.getMessage() == "Not Found: /a/[token]/"
    try:
        raise ValueError(f"bad link /a/{SIGNED}/")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Failed", (), sys.exc_info())
    MaskTokensFilter().filter(record)
    assert SIGNED not in logging.Formatter().format(record) and "[token]" in record.exc_text


@pytest.mark.parametrize("logger_name", ["django.request", "django.server", "socialcarefuture"])
def test_the_sites_log_handlers_mask_tokens(logger_name):
    """What settings.LOGGING sets up: every handler masks, runserver's too."""
    logger = logging.getLogger(logger_name)
    handlers = [h for h in (logger.handlers or logging.getLogger().handlers) if hasattr(h, "setStream")]
    assert handlers
    for handler in handlers:
        stream = io.StringIO()
        old = handler.setStream(stream)
        try:
            logger.error("Not Found: %s", f"/mailing-list/unsubscribe/{SIGNED}/")
        finally:
            handler.setStream(old)
        assert "/mailing-list/unsubscribe/[token]/" in stream.getvalue()
        assert SIGNED not in stream.getvalue()
