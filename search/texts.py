"""What excerpts read of a library item, kept by each process until the content changes.

A result's excerpt comes from its summary, else from the plain text of its body; a dossier's
PDF may hold words its own text lacks (``search.documents.attach_document_matches``). Reading
and flattening a body is the costly part, and the same items come back from search to search:
each item's texts are kept under the content version token (renewed by any publish), like its
rendered card, so a result seen before needs no query at all.
"""

from dataclasses import dataclass

from resources.models import LibraryPage
from search.facets import current_token, database_key
from search.kept import KeptResults


@dataclass
class ItemText:
    title: str
    summary: str
    document_id: int | None  # the PDF of a dossier, if it has one
    body: str | None = None  # the body as plain text, read the first time it is needed


# A few kilobytes each: as many items as kept result cards (``search.templatetags``).
kept_texts = KeptResults(2000)


def item_texts(pks, loaded=None) -> dict:
    """{pk: ItemText} of the given items: the kept ones, those of ``loaded`` (pk → specific
    page already loaded), the others read in one query."""
    loaded = loaded or {}
    version = (current_token(), *database_key())  # what each kept text's key starts with
    texts, missing = {}, []
    for pk in pks:
        found = kept_texts.peek((*version, pk))
        if found is None and pk in loaded:
            page = loaded[pk]
            found = ItemText(page.title, page.summary, getattr(page, "document_id", None))
            kept_texts.put((*version, pk), found)
        if found is None:
            missing.append(pk)
        else:
            texts[pk] = found
    if missing:
        rows = LibraryPage.objects.filter(pk__in=missing).order_by()
        for pk, title, summary, document_id in rows.values_list(
            "pk", "title", "summary", "dossierpage__document_id"
        ):
            texts[pk] = ItemText(title, summary, document_id)
            kept_texts.put((*version, pk), texts[pk])
    return texts


def plain_body(body) -> str:
    """A page body's words as one plain text (what the search indexes of it)."""
    field = LibraryPage._meta.get_field("body")
    return " ".join(str(text) for text in field.get_searchable_content(body))


def read_bodies(texts, loaded=None):
    """Fill in the plain body text of the given ItemTexts that lack it: from the pages of
    ``loaded`` (pk → page, body loaded), the others read in one query."""
    loaded = loaded or {}
    wanted = {}
    for pk, text in texts.items():
        if text.body is None:
            if pk in loaded:
                text.body = plain_body(loaded[pk].body)
            else:
                wanted[pk] = text
    if not wanted:
        return
    field = LibraryPage._meta.get_field("body")
    rows = LibraryPage.objects.filter(pk__in=wanted).order_by().values_list("pk", "body")
    for pk, body in rows:
        wanted[pk].body = plain_body(field.to_python(body))
    for text in wanted.values():  # a page deleted meanwhile
        if text.body is None:
            text.body = ""
