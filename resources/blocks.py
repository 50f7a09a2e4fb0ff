"""StreamField blocks shared by library pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "resources/blocks/quote.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("Figure"), max_length=40, help_text=_("e.g. 150+ or 2 out of 3")
    )
    label = blocks.CharBlock(label=_("What it counts"), max_length=200)
    source = blocks.CharBlock(label=_("Source"), required=False, max_length=200)

    class Meta:
        icon = "order"
        label = _("Key figure")
        template = "resources/blocks/key_figure.html"


class LinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Address"))
    label = blocks.CharBlock(label=_("Link text"), max_length=200)

    class Meta:
        icon = "link"
        label = _("Link")
        template = "resources/blocks/link.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "resources/blocks/document.html"


class PillarBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Pillar"), max_length=120)
    text = blocks.TextBlock(label=_("Explanation"))

    class Meta:
        icon = "list-ul"
        label = _("Pillar")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), form_classname="title", template="resources/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
    )
    quote = QuoteBlock()
    image = ImageBlock(label=_("Image"), template="resources/blocks/image.html")
    embed = EmbedBlock(label=_("Embedded media"), template="resources/blocks/embed.html")
    link = LinkBlock()
    document = DocumentBlock()
    key_figure = KeyFigureBlock()

    class Meta:
        label = _("Body")
