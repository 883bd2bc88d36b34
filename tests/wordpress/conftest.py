import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from socialcarefuture.demo.art import make_pdf
from tests.blog.factories import BlogIndexPageFactory
from tests.factories import png_bytes

from .wxr import build_wxr


@pytest.fixture
def blog(home_page):
    """The vision page with an empty blog at /blog/."""
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def uploads(tmp_path):
    """An empty copy of wp-content/uploads; ``uploads.add(path, data)`` puts a file in it."""
    folder = tmp_path / "wp-content" / "uploads"
    folder.mkdir(parents=True)

    class Uploads:
        root = folder

        def add(self, relative, data=None):
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                data = make_pdf("A sample report", ["Line one"]) if relative.endswith(".pdf") else png_bytes()
            path.write_bytes(data)
            return path

    return Uploads()


@pytest.fixture
def export(tmp_path):
    """``export(items, **build_wxr_options)`` writes a WXR file and returns its path."""
    counter = iter(range(1000))

    def write(items=(), encoding="UTF-8", raw=None, **options):
        path = tmp_path / f"export-{next(counter)}.xml"
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_bytes(build_wxr(items, encoding=encoding, **options).encode(encoding))
        return path

    return write


class Result:
    def __init__(self, output, report_path):
        self.output = output
        with open(report_path, encoding="utf-8") as file:
            self.rows = list(csv.DictReader(file))

    def rows_for(self, action=None, kind=None, wordpress_id=None):
        return [
            row
            for row in self.rows
            if (action is None or row["action"] == action)
            and (kind is None or row["kind"] == kind)
            and (wordpress_id is None or row["wordpress_id"] == str(wordpress_id))
        ]

    def reasons(self, action="problem", **filters):
        return [row["reason"] for row in self.rows_for(action=action, **filters)]


@pytest.fixture
def run_import(tmp_path):
    """``run_import(path, uploads=..., dry_run=..., overwrite=...)``: the command, its output and report."""
    counter = iter(range(1000))

    def run(path, uploads=None, **options):
        report = tmp_path / f"report-{next(counter)}.csv"
        stdout = io.StringIO()
        if uploads is not None:
            options["uploads"] = str(uploads if isinstance(uploads, (str, Path)) else uploads.root)
        call_command(
            "import_wordpress", str(path), report=str(report), stdout=stdout, stderr=io.StringIO(), **options
        )
        return Result(stdout.getvalue(), report)

    return run
