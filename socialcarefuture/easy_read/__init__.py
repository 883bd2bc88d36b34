"""The Easy Read picture library: clear pictures (OpenMoji, CC BY-SA 4.0) that
convenors reuse beside short sentences in the Easy Read block.

``images.yaml`` lists them; ``load_pictures()`` (the ``load_easy_read_pictures``
command, run on every deploy and by the demo loader) puts each one in the
"Easy Read pictures" collection once, found again by its title, with its alt
text, credit and tags to search by. It never changes or deletes a picture a
convenor has edited.
"""

from pathlib import Path

import yaml
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Collection

FOLDER = Path(__file__).resolve().parent
COLLECTION_NAME = "Easy Read pictures"
CREDIT = "OpenMoji, CC BY-SA 4.0"


def manifest():
    """The library's pictures, by key, as ``images.yaml`` lists them."""
    return yaml.safe_load((FOLDER / "images.yaml").read_text())


def collection():
    """The "Easy Read pictures" collection, made under the root the first time."""
    found = Collection.objects.filter(name=COLLECTION_NAME).first()
    if found is None:
        found = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
    return found


@transaction.atomic
def load_pictures():
    """Make every picture of the library that is missing; return those made."""
    Image = get_image_model()
    home = collection()
    specs = manifest()
    existing = set(
        Image.objects.filter(title__in=[s["title"] for s in specs.values()]).values_list("title", flat=True)
    )
    made = []
    for key, spec in specs.items():
        if spec["title"] in existing:
            continue
        path = FOLDER / spec["source"]
        with path.open("rb") as handle:
            image = Image(
                title=spec["title"],
                description=spec["alt"],
                credit=spec.get("credit", CREDIT),
                collection=home,
                file=ImageFile(handle, name=f"easy-read-{key}.svg"),
            )
            image.save()
        image.tags.add(*spec.get("tags", ()))
        made.append(image)
    return made
