"""The sections of a newsletter issue, one block type per kind of section of the monthly email.

Sections that show library items reference them with a page chooser and only store optional
overrides: without overrides, the issue shows each item's current title, summary and image, in the
reader's language.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

LIBRARY_PAGE_TYPES = ["resources.LibraryPage"]  # every library type, events included


class LinkTargetBlock(blocks.StructBlock):
    """A call to action: a button label and where it leads (a page, a document or an address)."""

    label = blocks.CharBlock(label=_("Button label"), max_length=120)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    document = DocumentChooserBlock(label=_("Document"), required=False)
    url = blocks.CharBlock(
        label=_("Address"),
        required=False,
        max_length=500,
        help_text=_("https://… or mailto:…, when neither a page nor a document is chosen."),
    )

    class Meta:
        icon = "link"
        label = _("Call to action")

    def clean(self, value):
        value = super().clean(value)
        url = (value.get("url") or "").strip()
        if url and not url.startswith(("https://", "http://", "mailto:")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": _("Give an https://, http:// or mailto: address.")}
            )
        return value


class ItemBlock(blocks.StructBlock):
    """A library item, with optional overrides of what the newsletter says about it."""

    page = blocks.PageChooserBlock(label=_("Library item"), page_type=LIBRARY_PAGE_TYPES)
    title = blocks.CharBlock(
        label=_("Title"), required=False, max_length=255, help_text=_("Empty: the item's title.")
    )
    blurb = blocks.TextBlock(
        label=_("Text"), required=False, help_text=_("Empty: the item's summary.")
    )
    button_label = blocks.CharBlock(
        label=_("Button label"), required=False, max_length=120, help_text=_("Empty: “Read more”.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Library item")


class ThemeOfMonthBlock(blocks.StructBlock):
    """The issue's theme of the month (chosen on the issue), with an optional text of its own."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    text = blocks.TextBlock(
        label=_("Text"), required=False, help_text=_("Empty: the theme's introduction.")
    )

    class Meta:
        icon = "tag"
        label = _("Theme of the month")


class FeaturedItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    item = ItemBlock()

    class Meta:
        icon = "pick"
        label = _("Featured item")


class ItemsSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    items = blocks.ListBlock(ItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Section of items")


class ConceptOfMonthBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    concept = blocks.PageChooserBlock(label=_("Concept"), page_type=["resources.ConceptPage"])
    text = blocks.RichTextBlock(
        label=_("Text"),
        required=False,
        features=["bold", "italic", "link"],
        help_text=_("Empty: the concept's definition."),
    )
    download_label = blocks.CharBlock(label=_("Download link text"), required=False)

    class Meta:
        icon = "help"
        label = _("Concept of the month")


class KeyFigureEditorialBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Key figure"), max_length=60, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])
    call_to_action = LinkTargetBlock(required=False)

    class Meta:
        icon = "order"
        label = _("Key figure and editorial")


class ContributionCallBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    next_theme = blocks.PageChooserBlock(
        label=_("Next theme"), page_type=["resources.ThemePage"], required=False
    )
    question = blocks.CharBlock(label=_("Question"), max_length=250, required=False)
    text = blocks.TextBlock(label=_("Text"))
    call_to_action = LinkTargetBlock()

    class Meta:
        icon = "mail"
        label = _("Call for contributions")


class ExternalCallBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"))
    call_to_action = LinkTargetBlock()

    class Meta:
        icon = "site"
        label = _("External call to action")


class AgendaBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    events = blocks.ListBlock(
        ItemBlock(), label=_("Chosen events"), required=False, default=[], min_num=0
    )
    upcoming_count = blocks.IntegerBlock(
        label=_("Or: the next N upcoming events"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=_("Used when no event is chosen."),
    )

    class Meta:
        icon = "date"
        label = _("Agenda")


class PartnersBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Text"), required=False)
    contact_label = blocks.CharBlock(label=_("Contact heading"), required=False)
    contact_link_label = blocks.CharBlock(label=_("Contact link text"), required=False)

    class Meta:
        icon = "group"
        label = _("Partners and contact")


class RichTextSectionBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Text")


class NewsletterBodyBlock(blocks.StreamBlock):
    theme_of_month = ThemeOfMonthBlock()
    featured_item = FeaturedItemBlock()
    items_section = ItemsSectionBlock()
    concept = ConceptOfMonthBlock()
    key_figure = KeyFigureEditorialBlock()
    contribution_call = ContributionCallBlock()
    external_call = ExternalCallBlock()
    agenda = AgendaBlock()
    rich_text = RichTextSectionBlock(features=["bold", "italic", "link", "ul", "ol"])
    partners = PartnersBlock()
