"""One stylesheet for every page (socialcarefuture/static_bundle.py): pages
wait for one file, it holds every app's styles in order, an edit shows at
once, and collectstatic gives it a hashed, compressed name with its font
addresses rewritten."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

from socialcarefuture import static_bundle
from tests.security.gunicorn import shared_static_root


def bundle_text():
    return Path(finders.find(static_bundle.BUNDLE)).read_text(encoding="utf-8")


def test_a_page_waits_for_one_stylesheet(client, home_page):
    head = BeautifulSoup(client.get("/").content, "html.parser").head
    blocking = [
        link["href"] for link in head.find_all("link", rel="stylesheet") if link.get("media") != "print"
    ]
    assert len(blocking) == 1
    assert blocking[0].endswith("/css/bundle.css")


def test_the_bundle_holds_every_stylesheet_in_order():
    text = bundle_text()
    positions = []
    for name in settings.CSS_BUNDLE:
        source = Path(finders.find(name)).read_text(encoding="utf-8").strip()
        assert source in text, name
        positions.append(text.index(source))
    assert positions == sorted(positions)
    assert "@import" not in text and "@charset" not in text


def test_an_edit_to_a_stylesheet_shows_at_once(settings, tmp_path):
    (tmp_path / "css").mkdir()
    extra = tmp_path / "css" / "extra.css"
    extra.write_text(".one { color: red; }")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]
    settings.CSS_BUNDLE = [*settings.CSS_BUNDLE, "css/extra.css"]
    assert bundle_text().rstrip().endswith(".one { color: red; }")
    extra.write_text(".one { color: blue; }")
    assert bundle_text().rstrip().endswith(".one { color: blue; }")


def test_a_missing_stylesheet_is_named(settings):
    settings.CSS_BUNDLE = [*settings.CSS_BUNDLE, "css/no-such-app.css"]
    with pytest.raises(FileNotFoundError, match="css/no-such-app.css"):
        static_bundle.build()


def test_collectstatic_gives_the_bundle_a_hashed_compressed_name(tmp_path_factory):
    tmp_path = shared_static_root(tmp_path_factory)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest[static_bundle.BUNDLE]
    assert re.fullmatch(r"css/bundle\.[0-9a-f]{12}\.css", hashed)
    text = (tmp_path / hashed).read_text(encoding="utf-8")
    # The font addresses point at the fonts' own hashed names.
    for weight in (400, 700):
        font = manifest[f"fonts/atkinson-hyperlegible-next-{weight}.woff2"]
        assert f'url("../{font}")' in text
    assert (tmp_path / f"{hashed}.gz").exists()
