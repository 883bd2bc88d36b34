"""What the WordPress importer remembers between runs.

One row per thing it brought in (a post, a page, a picture, a document, an
author, a category or a topic), found again by the WordPress site, the kind of
thing and its WordPress ID (or, failing that, its GUID). The row keeps a
fingerprint of the export's version of the item, so a second run can tell what
changed, and what the importer itself wrote (the page revision it made, or a
fingerprint of the fields it set), so it can tell whether a convenor has edited
the item since.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedItem(models.Model):
    class Kind(models.TextChoices):
        POST = "post", "blog post"
        PAGE = "page", "page"
        IMAGE = "image", "image"
        DOCUMENT = "document", "document"
        AUTHOR = "author", "author"
        CATEGORY = "category", "category"
        TAG = "tag", "topic"

    source = models.CharField(
        max_length=255,
        help_text="The old site's address, without http(s):// or www (from the export).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wordpress_id = models.CharField(
        "WordPress ID",
        max_length=255,
        help_text=(
            "The post or user ID in WordPress; for a category or a tag, its slug (what posts "
            "name it by); for an author in exports without user IDs, 'login:' and their login."
        ),
    )
    guid = models.CharField("GUID", max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    source_hash = models.CharField(
        max_length=64, help_text="A fingerprint of the item as the export had it, at the last import."
    )
    written_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="For things without revisions: a fingerprint of the fields the import set.",
    )
    references = models.JSONField(
        default=list,
        blank=True,
        help_text="For posts and pages: the pictures and documents it uses, and what each became.",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For pages: the revision the import made. Any later revision means a convenor edited it.",
    )
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "item imported from WordPress"
        verbose_name_plural = "items imported from WordPress"
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "wordpress_id"], name="wordpress_item_once"),
        ]
        indexes = [models.Index(fields=["kind", "guid"], name="wordpress_item_guid")]

    def __str__(self):
        return f"WordPress {self.get_kind_display()} {self.wordpress_id} from {self.source}"
