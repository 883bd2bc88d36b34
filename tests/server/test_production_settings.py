"""The server's settings as the environment sets them: gunicorn.conf.py, and
the CDN that the page cache's purge reaches (production settings)."""

import gc
import json
import os
import runpy
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def gunicorn_settings(monkeypatch, **env):
    for name in [name for name in os.environ if name.startswith(("GUNICORN_", "WEB_CONCURRENCY"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults_are_the_measured_ones(monkeypatch):
    conf = gunicorn_settings(monkeypatch)
    # Sync workers, one more than the cores; threads above 1 would make
    # gunicorn switch to its threaded worker.
    assert conf["worker_class"] == "sync" and conf["threads"] == 1
    assert conf["workers"] == (os.cpu_count() or 1) + 1
    assert conf["accesslog"] == "-"
    assert conf["access_log_format"] == '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
    assert conf["logger_class"] == "socialcarefuture.security.logs.GunicornLogger"  # tokens masked
    assert conf["control_socket_disable"] is True


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    conf = gunicorn_settings(
        monkeypatch,
        GUNICORN_WORKER_CLASS="gthread",
        GUNICORN_THREADS="4",
        WEB_CONCURRENCY="3",
        GUNICORN_ACCESS_LOG="off",
        GUNICORN_CONTROL_SOCKET="/run/scf/gunicorn.ctl",
    )
    assert (conf["worker_class"], conf["threads"], conf["workers"], conf["accesslog"]) == (
        "gthread",
        4,
        3,
        None,
    )
    assert conf["control_socket"] == "/run/scf/gunicorn.ctl" and "control_socket_disable" not in conf


class Node:
    pass


class Worker:
    """What gunicorn's hooks are given: a worker and its count of requests served."""

    def __init__(self, served):
        self.nr = served


def test_workers_freeze_what_lives_as_long_as_they_do(monkeypatch):
    """The app loaded before the fork, then what a worker built over its first
    requests, are kept out of the garbage collector's full passes (README
    "Measuring": a pass over everything cost 150 ms in a request)."""
    conf = gunicorn_settings(monkeypatch)
    assert gc.get_freeze_count() == 0
    gc.disable()  # only the hooks collect here
    try:
        conf["pre_fork"](None, None)
        after_fork = gc.get_freeze_count()
        assert after_fork > 1000

        built = [Node() for _ in range(5000)]  # what warming up builds
        cycle = Node()
        cycle.itself = cycle  # garbage that only a collection frees
        gone = weakref.ref(cycle)
        del cycle
        # (A frozen object that is freed leaves the count: compare with margins,
        # never for equality.)
        conf["post_request"](Worker(199), None, {}, None)
        assert gc.get_freeze_count() <= after_fork and gone() is not None

        conf["post_request"](Worker(200), None, {}, None)
        frozen = gc.get_freeze_count()
        assert frozen >= after_fork + len(built) // 2
        assert gone() is None  # collected first, not frozen with the rest

        more = [Node() for _ in range(5000)]
        conf["post_request"](Worker(201), None, {}, None)
        assert gc.get_freeze_count() < frozen + len(more) // 2  # once
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_second_freeze_can_be_turned_off(monkeypatch):
    conf = gunicorn_settings(monkeypatch, GUNICORN_GC_FREEZE_AFTER="0")
    try:
        conf["post_request"](Worker(0), None, {}, None)
        conf["post_request"](Worker(200), None, {}, None)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


def frontend_cache_backends(**env):
    code = (
        "import django, json; django.setup();"
        "from wagtail.contrib.frontend_cache.utils import get_backends;"
        "print(json.dumps({k: type(v).__name__ for k, v in get_backends().items()}))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLOUDFLARE_", "CLOUDFRONT_", "FRONTEND_CACHE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="socialcarefuture.settings.production", SECRET_KEY="x" * 50, **env
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {}),
        (
            {"CLOUDFLARE_ZONEID": "zone", "CLOUDFLARE_BEARER_TOKEN": "token"},
            {"cloudflare": "CloudflareBackend"},
        ),
        ({"CLOUDFRONT_DISTRIBUTION_ID": "E123"}, {"cloudfront": "CloudfrontBackend"}),
        ({"FRONTEND_CACHE_PURGE_URL": "http://varnish.internal:6081"}, {"http": "HTTPBackend"}),
    ],
)
def test_a_cdn_is_purged_only_when_one_is_configured(env, expected):
    assert frontend_cache_backends(**env) == expected
