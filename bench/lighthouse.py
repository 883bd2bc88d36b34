"""Lighthouse scores and page weight for the main pages (``make lighthouse``).

Serves the demo as production runs it (``bench/pages.py``'s server), then runs
Lighthouse 12 (npm, installed on first use into ``.cache/lighthouse``) with the
system Chromium, mobile settings, on the vision page, the blog listing and a
blog post. Prints each page's four scores, its transferred bytes, its layout
shift and any request to another site (the full reports are kept in
``.cache/lighthouse/reports/``), and exits non-zero when a target is
missed: 100 for accessibility, best practices and SEO, 95 or more for
performance, CLS 0, no third-party requests.

    make lighthouse
    LIGHTHOUSE_PAGES="/ /about/" make lighthouse
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ROOT, run, site_env, site_server  # noqa: E402

VERSION = "12.8.2"
PREFIX = ROOT / ".cache" / "lighthouse"
BINARY = PREFIX / "node_modules" / ".bin" / "lighthouse"
REPORTS = PREFIX / "reports"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def install():
    if BINARY.exists():
        return
    print(f"Installing lighthouse {VERSION} into {PREFIX} ...", file=sys.stderr)
    PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(PREFIX), f"lighthouse@{VERSION}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextmanager
def demo_server():
    workdir = Path(tempfile.mkdtemp(prefix="scf-lighthouse-"))
    env = site_env(workdir, 0)
    print(f"Preparing the demo site in {workdir} ...", file=sys.stderr)
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_content"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        run(args, env)
    server = site_server(workdir, "lighthouse")
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


def first_post(base_url):
    html = urllib.request.urlopen(f"{base_url}/blog/").read().decode()
    match = re.search(r'href="(/blog/(?!feed|category|author)[a-z0-9-]+/)"', html)
    if not match:
        raise SystemExit("No blog post linked from /blog/")
    return match.group(1)


def audit(url, attempts=3):
    """One page's report; Lighthouse sometimes fails to record a trace (NO_NAVSTART), so try again."""
    for attempt in range(1, attempts + 1):
        try:
            return _audit(url)
        except RuntimeError as error:
            if attempt == attempts:
                raise SystemExit(str(error)) from None
            print(f"{error.args[0].splitlines()[0]} Trying again.", file=sys.stderr)


def _audit(url):
    result = subprocess.run(
        [
            str(BINARY),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless --no-sandbox --disable-gpu --no-first-run",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    REPORTS.mkdir(parents=True, exist_ok=True)
    name = urlsplit(url).path.strip("/").replace("/", "-") or "home"
    (REPORTS / f"{name}.json").write_text(result.stdout)
    audits = report["audits"]
    host = urlsplit(url).netloc
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "bytes": audits["total-byte-weight"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "third_party": sorted(
            {item["url"] for item in requests if urlsplit(item["url"]).netloc not in (host, "")}
            - {url for url in (item["url"] for item in requests) if url.startswith("data:")}
        ),
        "failing": [
            f"{key}: {value['title']}"
            for key, value in audits.items()
            if value.get("score") is not None
            and value["score"] < 1
            and value.get("scoreDisplayMode") in ("binary", "metricSavings")
        ],
    }


def main():
    install()
    missed = []
    with demo_server() as base_url:
        paths = os.environ.get("LIGHTHOUSE_PAGES", "").split() or ["/", "/blog/", first_post(base_url)]
        for path in paths:  # as most visitors find them: already in the page cache
            urllib.request.urlopen(base_url + path).read()
        rows = [(path, audit(base_url + path)) for path in paths]
    print(f"\nLighthouse {VERSION}, mobile, {CHROME}\n")
    print(f"{'page':44} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KB':>7} {'CLS':>6}  other sites")
    for path, row in rows:
        scores = row["scores"]
        print(
            f"{path:44} {scores['performance']:>5} {scores['accessibility']:>5} "
            f"{scores['best-practices']:>5} {scores['seo']:>5} {row['bytes'] / 1024:>7.1f} "
            f"{row['cls']:>6.3f}  {len(row['third_party'])}"
        )
        for name, target in TARGETS.items():
            if scores[name] < target:
                missed.append(f"{path}: {name} {scores[name]} (target {target})")
        if row["cls"] > 0:
            missed.append(f"{path}: layout shift {row['cls']:.3f} (target 0)")
        missed.extend(f"{path}: request to another site: {url}" for url in row["third_party"])
        if any(scores[name] < target for name, target in TARGETS.items()):
            missed.extend(f"{path}:   {failing}" for failing in row["failing"])
    if missed:
        print("\nMissed:\n  " + "\n  ".join(missed))
        raise SystemExit(1)
    print("\nEvery target met.")


if __name__ == "__main__":
    main()
