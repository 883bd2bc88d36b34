"""The site as production runs it: gunicorn with gunicorn.conf.py, the
production settings, two workers, PostgreSQL (the test database, with data the
test has committed), on a free loopback port."""

import fcntl
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(port, static_root, **extra):
    database = connection.settings_dict
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "socialcarefuture.settings.production",
        "DATABASE_URL": f"postgres:///{database['NAME']}",
        "CONN_MAX_AGE": "0",  # no connection left open to block the test's clean-up
        # The test's own secret: a restart keeps it, as a real deployment does
        # (rate-limit keys are hashed with it), and links the test makes work.
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(static_root),
        # Each server its own page store, not the checkout's (.page-cache).
        "PAGE_CACHE_DIR": str(static_root.parent / f"page-cache-{port}"),
        "TASKS_BACKEND": "dummy",
        "RATELIMIT_ENABLE": "1",
        "REDIS_URL": "",
        "LOG_LEVEL": "info",
        **extra,
    }


def shared_static_root(tmp_path_factory):
    """The production static files, collected once per test run and shared by
    every test file and xdist worker that starts gunicorn (collectstatic with
    WhiteNoise's compression takes a while)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    root = base / "gunicorn-static"
    with open(base / "gunicorn-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "staticfiles.json").exists():
            collect_static(root)
    return root


def collect_static(static_root):
    env = production_env(0, static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Server:
    def __init__(self, port, access_log, error_log):
        self.port, self.access_log, self.error_log = port, access_log, error_log

    def request(self, method, path, body=None, headers=None):
        """One request on a new connection: (status, headers, body text)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def post_form(self, path, data, headers=None):
        return self.request(
            "POST",
            path,
            urlencode(data, doseq=True),
            {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
        )


class Browser:
    """Cookies kept by hand: the production cookies are Secure, and this talks
    plain HTTP to gunicorn while saying (as the TLS proxy would) it is HTTPS."""

    def __init__(self, server):
        self.server = server
        self.cookies = SimpleCookie()
        self.https = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{server.port}"}

    def _headers(self):
        cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in self.cookies.items())
        return {**self.https, **({"Cookie": cookie} if cookie else {})}

    def _keep(self, headers):
        for name, value in headers.items():
            if name.lower() == "set-cookie":
                self.cookies.load(value)

    def get(self, path):
        status, headers, body = self.server.request("GET", path, headers=self._headers())
        self._keep(headers)
        return status, headers, body

    def post(self, path, data):
        status, headers, body = self.server.post_form(path, data, headers=self._headers())
        self._keep(headers)
        return status, headers, body


@contextmanager
def gunicorn(static_root, log_dir, **env):
    port = free_port()
    access_log, error_log = log_dir / "access.log", log_dir / "error.log"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--access-logfile",
            str(access_log),
            "--error-logfile",
            str(error_log),
            # The worker's pid on each line shows which worker answered.
            "--access-logformat",
            '%(p)s %(h)s "%(r)s" %(s)s "%(f)s" "%({location}o)s"',
        ],
        cwd=ROOT,
        # Its own process group, so that a worker stuck at shutdown can be
        # killed along with the arbiter.
        start_new_session=True,
        env=production_env(port, static_root, WEB_CONCURRENCY="2", GUNICORN_BIND=f"127.0.0.1:{port}", **env),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start:\n{error_log.read_text()}") from None
                time.sleep(0.2)
        server = Server(port, access_log, error_log)
        # Both workers up and answering (health checks until two pids are seen).
        for _ in range(200):
            server.request("GET", "/healthz/")
            if len(worker_pids(access_log)) >= 2:
                break
        yield server
    finally:
        # A quick shutdown: a graceful one waits up to graceful_timeout for
        # idle keep-alive connections, and a test needs no goodbyes.
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            # It normally takes about 2 s. Once in a few hundred runs on a
            # loaded machine a gthread worker hangs in its SIGQUIT handler (the
            # handler shuts the thread pool down from inside the signal, and
            # can wait on a lock the interrupted main loop holds); gunicorn's
            # arbiter would SIGKILL it after graceful_timeout (30 s). A test
            # need not wait that long.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def worker_pids(access_log):
    if not access_log.exists():
        return set()
    return {line.split()[0] for line in access_log.read_text().splitlines() if line.startswith("<")}
