"""Text of the PDF documents attached to dossiers, page by page.

When a document is saved with a new file (its hash or name changed), its text is extracted with
pypdf, page by page, into ``DocumentPageText``, and the dossiers using it are re-indexed: their
search document includes that text (``DossierPage.document_text``). ``manage.py
extract_document_text`` and ``update_index`` extract the documents that were never extracted.

Extraction never breaks an upload or a publication: files that are not PDFs are skipped, and
encrypted, corrupt or oversized ones are logged and recorded as failed. At most
``MAX_PAGES`` pages and ``MAX_CHARS`` characters are kept per document, and files over
``MAX_FILE_SIZE`` bytes are not read.

Documents in a collection with view restrictions (private) are neither indexed nor shown in
excerpts: their text must not leak through the public search. The search app only reads these
texts (``search.documents`` finds the query's words in them).
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DatabaseError, transaction
from wagtail.documents import get_document_model

logger = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_CHARS = 2_000_000
MAX_FILE_SIZE = 50 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

_loaded_texts = ContextVar("loaded_document_texts", default=None)


class ExtractionError(Exception):
    """The file could not be read as a PDF."""


def source_key(document) -> str:
    """What identifies the file whose text we extracted: its name and, when known, its hash."""
    return f"{document.file.name}|{document.file_hash or ''}"[:400]


def extract_pages(fileobj, max_pages=MAX_PAGES, max_chars=MAX_CHARS):
    """[(page_number, text)] of a PDF file object (1-based), and whether it was truncated.

    Raises ExtractionError for anything pypdf cannot read (corrupt, encrypted without an empty
    password, unsupported encryption).
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("encrypted")
        pages, total, truncated = [], 0, len(reader.pages) > max_pages
        for number, page in enumerate(reader.pages[:max_pages], start=1):
            text = (page.extract_text() or "").replace("\x00", "").strip()
            if total + len(text) > max_chars:
                text, truncated = text[: max_chars - total], True
            total += len(text)
            if text:
                pages.append((number, text))
            if total >= max_chars:
                break
    except ExtractionError:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on broken files
        raise ExtractionError(repr(error)) from error
    return pages, truncated


def _is_pdf(document) -> bool:
    if document.file_extension.lower() != "pdf":
        return False
    with document.open_file() as handle:
        return handle.read(1024).lstrip().startswith(PDF_MAGIC)


def extract(document):
    """(Re)build ``document``'s page texts. Never raises: failures are logged and recorded."""
    from resources.models import DocumentPageText, DocumentText

    status, pages, truncated = DocumentText.Status.OK, [], False
    try:
        if not document.file:
            status = DocumentText.Status.NOT_PDF
        elif document.file.size > MAX_FILE_SIZE:
            status = DocumentText.Status.FAILED
            logger.warning(
                "Document %s (%s) not extracted: %d bytes, over the %d limit",
                document.pk,
                document.file.name,
                document.file.size,
                MAX_FILE_SIZE,
            )
        elif not _is_pdf(document):
            status = DocumentText.Status.NOT_PDF
        else:
            with document.open_file() as handle:
                pages, truncated = extract_pages(handle)
    except (ExtractionError, OSError, ValueError) as error:
        status = DocumentText.Status.FAILED
        logger.warning(
            "Could not extract the text of document %s (%s): %s",
            document.pk,
            document.file.name,
            error,
        )
    if truncated:
        status = DocumentText.Status.TRUNCATED
        logger.info("Text of document %s truncated (%d pages kept)", document.pk, len(pages))
    try:
        with transaction.atomic():
            DocumentPageText.objects.filter(document=document).delete()
            DocumentPageText.objects.bulk_create(
                DocumentPageText(document=document, page_number=number, text=text)
                for number, text in pages
            )
            DocumentText.objects.update_or_create(
                document=document,
                defaults={"source": source_key(document), "status": status, "pages": len(pages)},
            )
    except DatabaseError:
        logger.exception("Could not store the text of document %s", document.pk)
        return False
    return True


def needs_extraction(document) -> bool:
    from resources.models import DocumentText

    known = DocumentText.objects.filter(document=document).values_list("source", flat=True)
    return list(known) != [source_key(document)]


def reindex_dossiers(document):
    """Re-index the dossiers (every language) that use ``document``."""
    from modelsearch.index import insert_or_update_object

    from resources.models import DossierPage

    for dossier in DossierPage.objects.filter(document=document):
        insert_or_update_object(dossier)


def document_saved(sender, instance, **kwargs):
    """post_save of the document model: extract the text of a new file, re-index its dossiers."""
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {"file", "file_hash"} & set(update_fields):
        return
    try:
        if needs_extraction(instance) and extract(instance):
            reindex_dossiers(instance)
    except Exception:  # never break an upload or a publication
        logger.exception("Text extraction of document %s failed", instance.pk)


def extract_missing(reindex=False, stdout=None):
    """Extract the documents never extracted or whose file changed. Returns how many.

    ``reindex``: also re-index the dossiers using them (not needed before a full rebuild).
    """
    from resources.models import DocumentText

    known = dict(DocumentText.objects.values_list("document_id", "source"))
    done = 0
    for document in get_document_model().objects.order_by("pk").iterator():
        if known.get(document.pk) == source_key(document):
            continue
        if extract(document) and reindex:
            reindex_dossiers(document)
        done += 1
        if stdout is not None:
            stdout.write(f"{document.pk} {document.title}")
    return done


def restricted_paths() -> list[str]:
    """Tree paths of the collections with view restrictions (their descendants are private)."""
    from wagtail.models import CollectionViewRestriction

    return list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


def is_private(document, paths) -> bool:
    return any(document.collection.path.startswith(path) for path in paths)


@contextmanager
def texts_loaded(document_ids):
    """Within the block, ``indexed_text`` of these documents is answered without a query.

    Their texts are loaded at once (three queries), so that indexing a chunk of dossiers does
    not query each dossier's document.
    """
    from resources.models import DocumentPageText

    wanted = {pk for pk in document_ids if pk}
    texts = {}
    if wanted:
        paths = restricted_paths()
        documents = get_document_model().objects.filter(pk__in=wanted).select_related("collection")
        public = [document.pk for document in documents if not is_private(document, paths)]
        pages = {}
        rows = DocumentPageText.objects.filter(document_id__in=public).order_by(
            "document_id", "page_number"
        )
        for document_id, text in rows.values_list("document_id", "text"):
            pages.setdefault(document_id, []).append(text)
        # Missing, private or never extracted: "" as ``indexed_text`` says.
        texts = {pk: "\n".join(pages.get(pk, ())) for pk in wanted}
    token = _loaded_texts.set({**(_loaded_texts.get() or {}), **texts})
    try:
        yield
    finally:
        _loaded_texts.reset(token)


def indexed_text(document_id) -> str:
    """The text of a document as indexed with its dossier ("" if private or not extracted)."""
    from resources.models import DocumentPageText

    if not document_id:
        return ""
    loaded = _loaded_texts.get()
    if loaded is not None and document_id in loaded:
        return loaded[document_id]
    document = (
        get_document_model().objects.filter(pk=document_id).select_related("collection").first()
    )
    if document is None or is_private(document, restricted_paths()):
        return ""
    texts = DocumentPageText.objects.filter(document_id=document_id).order_by("page_number")
    return "\n".join(texts.values_list("text", flat=True))
