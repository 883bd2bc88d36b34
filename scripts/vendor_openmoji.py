"""Write the Easy Read pictures from OpenMoji (CC BY-SA 4.0) as SVG files.

The pictures in ``socialcarefuture/easy_read/pictures/`` are committed; this
rebuilds them from the npm package ``@iconify-json/openmoji`` (pinned below),
keeping only the ones ``socialcarefuture/easy_read/images.yaml`` names::

    work=$(mktemp -d) && (cd "$work" && npm pack @iconify-json/openmoji@1.2.29 && tar xzf *.tgz)
    .venv/bin/python scripts/vendor_openmoji.py "$work/package"

OpenMoji is by the HfG Schwäbisch Gmünd (https://openmoji.org), licensed
CC BY-SA 4.0: keep ``LICENSE.md`` beside the pictures and the credit
"OpenMoji, CC BY-SA 4.0" wherever they show.
"""

import json
import sys
from pathlib import Path

import yaml

PACKAGE_VERSION = "1.2.29"
FOLDER = Path(__file__).resolve().parent.parent / "socialcarefuture" / "easy_read"


def main(package):
    package = Path(package)
    icons = json.loads((package / "icons.json").read_text())
    version = json.loads((package / "package.json").read_text())["version"]
    if version != PACKAGE_VERSION:
        sys.exit(f"Expected @iconify-json/openmoji {PACKAGE_VERSION}, found {version}")
    size = icons.get("width", 72), icons.get("height", 72)
    manifest = yaml.safe_load((FOLDER / "images.yaml").read_text())
    for key, spec in manifest.items():
        icon = icons["icons"][spec["openmoji"]]
        width, height = icon.get("width", size[0]), icon.get("height", size[1])
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{icon["body"]}</svg>\n'
        )
        (FOLDER / spec["source"]).write_text(svg)
        sys.stdout.write(f"{key}: {spec['openmoji']}\n")


if __name__ == "__main__":
    main(sys.argv[1])
