"""Benchmark: how fast the main pages are, compared with a static file.

Runs the site as production runs it (gunicorn with gunicorn.conf.py, the
production settings, WhiteNoise) on loopback, with the demo content in a
throwaway SQLite database, or on PostgreSQL when BENCH_DATABASE_URL is set
(the demo is loaded into it if it is empty; running it again changes nothing).
Then, for each main page and a static CSS file:

* requests a second and p50 / p99 latency at 16 connections, with the page
  cache on (as production runs) and off (``PAGE_CACHE_SECONDS=0``: every
  request renders the page), each also as a ratio to the static file served
  by the same server in the same run;
* SQL queries of one render and of a page-cache hit (counted in-process with
  Django's test client: bench/probe.py);
* HTML bytes, raw and gzipped.

The load is wrk (``apt-get install wrk``: 2 threads, 16 keep-alive
connections) when it is installed, else a Python load generator with the same
16 keep-alive connections (slower: its own CPU competes with the server's, so
compare ratios only within a run). Requests say ``Accept-Encoding: gzip`` as
browsers do. It also serves the same static file from a minimal
Django + WhiteNoise project (bench/plain_whitenoise.py, gunicorn's defaults,
two sync workers) as a yardstick.

    make bench
    BENCH_DATABASE_URL=postgres:///scf_bench make bench
    BENCH_SECONDS=20 make bench         # longer runs (default 10 s a page, three rounds: BENCH_ROUNDS)
    BENCH_SOAK=1 make bench             # and 60 s at 64 connections over every page
    WEB_CONCURRENCY=4 GUNICORN_WORKER_CLASS=sync make bench   # try other server settings

Figures depend on the machine and what else it is doing; compare ratios
within one run, not milliseconds between runs.
"""

import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
#: Rounds of every page; the median round is reported (as issue 14 measured).
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SOAK_SECONDS = float(os.environ.get("BENCH_SOAK_SECONDS", "60"))
SOAK_CONNECTIONS = 64
DRAIN_SECONDS = 1.5
WRK = shutil.which("wrk") if os.environ.get("BENCH_LOADER", "wrk") == "wrk" else None
HEADERS = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
#: Pages that must answer at least 1/30 of the static file's rate uncached.
UNCACHED_TARGET_PAGES = {"vision page", "blog listing", "blog post"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def wait_for(port, timeout=60, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def site_env(workdir, port):
    """The environment of a production server for the benchmark."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socialcarefuture.settings.production",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SERVE_MEDIA": "1",
        "TASKS_BACKEND": "immediate",
        "RATELIMIT_ENABLE": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "PAGE_CACHE_DIR": str(workdir / "page-cache"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "warning",
    }


def prepare(workdir):
    env = site_env(workdir, 0)
    print(f"Preparing the demo site ({'PostgreSQL' if 'BENCH_DATABASE_URL' in os.environ else 'SQLite'}) ...")
    run(["migrate", "--noinput", "-v0"], env)
    run(["load_demo_content"], env)
    run(["collectstatic", "--noinput", "-v0"], env)
    result = subprocess.run(
        [PYTHON, "bench/probe.py"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"bench/probe.py failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    """A gunicorn on a free port; its stdout (the access log) goes to a file,
    as it would go to a log collector, not to this terminal."""

    def __init__(self, workdir, name, args, env=None, cwd=ROOT):
        self.port = free_port()
        self.log = open(workdir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        base = env if env is not None else {**os.environ}
        self.env = {
            **base,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
        }
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{self.port}"],
            cwd=cwd,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self.port, process=self.process)

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)  # quick shutdown: nothing to finish
        self.process.wait(timeout=60)
        self.log.close()


def site_server(workdir, name, **env):
    return Server(workdir, name, ["-c", "gunicorn.conf.py"], env={**site_env(workdir, 0), **env})


def plain_server(workdir):
    env = {**os.environ, "BENCH_STATIC_ROOT": str(workdir / "static")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return Server(workdir, "plain", ["-w", "2", "plain_whitenoise:application"], env=env, cwd=ROOT / "bench")


# Load ---------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(port, paths, seconds, connections):
    threads = min(2, connections)
    args = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    for name, value in HEADERS.items():
        args += ["-H", f"{name}: {value}"]
    script = None
    if len(paths) > 1:  # every page in turn
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        quoted = ", ".join(json.dumps(path) for path in paths)
        script.write(
            f"local paths = {{{quoted}}}\nlocal i = 0\n"
            "request = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n"
        )
        script.close()
        args += ["-s", script.name]
    output = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{paths[0]}"], capture_output=True, text=True
    ).stdout
    if script:
        os.unlink(script.name)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.M))
    if "Requests/sec" not in output or set(latency) != {"50", "99"}:
        raise SystemExit(f"wrk gave no figures:\n{output}")
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "requests": int(total.group(1)),
        # wrk counts a connection the server closed after a response (sync
        # workers do) as a read error; those are not failed requests.
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for i, n in enumerate(socket_errors.groups()) if i != 1) if socket_errors else 0),
    }


def python_load(port, paths, seconds, connections):
    """16 threads, each with one keep-alive connection, for ``seconds``."""
    deadline = time.monotonic() + seconds
    timings, errors, lock = [], [0], threading.Lock()

    def worker(offset):
        mine, failed, i = [], 0, offset
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=HEADERS)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append((time.perf_counter() - start) * 1000)
        connection.close()
        with lock:
            timings.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    timings.sort()
    return {
        "rps": len(timings) / elapsed,
        "p50": statistics.median(timings) if timings else 0.0,
        "p99": timings[max(0, int(len(timings) * 0.99) - 1)] if timings else 0.0,
        "requests": len(timings),
        "errors": errors[0],
    }


def load(port, paths, seconds=SECONDS, connections=CONNECTIONS):
    if isinstance(paths, str):
        paths = [paths]
    result = (wrk if WRK else python_load)(port, paths, seconds, connections)
    # When the load stops, sync workers still owe the requests waiting in the
    # listen queue (up to a connection's worth each: half a second of renders
    # for a slow page). Let them finish, or the next run's first requests wait
    # behind them: that put the static file's p99 at 150 to 230 ms after an
    # uncached page.
    time.sleep(DRAIN_SECONDS)
    return result


def warm(port, path, times=5):
    """A few requests, then a short burst at full concurrency, so every
    worker has rendered the page once (menus cached, templates loaded)."""
    for _ in range(times):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers=HEADERS)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status >= 400:
            raise SystemExit(f"{path} answered {response.status}")
    load(port, path, seconds=min(SECONDS, 3))


def median_round(rounds):
    """The round with the median requests a second (its p50 and p99 with it)."""
    ordered = sorted(rounds, key=lambda result: result["rps"])
    middle = dict(ordered[len(ordered) // 2])
    middle["errors"] = sum(result["errors"] for result in rounds)
    return middle


def measure_pages(server, pages):
    """Each page warmed, then ``ROUNDS`` rounds over all the pages in turn (so
    a slow moment on the machine falls on one round of several pages, not on
    every round of one), and each page's median round."""
    for page in pages:
        warm(server.port, page["path"])
    rounds = {page["label"]: [] for page in pages}
    for _ in range(ROUNDS):
        for page in pages:
            rounds[page["label"]].append(load(server.port, page["path"]))
    return {label: median_round(results) for label, results in rounds.items()}


# Report -------------------------------------------------------------------------------------


def machine():
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Python {platform.python_version()}"


def ratio(value, base):
    return value / base if base else 0.0


def report(pages, cached, uncached, plain, soak, config):
    static = pages[0]["label"]
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}",
        f"gunicorn: {config}; load: {'wrk 2 threads' if WRK else 'Python threads'}, "
        f"{CONNECTIONS} keep-alive connections, {SECONDS:g} s a page, median of {ROUNDS} rounds, Accept-Encoding: gzip",
        f"database: {'PostgreSQL' if 'BENCH_DATABASE_URL' in os.environ else 'SQLite'}",
        "",
        "| page | cached req/s | x static | uncached req/s | x static | p50 / p99 ms cached | "
        "p50 / p99 ms uncached | queries (hit) | HTML bytes | gzipped | x static gzipped |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    base_c, base_u = cached[static]["rps"], uncached[static]["rps"]
    base_bytes = pages[0]["gzip_bytes"]
    for page in pages:
        label, c, u = page["label"], cached[page["label"]], uncached[page["label"]]
        lines.append(
            f"| {label} | {c['rps']:,.0f} | {ratio(c['rps'], base_c):.2f} | {u['rps']:,.0f} | "
            f"1/{ratio(base_u, u['rps']):.0f} | {c['p50']:.1f} / {c['p99']:.1f} | {u['p50']:.1f} / {u['p99']:.1f} | "
            f"{page['queries']} ({page['queries_cached']}) | {page['bytes']:,} | {page['gzip_bytes']:,} | "
            f"{ratio(page['gzip_bytes'], base_bytes):.1f} |"
        )
    lines.append("")
    lines.append(
        f"Static file through a plain Django + WhiteNoise gunicorn (defaults, 2 sync workers): "
        f"{plain['rps']:,.0f} req/s, p50 {plain['p50']:.1f} ms, p99 {plain['p99']:.1f} ms; "
        f"ours {base_c:,.0f} req/s ({ratio(base_c, plain['rps']):.2f}x), "
        f"p50 {cached[static]['p50']:.1f} ms, p99 {cached[static]['p99']:.1f} ms"
    )
    lines.append(
        "In-process, one request straight through the WSGI application, microseconds, quick answers "
        "(socialcarefuture/quick_answers.py) / Django's handler alone: "
        + "; ".join(f"{p['label']} {p['hit_us_quick']} / {p['hit_us_django']}" for p in pages)
        + " (each page a page-cache hit)"
    )
    errors = sum(r["errors"] for r in (*cached.values(), *uncached.values()))
    lines.append(f"Errors in the page runs: {errors}")
    if soak:
        lines.append(
            f"Soak: {SOAK_SECONDS:g} s at {SOAK_CONNECTIONS} connections over every page (cached): "
            f"{soak['requests']:,} requests, {soak['rps']:,.0f} req/s, p50 {soak['p50']:.1f} ms, "
            f"p99 {soak['p99']:.1f} ms, errors {soak['errors']}"
        )
    lines.append("")
    lines.append("Targets:")
    cached_ok = all(ratio(cached[p["label"]]["rps"], base_c) >= 0.8 for p in pages[1:])
    lines.append(f"- cached pages >= 0.8x static req/s: {'met' if cached_ok else 'NOT met'}")
    for page in pages:
        if page["label"] in UNCACHED_TARGET_PAGES:
            value = ratio(uncached[page["label"]]["rps"], base_u)
            lines.append(
                f"- uncached {page['label']} >= 1/30 of static: 1/{1 / value if value else float('inf'):.0f} "
                f"({'met' if value >= 1 / 30 else 'NOT met'})"
            )
    lines.append(
        f"- static at least as fast as plain WhiteNoise: {base_c / plain['rps']:.2f}x "
        f"({'met' if base_c >= plain['rps'] else 'NOT met'})"
    )
    spread = [p["label"] for p in pages if cached[p["label"]]["p99"] > 2 * cached[p["label"]]["p50"]]
    spread_u = [p["label"] for p in pages if uncached[p["label"]]["p99"] > 2 * uncached[p["label"]]["p50"]]
    lines.append(f"- p99 <= 2x p50 cached: {'met' if not spread else 'NOT met for ' + ', '.join(spread)}")
    lines.append(
        f"- p99 <= 2x p50 uncached: {'met' if not spread_u else 'NOT met for ' + ', '.join(spread_u)}"
    )
    if soak:
        lines.append(
            f"- zero errors at {SOAK_CONNECTIONS} connections: {'met' if not soak['errors'] else 'NOT met'}"
        )
    return "\n".join(lines)


def gunicorn_config(workdir):
    """What gunicorn.conf.py resolves to in this environment."""
    code = (
        "import runpy, json; c = runpy.run_path('gunicorn.conf.py');"
        "print(json.dumps({k: c.get(k) for k in ('workers', 'worker_class', 'threads', 'accesslog')}))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=site_env(workdir, 0), capture_output=True, text=True
    )
    c = json.loads(out.stdout)
    threads = f" x {c['threads']} threads" if c["worker_class"] == "gthread" else ""
    return f"{c['workers']} {c['worker_class']} workers{threads}, access log {c['accesslog'] or 'off'}"


def main():
    workdir = Path(tempfile.mkdtemp(prefix="scf-bench-"))
    try:
        pages = prepare(workdir)
        for page in pages:
            if page["status"] != 200:
                raise SystemExit(f"{page['path']} answered {page['status']}")
        print(f"Pages: {', '.join(p['path'] for p in pages)}")
        config = gunicorn_config(workdir)
        print(f"Measuring with the page cache on ({config}) ...")
        server = site_server(workdir, "cached")
        try:
            cached = measure_pages(server, pages)
            soak = None
            if os.environ.get("BENCH_SOAK") == "1":
                print(f"Soak: {SOAK_SECONDS:g} s at {SOAK_CONNECTIONS} connections ...")
                soak = load(server.port, [p["path"] for p in pages], SOAK_SECONDS, SOAK_CONNECTIONS)
        finally:
            server.stop()
        print("Measuring with the page cache off (PAGE_CACHE_SECONDS=0) ...")
        server = site_server(workdir, "uncached", PAGE_CACHE_SECONDS="0")
        try:
            uncached = measure_pages(server, pages)
        finally:
            server.stop()
        print("Measuring the static file through a plain Django + WhiteNoise app ...")
        server = plain_server(workdir)
        try:
            warm(server.port, pages[0]["path"])
            plain = median_round([load(server.port, pages[0]["path"]) for _ in range(ROUNDS)])
        finally:
            server.stop()
        print()
        print(report(pages, cached, uncached, plain, soak, config))
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
