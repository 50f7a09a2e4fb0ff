"""Search-box suggestions: the best few titles completing what the reader types.

``suggested_ids(backend, query, candidates, shown, limit)`` returns the primary keys of at most
``limit`` objects of ``shown`` whose autocomplete words (the folded words of the title) start with
the query's words, all of them, best first. ``candidates`` is ``shown`` with only the filters a
search engine can apply (indexed ``FilterField``\\ s); ``shown`` may filter on anything.

- SQLite: one query on the autocomplete words' own FTS5 table (migration
  ``search.0005_autocomplete_words``), whose row numbers are ordered best first (shortest
  titles, then newest): walked from the top with ``shown``'s filters checked row by row, it stops
  after ``limit`` matches instead of ranking every title that shares the prefix.
- PostgreSQL: one query; the GIN index finds the titles, the shortest (fewest words) first.
- Search engines: ids only from the engine (no object loaded), filtered through ``shown`` in one
  query, asking the engine for more only when too many were filtered out.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from modelsearch.conf import get_app_config
from modelsearch.query import PlainText
from modelsearch.utils import get_descendants_content_types_pks

from search.analysis import fold_words

TABLE = "search_autocomplete"
ROW_KEY = 2**32  # row number = (1000 - words) * ROW_KEY + index entry id
MAX_ENGINE_IDS = 10_000  # the engines' default max_result_window


def integer_pk(model) -> bool:
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return isinstance(field, IntegerField)


def fts5_query(words, operator="and") -> str:
    """``"budget" AND "partic"*``: every word, the last one as a prefix."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    quoted[-1] += "*"
    return f" {operator.upper()} ".join(quoted)


def _shown_sql(queryset):
    """``queryset``'s filters as an SQL condition on the row ``tec_entry`` points at."""
    inner = (
        queryset.order_by()
        .filter(pk=RawSQL("CAST(tec_entry.object_id AS INTEGER)", ()))
        .values("pk")
    )
    return inner.query.get_compiler(using=queryset.db).as_sql()


def _fetch(queryset, sql, params):
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(dict.fromkeys(row[0] for row in cursor.fetchall()))


def sqlite_ranked_ids(queryset, words, operator="and", limit=None, offset=0):
    """Ids of ``queryset`` whose autocomplete words match, best first, in one query.

    FTS5 returns the matches by descending row number, that is best first; ``queryset``'s
    filters are checked on each in turn, and the walk stops at ``limit``.
    """
    try:
        shown_sql, shown_params = _shown_sql(queryset)
    except EmptyResultSet:
        return []
    types = get_descendants_content_types_pks(queryset.model)
    sql = (
        f"SELECT CAST(tec_entry.object_id AS INTEGER) FROM {TABLE} AS tec_words "  # noqa: S608
        f"JOIN {_entries()} AS tec_entry ON tec_entry.id = tec_words.rowid %% {ROW_KEY} "
        f"WHERE tec_words.{TABLE} MATCH %s AND tec_entry.content_type_id IN ({_marks(types)}) "
        f"AND EXISTS ({shown_sql}) ORDER BY tec_words.rowid DESC LIMIT %s OFFSET %s"
    )
    params = [fts5_query(words, operator), *types, *shown_params]
    return _fetch(queryset, sql, [*params, -1 if limit is None else limit, offset])


def tsquery(words, operator="and") -> str:
    """``'budget' & 'partic':*`` for ``to_tsquery('simple', ...)``."""
    quoted = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words]
    quoted[-1] += ":*"
    return (" & " if operator.lower() == "and" else " | ").join(quoted)


def postgres_ranked_ids(queryset, words, operator="and", limit=None, offset=0):
    """The same on PostgreSQL, in one query: the GIN index of the narrow copy of the words
    finds the matches, sorted by rank; ``queryset``'s filters are then checked on each in turn,
    up to ``limit``."""
    try:
        shown_sql, shown_params = _shown_sql(queryset)
    except EmptyResultSet:
        return []
    types = get_descendants_content_types_pks(queryset.model)
    sql = (
        "SELECT CAST(tec_entry.object_id AS INTEGER) FROM ("  # noqa: S608 - names, placeholders
        f"SELECT object_id FROM {TABLE} WHERE words @@ to_tsquery('simple', %s) "
        f"AND content_type_id IN ({_marks(types)}) ORDER BY rank DESC OFFSET 0) AS tec_entry "
        f"WHERE EXISTS ({shown_sql}) LIMIT %s OFFSET %s"
    )
    params = [tsquery(words, operator), *types, *shown_params]
    return _fetch(queryset, sql, [*params, limit, offset])


def _entries():
    return get_app_config().get_model("IndexEntry")._meta.db_table


def _marks(values):
    return ", ".join(["%s"] * len(values))


def in_order(queryset, ids):
    """``queryset``'s objects of ``ids``, in that order (one query)."""
    if not ids:
        return queryset.none()
    position = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)))
    return queryset.filter(pk__in=ids).order_by(position)


class RankedAutocompleteMixin:
    """For the database backends' autocomplete compilers: the best ``stop`` matches in one
    query (``ranked_ids``) rather than a score computed for every match."""

    ranked_ids_function = None

    def _words(self):
        if not isinstance(self.query, PlainText) or not integer_pk(self.queryset.model):
            return []
        return fold_words(self.query.query_string)

    def ranked_ids(self, limit=None, offset=0):
        """Ids of the compiler's queryset, best first; None if this query cannot be ranked so."""
        words = self._words()
        if not words or self.fields:
            return None
        rank = type(self).ranked_ids_function
        return rank(self.queryset, words, self.query.operator, limit, offset)

    def search(self, config, start, stop, score_field=None, **kwargs):
        ids = None
        if score_field is None and self.order_by_relevance:
            start = start or 0
            ids = self.ranked_ids(None if stop is None else max(0, stop - start), start)
        if ids is None:
            return super().search(config, start, stop, score_field=score_field, **kwargs)
        return in_order(self.queryset, ids)


class SQLiteRankedAutocompleteMixin(RankedAutocompleteMixin):
    ranked_ids_function = staticmethod(sqlite_ranked_ids)


class PostgresRankedAutocompleteMixin(RankedAutocompleteMixin):
    ranked_ids_function = staticmethod(postgres_ranked_ids)


def suggested_ids(backend, query, candidates, shown, limit):
    """Ids of at most ``limit`` objects of ``shown`` completing ``query``, best first.

    ``candidates``: ``shown`` with the indexed filters only (what a search engine applies).
    """
    if not fold_words(query):
        return []
    plain = PlainText(query, operator="and")
    compiler_class = backend.autocomplete_query_compiler_class
    if issubclass(compiler_class, RankedAutocompleteMixin) and integer_pk(shown.model):
        # Every filter of ``shown`` applies in the database query itself.
        return compiler_class(shown, plain).ranked_ids(limit)
    # A search engine: ids only, then ``shown``'s other filters; more only if needed.
    size = limit * 3
    while True:
        results = backend.autocomplete(plain, candidates)
        ranked = (
            backend.ranked_ids(results, size)
            if hasattr(backend, "ranked_ids")
            else [obj.pk for obj in results[:size]]
        )
        kept = set(shown.filter(pk__in=ranked).values_list("pk", flat=True))
        ids = [pk for pk in dict.fromkeys(ranked) if pk in kept][:limit]
        if len(ids) == limit or len(ranked) < size or size >= MAX_ENGINE_IDS:
            return ids
        size = min(size * 4, MAX_ENGINE_IDS)
