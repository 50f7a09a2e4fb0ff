"""Text of the PDF documents, page by page, as extracted by ``resources.documents``.

The tables keep the names they had when the search app held these models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentText(models.Model):
    """Which file of a document its page texts were extracted from, and how it went."""

    class Status(models.TextChoices):
        OK = "ok", _("Extracted")
        TRUNCATED = "truncated", _("Extracted in part (too long)")
        NOT_PDF = "not_pdf", _("Not a PDF")
        FAILED = "failed", _("Could not be read")

    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("document"),
    )
    source = models.CharField(_("file (name and hash)"), max_length=400)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    pages = models.PositiveIntegerField(_("pages with text"), default=0)
    extracted_at = models.DateTimeField(_("extracted at"), auto_now=True)

    class Meta:
        db_table = "search_documenttext"
        verbose_name = _("document text extraction")
        verbose_name_plural = _("document text extractions")

    def __str__(self):
        return f"{self.document_id}: {self.status}"


class DocumentPageText(models.Model):
    """The text of one page of a PDF document (``resources.documents``), 1-based page number."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    page_number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"))

    class Meta:
        db_table = "search_documentpagetext"
        verbose_name = _("document page text")
        verbose_name_plural = _("document page texts")
        ordering = ["document", "page_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "page_number"], name="unique_document_page_text"
            )
        ]

    def __str__(self):
        return f"{self.document_id} p. {self.page_number}"
