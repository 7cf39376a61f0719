"""StreamField blocks shared by every page type."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class RichTextBlock(blocks.RichTextBlock):
    """Body text with headings, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"])
        super().__init__(**kwargs)

    class Meta:
        template = "blocks/rich_text_block.html"
        icon = "pilcrow"
        label = _("Text")
        description = _("Paragraphs, headings, lists and links.")
        preview_value = "<h2>Heading</h2><p>A paragraph of the G20's position, with a <b>key phrase</b>.</p>"


class ImageBlock(blocks.StructBlock):
    """An image with the alternative text the accessibility rules require."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        required=False,
        help_text=_("What the image shows, for people who cannot see it. Leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)
    credit = blocks.CharBlock(label=_("Credit"), max_length=250, required=False)

    def get_preview_value(self):
        from wagtail.images import get_image_model

        return {
            "image": get_image_model().objects.order_by("pk").first(),
            "alt_text": "",
            "caption": "Leaders at the summit",
            "credit": "G20",
        }

    def full_text_source(self, raw: dict) -> str:
        """The full text (API, feeds) leaves images out: a rendition per entry would cost a query each."""
        return ""

    class Meta:
        template = "blocks/image_block.html"
        icon = "image"
        label = _("Image")
        description = _("An image with alternative text, caption and credit.")


class QuoteBlock(blocks.StructBlock):
    """A quotation with its attribution."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), max_length=250, required=False)
    role = blocks.CharBlock(label=_("Role or office"), max_length=250, required=False)

    def full_text_source(self, raw: dict) -> str:
        by = ", ".join(part for part in (raw.get("attribution"), raw.get("role")) if part)
        caption = format_html("<figcaption>{}</figcaption>", by) if by else ""
        quote = linebreaksbr(raw.get("quote") or "")  # escapes, then breaks lines
        return format_html("<figure><blockquote><p>{}</p></blockquote>{}</figure>", quote, caption)

    class Meta:
        template = "blocks/quote_block.html"
        icon = "openquote"
        label = _("Quote")
        description = _("A quotation attributed to a person or office.")
        preview_value = {
            "quote": "We will speak with one voice against disinformation.",
            "attribution": "G20 Leaders",
            "role": "Leaders' Declaration",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a key message, deadline or warning."""

    tone = blocks.ChoiceBlock(
        label=_("Tone"),
        choices=[("info", _("Information")), ("important", _("Important")), ("warning", _("Warning"))],
        default="info",
    )
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    def full_text_source(self, raw: dict) -> str:
        heading = format_html("<p><strong>{}</strong></p>", raw["heading"]) if raw.get("heading") else ""
        return f"<blockquote>{heading}{raw.get('text') or ''}</blockquote>"

    class Meta:
        template = "blocks/callout_block.html"
        icon = "warning"
        label = _("Call-out")
        description = _("A highlighted box for a key message, deadline or warning.")
        preview_value = {
            "tone": "important",
            "heading": "Consultation open",
            "text": "<p>Civil-society input is welcome until 30 June.</p>",
        }


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document in the library, with its format and size."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), max_length=250, required=False, help_text=_("Defaults to the document's title.")
    )
    description = blocks.TextBlock(label=_("Description"), required=False)

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        return {"document": get_document_model().objects.order_by("pk").first(), "title": "", "description": ""}

    def get_context(self, value, parent_context=None):
        """A document of a private collection is not linked from a public page (its link would only ask
        the reader to sign in, and its title is not theirs to read)."""
        from hub.web.private_documents import is_private_document

        context = super().get_context(value, parent_context=parent_context)
        context["document"] = None if is_private_document(value.get("document")) else value.get("document")
        return context

    def full_text_source(self, raw: dict) -> str:
        """A document link the rich-text rewriter expands (with every other link of the batch, in one query)."""
        if not raw.get("document"):
            return ""
        link = format_html(
            '<a linktype="document" id="{}">{}</a>', int(raw["document"]), raw.get("title") or _("Document")
        )
        description = format_html("<br>{}", raw["description"]) if raw.get("description") else ""
        return format_html("<p>{}{}</p>", link, description)

    class Meta:
        template = "blocks/document_link_block.html"
        icon = "doc-full"
        label = _("Document link")
        description = _("A download link to a document, with its format and size.")


class BodyBlock(blocks.StreamBlock):
    """The body of a standard content page."""

    text = RichTextBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    document = DocumentLinkBlock()

    class Meta:
        block_counts = {}
