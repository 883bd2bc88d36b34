"""Benchmark: does a sign-up answer in the same time whatever the address's history?

An observer who times the mailing-list form must not learn that someone entered
an address a moment ago. This runs the site as production does (gunicorn,
production settings, the database task backend, so the email is decided and
written by the worker, not in the request), then times, interleaved:

* a new address each time (a record, consent, one task);
* the same address again and again (a repeat within the cool-down: no email);
* a confirmed subscriber's address (the email would say "already subscribed").

and prints medians, the 95th percentile and each kind's ratio to the new one.

    .venv/bin/python bench/signup_timing.py
    BENCH_REQUESTS=400 BENCH_DATABASE_URL=postgres:///scf_bench .venv/bin/python bench/signup_timing.py

Rate limits are off (RATELIMIT_ENABLE=0) so that every request reaches the form.
Figures depend on the machine; compare ratios, not milliseconds.
"""

import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import ROOT, free_port, run, wait_for  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def post(port, email):
    """One sign-up on a new connection (as a browser submitting a form would)."""
    body = urlencode({"email": email, "name": "Kit", "consent": "on", "source": "/"})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    start = time.perf_counter()
    connection.request(
        "POST",
        "/mailing-list/",
        body=body,
        headers={"Host": "127.0.0.1", "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    if response.status != 303:
        raise SystemExit(f"sign-up answered {response.status}")
    return elapsed


def summary(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    workdir = Path(tempfile.mkdtemp(prefix="scf-bench-signup-"))
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
        "TASKS_BACKEND": "database",
        "RATELIMIT_ENABLE": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "warning",
    }
    print(f"Preparing a site in {workdir} ...")
    run(["migrate", "--noinput", "-v0"], env)
    run(["load_demo_content"], env)
    run(["collectstatic", "--noinput", "-v0"], env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
    )
    timings = {"new address": [], "repeat within minutes": [], "confirmed subscriber": []}
    try:
        wait_for(port)
        post(port, "repeat@example.org")
        post(port, "member@example.org")
        confirm = (
            "from socialcarefuture.mailing_list.models import Subscriber;"
            "Subscriber.objects.filter(email='member@example.org').update(status='confirmed')"
        )
        run(["shell", "-c", confirm], env)
        for n in range(10):  # warm up
            post(port, f"warm{n}@example.org")
        for n in range(REQUESTS):
            timings["new address"].append(post(port, f"new{n}@example.org"))
            timings["repeat within minutes"].append(post(port, "repeat@example.org"))
            timings["confirmed subscriber"].append(post(port, "member@example.org"))
    finally:
        server.terminate()
        server.wait(timeout=20)
    baseline = summary(timings["new address"])[0]
    print(f"\n{REQUESTS} sign-ups of each kind, interleaved; gunicorn with 2 workers, {os.cpu_count()} cores")
    print("(The confirmed subscriber's cool-down passes after the first: most of its tasks would send.)\n")
    print(f"{'kind':24} {'median ms':>10} {'p95 ms':>8} {'x new':>7}")
    for label, values in timings.items():
        median, p95 = summary(values)
        print(f"{label:24} {median:>10.2f} {p95:>8.2f} {median / baseline:>7.2f}")


if __name__ == "__main__":
    main()
