"""The command as a convenor meets it: odd and broken files, clear refusals that
write nothing, the report and the progress bar."""

import csv
import io
import re

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from blog.models import BlogPostPage
from wordpress.models import ImportedItem
from wordpress.progress import Progress
from wordpress.wxr import WXRReader

from .wxr import AttachmentFactory, ItemFactory, build_wxr


def post():
    return BlogPostPage.objects.get()


def nothing_written():
    return not ImportedItem.objects.exists() and not BlogPostPage.objects.exists()


# Encodings and CDATA --------------------------------------------------------------------


def test_an_export_in_latin_1_is_read_correctly(blog, export, run_import):
    item = ItemFactory(id=1, title="Café gathering", content="Crème brûlée for everyone.")
    run_import(export([item], encoding="ISO-8859-1"))
    assert post().title == "Café gathering"
    assert "Crème brûlée" in str(post().body.raw_data)


def test_windows_1252_bytes_in_a_utf_8_export_are_repaired_and_reported(blog, export, run_import):
    text = build_wxr([ItemFactory(id=1, title="Smart quotes", content="It is the people’s café.")])
    raw = text.encode("utf-8").replace("’".encode(), b"\x92")  # an old database's curly apostrophe
    result = run_import(export(raw=raw))
    assert "It is the people’s café." in str(post().body.raw_data)
    assert "bytes read as Windows-1252" in result.output


def test_control_characters_that_break_xml_are_removed(blog, export, run_import):
    text = build_wxr([ItemFactory(id=1, title="Form\x0cfeed", content="Bell\x07 and null\x00 gone.")])
    result = run_import(export(raw=text.encode("utf-8")))
    assert post().title == "Formfeed"
    assert "Bell and null gone." in str(post().body.raw_data)
    assert "control characters removed" in result.output


@pytest.mark.parametrize(
    "prefix",
    [
        b"\n\n  ",
        b"\xef\xbb\xbf",
        b"<br />\n<b>Warning</b>: Cannot modify header information in functions.php\n",
    ],
)
def test_blank_lines_a_byte_order_mark_or_php_warnings_before_the_export_are_skipped(
    blog, export, run_import, prefix
):
    raw = prefix + build_wxr([ItemFactory(id=1, title="Still readable")]).encode("utf-8")
    run_import(export(raw=raw))
    assert post().title == "Still readable"


def test_an_export_in_utf_16_is_read(blog, export, run_import):
    text = build_wxr([ItemFactory(id=1, title="Wide characters ✓")], encoding="UTF-16")
    run_import(export(raw=text.encode("utf-16")))
    assert post().title == "Wide characters ✓"


def test_cdata_with_its_end_marker_inside_is_read_whole(blog, export, run_import):
    run_import(export([ItemFactory(id=1, content="<p>Code like ]]> is rare</p>")]))
    assert "Code like ]]&gt; is rare" in str(post().body.raw_data)


def test_html_entities_in_titles_are_decoded(blog, export, run_import):
    run_import(export([ItemFactory(id=1, title="Care &amp;#8211; support &#038; more <em>now</em>")]))
    assert post().title == "Care – support & more now"


# Files that are not exports ----------------------------------------------------------------------


NOT_EXPORTS = {
    "an HTML page": b"<!DOCTYPE html><html><body><p>Hello</p></body></html>",
    "a plain RSS feed": b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
    b"<item><title>Post</title></item></channel></rss>",
    "a JSON file": b'{"posts": []}',
    "an empty file": b"",
    "an Atom feed": b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
}


@pytest.mark.parametrize("content", NOT_EXPORTS.values(), ids=NOT_EXPORTS.keys())
def test_a_file_that_is_not_an_export_is_refused_and_nothing_is_written(blog, export, run_import, content):
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(export(raw=content))
    assert nothing_written()


def test_an_export_cut_short_is_refused_before_anything_is_written(blog, export, run_import):
    items = [ItemFactory(id=number) for number in range(1, 30)]
    raw = build_wxr(items).encode("utf-8")
    with pytest.raises(CommandError, match="damaged near line"):
        run_import(export(raw=raw[: len(raw) * 2 // 3]))
    assert nothing_written()


def test_an_unknown_export_format_is_refused(blog, export, run_import):
    raw = build_wxr([ItemFactory(id=1)]).replace("<wp:wxr_version>1.2<", "<wp:wxr_version>9.0<").encode()
    with pytest.raises(CommandError, match="format 9.0"):
        run_import(export(raw=raw))
    assert nothing_written()


def test_entity_expansion_is_refused(blog, export, run_import):
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
        b"<channel><wp:wxr_version>1.2</wp:wxr_version><title>&c;</title></channel></rss>"
    )
    with pytest.raises(CommandError, match="for safety"):
        run_import(export(raw=bomb))
    assert nothing_written()


def test_an_external_entity_is_never_read(blog, export, run_import, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    raw = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY leak SYSTEM "file://{secret}">]>\n'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version><item><title>&leak;</title><wp:post_id>1</wp:post_id>"
        "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>"
    ).encode()
    with pytest.raises(CommandError, match="for safety"):
        run_import(export(raw=raw))
    assert nothing_written()


# Refusals about the site ---------------------------------------------------------------------------


def test_without_a_blog_posts_have_nowhere_to_go(home_page, export, run_import):
    with pytest.raises(CommandError, match="no blog page"):
        run_import(export([ItemFactory(id=1)]))
    assert nothing_written()


def test_without_a_vision_page_nothing_is_imported(db, export, run_import):
    pages = list(Page.objects.values_list("pk", flat=True))  # Wagtail's own root
    with pytest.raises(CommandError, match="no vision"):
        run_import(export([ItemFactory(id=1, type="page")]))
    assert not ImportedItem.objects.exists()
    assert list(Page.objects.values_list("pk", flat=True)) == pages


def test_a_missing_export_or_uploads_folder_is_a_clear_error(blog, export, run_import, tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        run_import(tmp_path / "nowhere.xml")
    with pytest.raises(CommandError, match="There is no uploads folder"):
        run_import(export([ItemFactory(id=1)]), uploads=tmp_path / "missing")
    assert nothing_written()


def test_the_uploads_folder_can_be_given_as_the_wp_content_folder(blog, uploads, export, run_import):
    uploads.add("2019/05/picture.png")
    run_import(export([AttachmentFactory(id=5, alt="A garden")]), uploads=uploads.root.parent)
    assert ImportedItem.objects.filter(kind="image").exists()


# The report ---------------------------------------------------------------------------------------------


def test_the_report_is_saved_as_csv_that_spreadsheets_will_not_run(blog, export, tmp_path):
    path = export(
        [ItemFactory(id=1, title='=HYPERLINK("https://evil.example")'), ItemFactory(id=2, status="trash")]
    )
    report = tmp_path / "report.csv"
    out = io.StringIO()
    call_command("import_wordpress", str(path), report=str(report), stdout=out, stderr=io.StringIO())
    with open(report, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == ["action", "kind", "wordpress_id", "title", "new_address", "reason"]
    created = [row for row in rows if row["action"] == "created" and row["kind"] == "post"][0]
    assert created["title"].startswith("'=HYPERLINK")
    assert [row["reason"] for row in rows if row["wordpress_id"] == "2"] == ["It was in the bin."]
    assert f"The full report is in {report}" in out.getvalue()
    assert re.search(r"^  post +1 created, 1 skipped$", out.getvalue(), re.MULTILINE)


def test_without_a_report_path_it_is_saved_here_with_the_date(blog, export, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("import_wordpress", str(export([ItemFactory(id=1)])), dry_run=True, stdout=io.StringIO())
    saved = list(tmp_path.glob("wordpress-import-*-dry-run.csv"))
    assert len(saved) == 1


# The progress bar ----------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_shows_items_done_and_left_on_a_terminal(blog, export, tmp_path):
    path = export([ItemFactory(id=number) for number in range(1, 6)])
    terminal = Terminal()
    call_command(
        "import_wordpress", str(path), report=str(tmp_path / "r.csv"), stdout=io.StringIO(), stderr=terminal
    )
    shown = terminal.getvalue()
    assert "5 of 5 done, 0 left" in shown
    assert shown.endswith("\n")


@pytest.mark.parametrize(("stream", "verbosity"), [(io.StringIO, 1), (Terminal, 0)])
def test_the_progress_bar_is_quiet_off_a_terminal_or_with_v0(blog, export, tmp_path, stream, verbosity):
    errors, out = stream(), io.StringIO()
    call_command(
        "import_wordpress",
        str(export([ItemFactory(id=1)])),
        report=str(tmp_path / "r.csv"),
        stdout=out,
        stderr=errors,
        verbosity=verbosity,
    )
    assert errors.getvalue() == ""
    if verbosity == 0:
        assert out.getvalue() == ""


def test_progress_counts_up_to_the_total():
    terminal = Terminal()
    progress = Progress(3, stream=terminal)
    for _ in range(3):
        progress.advance()
    progress.finish()
    assert "3 of 3 done, 0 left" in terminal.getvalue()
    assert Progress(3, stream=io.StringIO()).enabled is False


# The reader on its own ---------------------------------------------------------------------------


def test_the_reader_gives_the_sites_details_and_every_record(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(build_wxr([ItemFactory(id=1), ItemFactory(id=2, type="page")]), encoding="utf-8")
    reader = WXRReader(path)
    records = list(reader.records())
    assert [record.post_id for record in records] == [1, 2]
    assert reader.version == "1.2"
    assert reader.channel["title"] == "Social Care Future (old site)"
    assert reader.channel["base_site_url"] == "https://old.example.org"
