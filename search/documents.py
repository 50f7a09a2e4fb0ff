"""Where a query's words occur in the PDF of a dossier (texts kept by ``resources.documents``):
"found in the document, page N"."""

from wagtail.documents import get_document_model

from resources.documents import is_private, restricted_paths
from search.analysis import excerpt, fold_words, stem


def _stems(text, language):
    return {stem(word, language) for word in fold_words(text)}


def attach_document_matches(items, terms, language, texts):
    """Set ``item.document_match`` on each result whose PDF holds query terms its page lacks:
    the PDF page with the most terms (the first on a tie), its link and an excerpt. ``texts``:
    {pk: ItemText} of the items (``search.texts``), with the bodies of those with a document."""
    from resources.models import DocumentPageText

    for item in items:
        item.document_match = None
    wanted = set(terms)
    lacking = {}
    for item in items:
        text = texts.get(item.pk)
        if wanted and text is not None and text.document_id:
            own = " ".join([text.title, text.summary or "", text.body or ""])
            missing = wanted - _stems(own, language)
            if missing:
                lacking[item.pk] = missing
    if not lacking:
        return
    documents = {texts[pk].document_id for pk in lacking}
    by_document = {}
    for page in DocumentPageText.objects.filter(document_id__in=documents).order_by(
        "document_id", "page_number"
    ):
        by_document.setdefault(page.document_id, []).append(page)
    found = {}
    for pk, missing in lacking.items():
        best, best_count = None, 0
        for page in by_document.get(texts[pk].document_id, []):
            matched = wanted & _stems(page.text, language)
            if matched & missing and len(matched) > best_count:
                best, best_count = page, len(matched)
        if best is not None:
            found[pk] = best
    if not found:
        return
    paths = restricted_paths()
    files = get_document_model().objects.select_related("collection")
    files = files.in_bulk([page.document_id for page in found.values()])
    for item in items:
        best = found.get(item.pk)
        document = files.get(best.document_id) if best is not None else None
        if document is None or is_private(document, paths):
            continue
        item.document_match = {
            "page": best.page_number,
            "url": f"{document.url}#page={best.page_number}",
            "excerpt": excerpt(best.text, terms, language, size=30),
        }
