"""Benchmark: importing a large WordPress export.

Generates an export of BENCH_POSTS posts (2,000 by default) with pages,
authors, categories, topics, pictures and documents (with Easy Read versions),
written as WordPress writes them, and an uploads folder; migrates a throwaway
database; then runs ``manage.py import_wordpress`` three times, each in its own
process: a dry run, the import, and the import again (which should change
nothing). For each it prints the time taken and the process's memory: its peak
and samples through the run, to show that memory stays flat as the export
streams by. BENCH_SMALL (200 by default) posts are imported first into
another database, so that the peak memory of a small and a large export can be
compared.

    .venv/bin/python bench/wordpress_import.py
    BENCH_POSTS=5000 .venv/bin/python bench/wordpress_import.py
    BENCH_DATABASE_URL=postgres:///scf_bench .venv/bin/python bench/wordpress_import.py

With BENCH_DATABASE_URL the large import goes into that database, which must
be empty (it is migrated and filled); otherwise a SQLite file in a temporary
folder. Figures depend on the machine; a test never asserts a time.
"""

import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.wordpress.wxr import (  # noqa: E402
    AttachmentFactory,
    AuthorFactory,
    CategoryFactory,
    ItemFactory,
    PageFactory,
    TagFactory,
    build_wxr,
)

POSTS = int(os.environ.get("BENCH_POSTS", "2000"))
SMALL = int(os.environ.get("BENCH_SMALL", "200"))
PYTHON = sys.executable
# The importer's own CPU time is printed beside the wall-clock time: the database's
# work is not in it, and on a shared machine the two differ a lot.
WORDS = (
    "care support home people community choice control good life together neighbours family friends "
    "council commission power lived experience gathering change story future listen share grow"
).split()


def sentence(rng, words=14):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def make_export(folder, posts, seed=2018):
    """Write export.xml and uploads/ into ``folder``; return the export's path."""
    rng = random.Random(seed)
    uploads = folder / "wp-content" / "uploads" / "2019" / "05"
    uploads.mkdir(parents=True)
    from PIL import Image

    pictures, documents = [], []
    for number in range(40):
        name = f"picture-{number}.png"
        Image.new("RGB", (640, 400), (200 + number % 50, 120, 40 + number * 4 % 200)).save(uploads / name)
        pictures.append(
            AttachmentFactory(
                id=100_000 + number,
                file=f"2019/05/{name}",
                title=f"Picture {number}",
                alt=f"People gardening together, picture {number}" if number % 5 else "",
                excerpt=f"Illustration by Sample Artist {number}" if number % 2 else "",
            )
        )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for number in range(20):
        for easy in (False, True):
            name = f"report-{number}{'-easy-read' if easy else ''}.pdf"
            (uploads / name).write_bytes(pdf)
            documents.append(
                AttachmentFactory(
                    id=110_000 + number * 2 + easy,
                    file=f"2019/05/{name}",
                    title=f"Report {number}{' (Easy Read)' if easy else ''}",
                )
            )
    authors = [AuthorFactory(login=f"writer{n}", display_name=f"Sample Writer {n}") for n in range(6)]
    categories = [CategoryFactory(slug=f"kind-{n}", name=f"Kind {n}") for n in range(8)]
    tags = [TagFactory(slug=f"topic-{n}", name=f"Topic {n}") for n in range(30)]
    pages = [
        PageFactory(id=120_000 + n, slug=f"page-{n}", title=f"Page {n}", content=paragraph(rng))
        for n in range(30)
    ]
    items = [*pictures, *documents, *pages]
    for number in range(posts):
        day = 1 + number % 28
        month = 1 + (number // 28) % 12
        year = 2012 + number // 336
        body = [paragraph(rng) for _ in range(rng.randint(4, 7))]
        body.insert(2, f"<h2>{sentence(rng, 4)}</h2>")
        body.append("<ul>\n<li>" + "</li>\n<li>".join(sentence(rng, 6) for _ in range(3)) + "</li>\n</ul>")
        if number % 3 == 0:
            picture = pictures[number % len(pictures)]
            body.insert(
                1,
                f'[caption id="attachment_{picture["id"]}" align="alignnone" width="640"]'
                f'<img class="wp-image-{picture["id"]} size-large" src="{picture["attachment_url"]}" alt="" /> '
                f"{sentence(rng, 6)}[/caption]",
            )
        if number % 10 == 0:
            report = number % 20
            body.append(
                f'<a href="{documents[report * 2]["attachment_url"]}">Read the report</a> | '
                f'<a href="{documents[report * 2 + 1]["attachment_url"]}">Easy Read version</a>'
            )
        if number:
            body.append(
                f'See also <a href="https://old.example.org/?p={1000 + rng.randrange(number)}">an older post</a>.'
            )
        meta = {"_thumbnail_id": str(pictures[number % len(pictures)]["id"])} if number % 2 else {}
        items.append(
            ItemFactory(
                id=1000 + number,
                title=f"{sentence(rng, 5)[:-1]} {number}",
                slug=f"post-{number}",
                date=f"{year}-{month:02d}-{day:02d} 10:00:00",
                creator=authors[number % len(authors)]["login"],
                categories=[(categories[number % 8]["slug"], categories[number % 8]["name"])],
                tags=[
                    (tags[(number * 7 + n) % 30]["slug"], tags[(number * 7 + n) % 30]["name"])
                    for n in range(3)
                ],
                content="\n\n".join(body),
                excerpt=sentence(rng, 20),
                meta=meta,
                comments=number % 3,
            )
        )
    path = folder / "export.xml"
    path.write_text(build_wxr(items, authors=authors, categories=categories, tags=tags), encoding="utf-8")
    return path


def environment(database_url, media):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socialcarefuture.settings.dev",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret",
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    return env


def manage(args, env):
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


SETUP_SITE = """
from wagtail.models import Page, Site
from socialcarefuture.models import HomePage
from blog.models import BlogIndexPage
root = Page.get_first_root_node()
for child in root.get_children():
    child.delete()
root.refresh_from_db()
home = root.add_child(instance=HomePage(title="Home", slug="home", hero_heading="A good life", vision="<p>Home</p>"))
Site.objects.all().delete()
Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Social Care Future")
home.add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
"""


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def timed_import(export, uploads, env, extra=()):
    """Run the import in its own process; return (seconds, peak MiB, [(seconds, MiB)])."""
    command = [PYTHON, "manage.py", "import_wordpress", str(export), "--uploads", str(uploads), "-v0", *extra]
    command += ["--report", os.devnull]
    samples = []
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = children.ru_utime + children.ru_stime
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def sample():
        while process.poll() is None:
            value = rss_kib(process.pid)
            if value:
                samples.append((time.perf_counter() - start, value / 1024))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if process.returncode:
        raise SystemExit(f"The import failed:\n{err.decode()[-3000:]}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime - cpu_before
    peak = max((value for _, value in samples), default=0)
    return elapsed, cpu, peak, samples


def through_the_run(samples, elapsed):
    """Memory at 10, 25, 50, 75 and 90 % of the run: '121/131/136/138/139 MiB'."""
    values = []
    for share in (0.1, 0.25, 0.5, 0.75, 0.9):
        nearest = min(samples, key=lambda sample: abs(sample[0] - elapsed * share), default=None)
        if nearest:
            values.append(f"{nearest[1]:.0f}")
    return "/".join(values) + " MiB at 10/25/50/75/90 %"


def prepare_database(folder, name, database_url):
    media = folder / f"media-{name}"
    url = database_url or f"sqlite:///{folder / (name + '.sqlite3')}"
    env = environment(url, media)
    print(f"Migrating a throwaway database for {name} ({url.split(':')[0]})...", flush=True)
    manage(["migrate", "--noinput", "-v0"], env)
    manage(["shell", "-c", SETUP_SITE], env)
    return env


def main():
    with tempfile.TemporaryDirectory(prefix="scf-wp-bench-") as tmp:
        folder = Path(tmp)
        results = []
        for name, posts, database_url in (
            ("small", SMALL, None),
            ("large", POSTS, os.environ.get("BENCH_DATABASE_URL")),
        ):
            if posts <= 0:
                continue
            site = folder / name
            site.mkdir()
            export = make_export(site, posts)
            size = export.stat().st_size / (1024 * 1024)
            env = prepare_database(folder, name, database_url)
            uploads = site / "wp-content" / "uploads"
            print(f"\n{posts:,} posts ({size:.1f} MB export, 90 files, 30 pages):", flush=True)
            runs = [("dry run", ["--dry-run"]), ("import", []), ("second run", [])]
            for label, extra in runs:
                load = os.getloadavg()[0]
                elapsed, cpu, peak, samples = timed_import(export, uploads, env, extra)
                results.append((name, posts, label, elapsed, peak))
                print(
                    f"  {label:<11} {elapsed:6.1f} s ({cpu:5.1f} s of CPU in the importer; load average "
                    f"{load:.1f} before)   peak {peak:4.0f} MiB, through the run {through_the_run(samples, elapsed)}",
                    flush=True,
                )
        print()
        imports = [row for row in results if row[2] == "import"]
        if len(imports) == 2:
            (_, small_posts, _, small_time, small_peak), (_, large_posts, _, large_time, large_peak) = imports
            print(
                f"{large_posts:,} posts took {large_time / small_time:.1f} times as long as {small_posts:,} "
                f"({large_posts / small_posts:.0f} times the posts); peak memory {large_peak:.0f} MiB against "
                f"{small_peak:.0f} MiB."
            )


if __name__ == "__main__":
    main()
