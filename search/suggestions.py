"""Search-box suggestions: the best few titles completing what the reader types.

Every word must match a word of the title, the last one as a prefix, accents and case ignored.
On the database backends the folded title words are the index entries' ``autocomplete`` column
(``search.backends.database``): a prefix match there (FTS5 on SQLite, a ``simple`` tsquery on
PostgreSQL), the shortest titles first, then the newest. On OpenSearch/Elasticsearch, modelsearch's
autocomplete (edge n-grams, folding analyzer), filtered through the visible items.
"""

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length
from modelsearch.conf import get_app_config
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

from resources.library import visible_items
from resources.models import LibraryPage
from search.analysis import fold_words

MAX_ENGINE_IDS = 10_000  # the engines' default max_result_window


def _prefix_query(words):
    if connection.vendor == "postgresql":
        quoted = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words]
        return " & ".join(quoted) + ":*"
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    return "autocomplete : (" + " AND ".join(quoted) + "*)"


def prefix_matches(words):
    """Page ids (a subquery) whose folded title words complete ``words``: database backends."""
    entry = get_app_config().get_model("IndexEntry")
    entries = entry.objects.filter(
        content_type_id__in=get_descendants_content_types_pks(LibraryPage)
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        found = SearchQuery(_prefix_query(words), search_type="raw", config="simple")
        entries = entries.filter(autocomplete=found)
    else:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        table = connection.ops.quote_name(SQLiteFTSIndexEntry._meta.db_table)
        match = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608 - a model's table
        rows = RawSQL(match, [_prefix_query(words)])  # noqa: S611 - the words are a parameter
        entries = entries.filter(pk__in=rows)
    return entries.annotate(page_id=Cast("object_id", IntegerField())).values("page_id")


def suggested_ids(backend, query, locale, limit):
    """Ids of at most ``limit`` visible items of ``locale`` completing ``query``, best first."""
    shown = visible_items(locale)
    words = fold_words(query)
    if not words:
        return []
    if not hasattr(backend, "es"):
        found = shown.filter(pk__in=prefix_matches(words))
        found = found.order_by(Length("title"), "-publication_date", "-pk")
        return list(found.values_list("pk", flat=True)[:limit])
    # A search engine: ids only, then the visible items' filters; more only if needed.
    plain = PlainText(query, operator="and")
    candidates = LibraryPage.objects.filter(live=True, locale=locale)
    size = limit * 3
    while True:
        results = backend.autocomplete(plain, candidates)
        ranked = backend.ranked_ids(results, size)
        kept = set(shown.filter(pk__in=ranked).values_list("pk", flat=True))
        ids = [pk for pk in dict.fromkeys(ranked) if pk in kept][:limit]
        if len(ids) == limit or len(ranked) < size or size >= MAX_ENGINE_IDS:
            return ids
        size = min(size * 4, MAX_ENGINE_IDS)
