"""The StreamField blocks every page shares.

Each block has an icon, a one-line description and a preview value, so that
convenors see what it does in the block picker before they add it.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import cached_property
from django.utils.text import Truncator
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.widgets import AdminImageChooser

SIMPLE_RICH_TEXT = ["bold", "italic", "link", "document-link", "ol", "ul"]


def picture_preview():
    """A picture from the library for the block picker's preview (none if the
    library is empty: the preview then shows only the caption)."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.order_by("-created_at", "-pk").first()
    return {"image": image, "caption": "People from the movement at a gathering"}


def document_preview():
    """A document (and an Easy Read one) from the library, for the block picker."""
    from wagtail.documents import get_document_model

    documents = get_document_model().objects.order_by("-created_at", "-pk")
    full = documents.exclude(title__icontains="easy read").first()
    easy_read = documents.filter(title__icontains="easy read").first()
    return {
        "document": full or easy_read,
        "title": "",
        "description": "One or two sentences on what is inside.",
        "easy_read": easy_read if full else None,
    }


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="Keep headings short: six words or fewer.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Main section (H2)"), ("h3", "Sub-section (H3)")],
        default="h2",
        help_text="Use a main section first; sub-sections go under a main section.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = "Heading"
        description = "A heading that starts a new section of the page."
        preview_value = {"text": "What we are changing", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="Its alt text and artist credit come with it.")
    caption = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Optional words under the picture. The artist credit is added for you.",
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = "Picture"
        description = "A picture with an optional caption and its artist credit."
        preview_value = staticmethod(picture_preview)


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600, help_text="The words, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False,
        max_length=150,
        help_text="Who said it, for example 'Jo, who draws on support in Leeds'. Only quote people who agreed.",
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = "Quote"
        description = "Somebody's words, shown large."
        preview_value = {
            "quote": "I want to live in my own home, with the people I love, doing what matters to me.",
            "attribution": "A member of the movement",
        }


class LinkValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("url") or ""


class WebAddressBlock(blocks.FieldBlock):
    """A full web address, or an address on this site starting with ``/`` (such
    as ``/mailing-list/``), which keeps working if the site's domain changes."""

    def __init__(self, required=True, help_text=None, max_length=500, **kwargs):
        self.field = forms.CharField(
            required=required,
            help_text=help_text,
            max_length=max_length,
            validators=[validate_web_address],
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "link"


def validate_web_address(value):
    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            "Enter a full web address starting with https://, or an address on this site starting with /."
        ) from None


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to another site."""

    page = blocks.PageChooserBlock(required=False, help_text="A page on this site.")
    url = WebAddressBlock(
        required=False,
        label="or web address",
        help_text="A page on another site (https://...), or an address on this one such as /mailing-list/.",
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = ValidationError("Choose a page or type a web address (one, not both).")
            raise StructBlockValidationError(block_errors={"page": message})
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    link = LinkBlock()
    button_text = blocks.CharBlock(
        max_length=60,
        help_text="Say what happens, for example 'Sign the pledge' rather than 'Click here'.",
    )

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = "Call to action"
        description = "A bright box asking people to do one thing, with a button."
        preview_value = {
            "heading": "Join the movement",
            "text": "Hear about gatherings, new stories and ways to get involved.",
            "link": {"url": "https://example.org/mailing-list/"},
            "button_text": "Join our mailing list",
        }


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="The address of a YouTube or Vimeo video.")
    title = blocks.CharBlock(
        max_length=150,
        help_text="What the video is about. Screen readers announce it.",
    )
    transcript = blocks.RichTextBlock(
        features=SIMPLE_RICH_TEXT,
        required=False,
        help_text="What is said and shown in the video, for people who cannot watch or hear it.",
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = "Video"
        description = "A YouTube or Vimeo video with its title and a transcript."


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(help_text="The full document, for example a PDF report.")
    title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Leave empty to use the document's own title.",
    )
    description = blocks.TextBlock(
        required=False,
        max_length=400,
        help_text="One or two sentences on what is inside.",
    )
    easy_read = DocumentChooserBlock(
        required=False,
        label="Easy Read version",
        help_text="If there is an Easy Read version, choose it here. It is shown beside the full one.",
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = "Document download"
        description = (
            "A document to download, with its type and size, and an Easy Read version if there is one."
        )
        preview_value = staticmethod(document_preview)


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150, help_text="The question or topic people click to open.")
    content = blocks.RichTextBlock(features=SIMPLE_RICH_TEXT)

    class Meta:
        icon = "list-ul"


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"
        label = "Accordion"
        description = "Sections that open and close, good for questions and answers."
        preview_value = {
            "heading": "Questions people ask",
            "items": [
                {"title": "Who can come to a gathering?", "content": "<p>Everyone is welcome.</p>"},
                {"title": "Will my costs be paid?", "content": "<p>Yes, ask us before you travel.</p>"},
            ],
        }


# Easy Read ----------------------------------------------------------------------

# The picture beside each Easy Read sentence: rendered at this size (an SVG from
# the library stays an SVG) and fetched with the block's images in one query.
EASY_READ_PICTURE_SPEC = "max-320x320"
EASY_READ_MAX_WORDS = 15
EASY_READ_MAX_SENTENCES = 2


def easy_read_preview():
    """Three rows with pictures from the Easy Read library, for the block picker."""
    from wagtail.images import get_image_model

    from .easy_read import COLLECTION_NAME

    pictures = list(get_image_model().objects.filter(collection__name=COLLECTION_NAME).order_by("title")[:3])
    texts = [
        "We want everyone to live in a place they call home.",
        "We want you to be with the people you love.",
        "We want you to do the things that matter to you.",
    ]
    return {
        "rows": [{"picture": picture, "text": text} for picture, text in zip(pictures, texts, strict=False)]
    }


def sentences(text):
    """The sentences of ``text``: split after a full stop, question mark or
    exclamation mark followed by a space or a new line."""
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part.strip()]


class EasyReadPictureChooser(AdminImageChooser):
    """The image chooser, opening on the "Easy Read pictures" collection (the
    convenor can still pick another collection, or search every picture)."""

    def get_chooser_modal_url(self):
        from wagtail.models import Collection

        from .easy_read import COLLECTION_NAME

        url = super().get_chooser_modal_url()
        collection = Collection.objects.filter(name=COLLECTION_NAME).values_list("pk", flat=True).first()
        return f"{url}?collection_id={collection}" if collection else url


class EasyReadPictureBlock(ImageChooserBlock):
    """An image chooser whose images arrive with their Easy Read rendition, so a
    block of many rows costs the same few queries as a block of one."""

    @cached_property
    def widget(self):
        return EasyReadPictureChooser()

    def bulk_to_python(self, values):
        from wagtail.images import get_image_model

        objects = get_image_model().objects.prefetch_renditions(EASY_READ_PICTURE_SPEC).in_bulk(values)
        return [objects.get(value) for value in values]


class EasyReadRowBlock(blocks.StructBlock):
    picture = EasyReadPictureBlock(
        help_text=(
            "A clear picture of the idea. In the chooser, pick the 'Easy Read pictures' "
            "collection, or search for a word such as 'home', 'money' or 'meeting'."
        ),
    )
    text = blocks.TextBlock(
        max_length=200,
        help_text=(
            "One idea per row, in short words: one or two sentences, "
            f"{EASY_READ_MAX_WORDS} words or fewer a sentence."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        parts = sentences(value.get("text") or "")
        long_ones = [part for part in parts if len(part.split()) > EASY_READ_MAX_WORDS]
        if long_ones:
            first = long_ones[0]
            message = (
                f"This sentence has {len(first.split())} words: \u201c{Truncator(first).words(8)}\u201d "
                f"Make each sentence {EASY_READ_MAX_WORDS} words or fewer, or split it in two."
            )
        elif len(parts) > EASY_READ_MAX_SENTENCES:
            message = (
                f"This row has {len(parts)} sentences. Keep one idea per row: "
                f"{EASY_READ_MAX_SENTENCES} sentences at most, and start a new row for the next idea."
            )
        else:
            return value
        raise StructBlockValidationError(block_errors={"text": ValidationError(message)})

    class Meta:
        icon = "image"
        label = "Picture and sentence"


class EasyReadValue(blocks.StructValue):
    def credits(self):
        """The pictures' credits, each once, in the order they first appear."""
        seen = []
        for row in self.get("rows") or ():
            credit = getattr(row.get("picture"), "credit", "")
            if credit and credit not in seen:
                seen.append(credit)
        return seen


class EasyReadBlock(blocks.StructBlock):
    rows = blocks.ListBlock(EasyReadRowBlock(), min_num=1, label="Rows")

    class Meta:
        icon = "image"
        template = "blocks/easy_read_block.html"
        label = "Easy Read"
        value_class = EasyReadValue
        description = "Easy Read: rows of one clear picture beside one or two short sentences, in large text."
        preview_value = staticmethod(easy_read_preview)


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h3", *SIMPLE_RICH_TEXT],
        icon="pilcrow",
        label="Text",
        template="blocks/paragraph_block.html",
        description="Paragraphs of text with links and lists.",
        preview_value="<p>Care and support can be a springboard to a good life.</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    video = VideoBlock()
    document = DocumentBlock()
    accordion = AccordionBlock()
    easy_read = EasyReadBlock()


class WayOfWorkingBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80, help_text="For example 'A new story'.")
    text = blocks.TextBlock(max_length=400, help_text="Two sentences at most, in plain English.")
    link = blocks.PageChooserBlock(required=False, help_text="Optional page to read more.")

    class Meta:
        icon = "tick"
        label = "Way of working"
        template = "blocks/way_of_working_block.html"
        description = "One of the ways the movement makes change happen."
        preview_value = {
            "title": "A new story",
            "text": "We research and share a new way of talking about care and support.",
        }


class MenuItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock()
    label = blocks.CharBlock(
        required=False,
        max_length=40,
        help_text="Leave empty to use the page's title.",
    )

    class Meta:
        icon = "link"
        label = "Menu link"


class MenuBlock(blocks.StreamBlock):
    link = MenuItemBlock()
