"""The server's settings as the environment sets them: gunicorn.conf.py, and
the CDN that the page cache's purge reaches (production settings)."""

import json
import os
import runpy
import subprocess
import sys
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
