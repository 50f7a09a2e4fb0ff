"""Search-box suggestions: the best few titles completing what the reader types (every word
matching a title word, the last as a prefix, accents ignored), through modelsearch's autocomplete;
on the database backends the shortest titles first, then the newest (docs/search.md)."""

from django.db.models.functions import Length
from modelsearch.query import PlainText

from resources.library import visible_items
from resources.models import LibraryPage
from search.analysis import fold_words
from search.backends.engines import IDS_PER_REQUEST


def suggested_ids(backend, query, locale, limit):
    """Ids of at most ``limit`` visible items of ``locale`` completing ``query``, best first."""
    shown = visible_items(locale)
    if not fold_words(query):
        return []
    plain = PlainText(query, operator="and")
    if not hasattr(backend, "es"):
        entries = backend.autocomplete(plain, LibraryPage).query_compiler.matching_entries()
        found = shown.filter(pk__in=entries.values("page_id"))
        found = found.order_by(Length("title"), "-publication_date", "-pk")
        return list(found.values_list("pk", flat=True)[:limit])
    # A search engine: ids only, then the visible items' filters; more only if needed.
    candidates = LibraryPage.objects.filter(live=True, locale=locale)
    size = limit * 3
    while True:
        results = backend.autocomplete(plain, candidates)
        ranked = backend.ranked_ids(results, size)
        kept = set(shown.filter(pk__in=ranked).values_list("pk", flat=True))
        ids = [pk for pk in dict.fromkeys(ranked) if pk in kept][:limit]
        if len(ids) == limit or len(ranked) < size or size >= IDS_PER_REQUEST:
            return ids
        size = min(size * 4, IDS_PER_REQUEST)
