"""One stylesheet for every page: ``css/site.css`` and each app's own file,
joined in the order of ``settings.CSS_BUNDLE`` into ``css/bundle.css``.

A page then waits for one stylesheet instead of one per app before it can
draw (on a slow phone connection each extra blocking file costs a round trip).
There is no build step: this is a staticfiles finder, so ``collectstatic``
collects the joined file like any other (the manifest storage gives it a
hashed name and WhiteNoise compresses it), and ``runserver`` and the test
servers join it afresh on each request, so an edit shows at once.

An app adds its stylesheet by adding its name to ``CSS_BUNDLE``. The files are
joined as they are, so they must not use ``@import`` or ``@charset``, and a
relative ``url()`` works because every file sits in ``css/`` as the bundle does.
"""

import hashlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import FileSystemStorage

BUNDLE = "css/bundle.css"


def _root():
    key = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"scf-static-bundle-{key}"


def build():
    """Write the joined stylesheet (only when it changed) and return its path."""
    parts = []
    for name in settings.CSS_BUNDLE:
        source = finders.find(name)
        if not source:
            raise FileNotFoundError(f"CSS_BUNDLE names {name}, which no static folder has")
        parts.append(f"/* {name} */\n{Path(source).read_text(encoding='utf-8').strip()}\n")
    content = "\n".join(parts)
    path = _root() / BUNDLE
    if not path.exists() or path.read_text(encoding="utf-8") != content:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(content, encoding="utf-8")
        partial.replace(path)  # atomic, so a concurrent reader never sees half a file
    return path


class BundleFinder(finders.BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False):
        if path != BUNDLE:
            return []
        found = str(build())
        return [found] if find_all else found

    def list(self, ignore_patterns):
        build()
        yield BUNDLE, FileSystemStorage(location=_root())
