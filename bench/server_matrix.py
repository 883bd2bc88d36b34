"""Benchmark: which gunicorn settings suit this site on this machine?

Prepares the demo site once (as bench/pages.py does: production settings,
SQLite or BENCH_DATABASE_URL), then for each worker setting and access-log
choice starts gunicorn with gunicorn.conf.py and measures, at 16 connections:
a static CSS file and the vision page with the page cache on, and a blog post
with it off (every request renders). Prints req/s and p50 / p99 for each.
The figures chose the defaults in gunicorn.conf.py (see its comments and the
README's "Measuring").

    BENCH_DATABASE_URL=postgres:///scf_bench .venv/bin/python bench/server_matrix.py
    BENCH_SECONDS=20 .venv/bin/python bench/server_matrix.py
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import SECONDS, WRK, load, machine, prepare, site_server, warm  # noqa: E402

CHEAP_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
GUNICORN_DEFAULT_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
DEFAULT_LOG = {"GUNICORN_ACCESS_LOG": "-", "GUNICORN_ACCESS_LOG_FORMAT": GUNICORN_DEFAULT_FORMAT}
#: (label, environment for gunicorn.conf.py)
WORKERS = [
    ("sync x2", {"GUNICORN_WORKER_CLASS": "sync", "WEB_CONCURRENCY": "2"}),
    ("sync x3", {"GUNICORN_WORKER_CLASS": "sync", "WEB_CONCURRENCY": "3"}),
    ("sync x4", {"GUNICORN_WORKER_CLASS": "sync", "WEB_CONCURRENCY": "4"}),
    ("sync x5", {"GUNICORN_WORKER_CLASS": "sync", "WEB_CONCURRENCY": "5"}),
    ("gthread 2x2", {"GUNICORN_WORKER_CLASS": "gthread", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "2"}),
    ("gthread 2x4", {"GUNICORN_WORKER_CLASS": "gthread", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"}),
    ("gthread 5x2", {"GUNICORN_WORKER_CLASS": "gthread", "WEB_CONCURRENCY": "5", "GUNICORN_THREADS": "2"}),
]
ACCESS_LOGS = [
    ("gunicorn's default format to stdout", DEFAULT_LOG),
    ("short format to stdout", {"GUNICORN_ACCESS_LOG": "-", "GUNICORN_ACCESS_LOG_FORMAT": CHEAP_FORMAT}),
    ("off", {"GUNICORN_ACCESS_LOG": "off"}),
    ("short format to stdout, 2 sync workers", {**dict(WORKERS[0][1]), "GUNICORN_ACCESS_LOG": "-"}),
]


def figures(workdir, pages, env):
    static, vision, post = pages[0]["path"], pages[1]["path"], pages[4]["path"]
    server = site_server(workdir, "matrix-cached", **env)
    try:
        warm(server.port, static)
        warm(server.port, vision)
        results = [load(server.port, static), load(server.port, vision)]
    finally:
        server.stop()
    server = site_server(workdir, "matrix-uncached", PAGE_CACHE_SECONDS="0", **env)
    try:
        warm(server.port, post)
        results.append(load(server.port, post))
    finally:
        server.stop()
    return results


def row(label, results):
    cells = [f"{r['rps']:,.0f} ({r['p50']:.1f} / {r['p99']:.1f})" for r in results]
    errors = sum(r["errors"] for r in results)
    return f"| {label} | {' | '.join(cells)} | {errors} |"


def main():
    workdir = Path(tempfile.mkdtemp(prefix="scf-bench-matrix-"))
    try:
        pages = prepare(workdir)
        print(machine())
        print(f"load: {'wrk 2 threads' if WRK else 'Python threads'}, 16 connections, {SECONDS:g} s each")
        header = (
            "| {} | static req/s (p50 / p99 ms) | vision, cached | blog post, uncached | errors |\n"
            "|---|---|---|---|---|"
        )
        only = os.environ.get("BENCH_MATRIX", "workers,logs")
        if "workers" in only:
            print(header.format("workers (access log: gunicorn's default format to stdout)"))
            for label, env in WORKERS:
                print(row(label, figures(workdir, pages, {**env, **DEFAULT_LOG})), flush=True)
        if "logs" in only:
            print()
            print(header.format("access log (the chosen workers)"))
            for label, env in ACCESS_LOGS:
                print(row(label, figures(workdir, pages, env)), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
