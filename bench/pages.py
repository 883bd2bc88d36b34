"""Benchmark: how fast the main pages are, compared with a static file.

Runs the site as production runs it (gunicorn, production settings, WhiteNoise)
on loopback, with the demo content in a throwaway SQLite database (or the
database in BENCH_DATABASE_URL), then requests each page many times in turn
and prints medians, the 95th percentile, the ratio to a static file served by
the same server in the same run, and each page's size.

    make bench                      # or: .venv/bin/python bench/pages.py
    BENCH_REQUESTS=300 make bench

Figures depend on the machine; compare ratios between runs, not milliseconds.
"""

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PATHS = [
    ("static file (baseline)", "/static/css/site.css"),
    ("vision page", "/"),
    ("standard page", "/about/"),
    ("search", "/search/?q=care"),
    ("blog listing", "/blog/"),
    ("health check", "/healthz/"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")


def wait_for(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def measure(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    timings, size, status = [], 0, None
    for _ in range(10):  # warm up (renditions, caches, connections)
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        connection.getresponse().read()
    for _ in range(REQUESTS):
        start = time.perf_counter()
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        timings.append((time.perf_counter() - start) * 1000)
        size, status = len(body), response.status
    connection.close()
    timings.sort()
    return {
        "status": status,
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "size": size,
    }


def main():
    workdir = Path(tempfile.mkdtemp(prefix="scf-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socialcarefuture.settings.production",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SERVE_MEDIA": "1",
        "TASKS_BACKEND": "immediate",
        "MEDIA_ROOT": str(workdir / "media"),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "warning",
    }
    print(f"Preparing a demo site in {workdir} ...")
    run(["migrate", "--noinput", "-v0"], env)
    run(["load_demo_content"], env)
    run(["collectstatic", "--noinput", "-v0"], env)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(port)
        results = [(label, path, measure(port, path)) for label, path in PATHS]
    finally:
        server.terminate()
        server.wait(timeout=20)
    baseline = results[0][2]["median"]
    print(f"\n{REQUESTS} sequential requests per page, gunicorn with 2 workers, {os.cpu_count()} cores\n")
    print(f"{'page':24} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'x static':>9} {'bytes':>8}")
    for label, _path, result in results:
        print(
            f"{label:24} {result['status']:>6} {result['median']:>10.2f} {result['p95']:>8.2f} "
            f"{result['median'] / baseline:>9.1f} {result['size']:>8}"
        )


if __name__ == "__main__":
    main()
