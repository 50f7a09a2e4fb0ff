"""What excerpts read of a library item: its summary, else the plain text of its body; a
dossier's PDF may hold words its own text lacks (``search.documents.attach_document_matches``).
"""

from dataclasses import dataclass

from resources.models import LibraryPage


@dataclass
class ItemText:
    title: str
    summary: str
    document_id: int | None  # the PDF of a dossier, if it has one
    body: str | None = None  # the body as plain text, read the first time it is needed


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
