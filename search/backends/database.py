"""The database search backend with language analysis done in Python.

modelsearch's SQLite backend indexes raw text with FTS5's default tokenizer (accents folded, no
stemming) and its PostgreSQL backend stems with one configuration for every language. Here each
document is analysed in its own page's language (see ``search.analysis``) before it reaches the
database, and each query in the reader's language, so both vendors only match ready-made terms:
one behaviour on SQLite and PostgreSQL, French and English pages each stemmed as such.

``SEARCH_CONFIG`` for PostgreSQL is therefore ``simple`` (lowercase only, no dictionary).
"""

import re
from functools import cache

from django.db import connection, transaction
from django.db.models import Manager
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk
from wagtail.models import Locale

from search import indexing
from search.analysis import active_language, analyze, analyze_query, fold_words, language_of

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_tags(value) if "<" in value else value
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return force_str(value)


def _field_texts(obj, fields, top_level=True, loaded=None):
    """(kind, boost, text) for every indexed value: kind is title, body or autocomplete.

    ``loaded``: related rows loaded for a whole chunk (``search.indexing.chunk_loaded``).
    """
    for field in fields:
        if isinstance(field, RelatedFields) and loaded and field.field_name in loaded:
            for kind, boost, value in indexing.related_texts(field, loaded[field.field_name]):
                yield kind, boost, _text(value)
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for sub_obj in related:
                yield from _field_texts(sub_obj, field.fields, top_level=False)
        elif isinstance(field, SearchField):
            kind = "title" if top_level and field.field_name == "title" else "body"
            yield kind, field.boost or 1, _text(field.get_value(obj))
        elif isinstance(field, AutocompleteField):
            yield "autocomplete", 1, _text(field.get_value(obj))


class AnalyzedDocument:
    """A model instance turned into index terms in its own language."""

    def __init__(self, obj, languages, loaded=None):
        self.id = force_str(obj.pk)
        self.language = languages.get(getattr(obj, "locale_id", None), "fr")
        texts = {"title": [], "body": [], "autocomplete": []}
        for kind, boost, text in _field_texts(obj, obj.get_search_fields(), loaded=loaded):
            if text:
                texts[kind].append((text, boost))
        self.raw = {kind: " ".join(text for text, _b in values) for kind, values in texts.items()}
        self.title = " ".join(analyze(self.raw["title"], self.language))
        self.body_parts = [
            (" ".join(analyze(text, self.language)), boost) for text, boost in texts["body"]
        ]
        self.body = " ".join(part for part, _b in self.body_parts)
        # Autocomplete matches prefixes of whole words: folded, not stemmed.
        self.autocomplete = " ".join(fold_words(self.raw["autocomplete"]))


def _languages():
    return {pk: language_of(code) for pk, code in Locale.objects.values_list("pk", "language_code")}


# Columns of modelsearch's FTS5 table, in order, and their BM25 weights.
FTS_COLUMNS = ("autocomplete", "body", "title")
TITLE_WEIGHTS = {"autocomplete": "0.0", "body": "1.0", "title": "2.0"}


class AnalyzedQueryMixin:
    """Replace each plain-text query by its analysed terms in the reader's language."""

    def _analyzed(self, query):
        if isinstance(query, PlainText):
            if self.LAST_TERM_IS_PREFIX:
                terms = fold_words(query.query_string)
            else:
                terms = analyze_query(query.query_string, active_language())
            return PlainText(" ".join(terms) or "_", operator=query.operator)
        return query


class TitleNormsAtEndMixin:
    """For a rebuilder: title norms computed once, at the end, not after each chunk.

    modelsearch refreshes the norms of the new entries after each chunk, which reads the whole
    index every time (quadratic over a rebuild), then recomputes every norm when the rebuild
    finishes anyway. The index being rebuilt skips the per-chunk refresh.
    """

    def start(self):
        index = super().start()
        index.rebuilding = True
        return index

    def finish(self):
        self.index.rebuilding = False
        super().finish()
        # Planner statistics for the rewritten tables at once, not when autovacuum gets to
        # them: a fresh index otherwise starts with estimates from before the rebuild.
        connection = getattr(self.index, "write_connection", None)
        if connection is not None and connection.vendor == "postgresql":
            table = get_app_config().get_model("IndexEntry")._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


@cache
def _sqlite_backend_class():
    # Imported here: modelsearch's SQLite module only loads where its FTS model exists.
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteIndex,
        SQLiteSearchAtomicRebuilder,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchRebuilder,
    )

    class AnalyzedSQLiteQueryCompiler(AnalyzedQueryMixin, SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(self._analyzed(query), config=config)

        def matching_entries(self, scored=False):
            """The FTS rows matching the analysed query, with ``page_id`` (and ``score``: FTS5's
            bm25, lower is better, a title word weighing twice a body word)."""
            from django.db.models import IntegerField
            from django.db.models.functions import Cast
            from modelsearch.backends.database.sqlite.sqlite import (
                MatchExpression,
                SQLiteFTSIndexEntry,
            )
            from modelsearch.utils import get_descendants_content_types_pks

            match = MatchExpression(
                self.fields or self.FTS_TABLE_FIELDS,
                self.build_search_query(self.query, config=None),
            )
            types = get_descendants_content_types_pks(self.queryset.model)
            entries = SQLiteFTSIndexEntry.objects.filter(
                match, index_entry__content_type_id__in=types
            ).annotate(page_id=Cast("index_entry__object_id", IntegerField()))
            if not scored:
                return entries.order_by()
            table = SQLiteFTSIndexEntry._meta.db_table
            weights = ", ".join(TITLE_WEIGHTS[column] for column in FTS_COLUMNS)
            score = RawSQL(f'bm25("{table}", {weights})', [])  # noqa: S611 - constants only
            return entries.annotate(score=score)

    class AnalyzedSQLiteAutocompleteCompiler(AnalyzedQueryMixin, SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(self._analyzed(query), config=config)

    class AnalyzedSQLiteIndex(SQLiteIndex):
        rebuilding = False

        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            languages = _languages()
            objs = list(objs)
            with indexing.chunk_loaded(model, objs) as loaded:
                docs = {
                    doc.id: doc
                    for doc in (
                        AnalyzedDocument(obj, languages, loaded.get(obj.pk)) for obj in objs
                    )
                }
            if not docs:
                return
            content_type_pk = get_content_type_pk(model)
            # One upsert per chunk instead of a SELECT and an UPDATE per existing document.
            self.entries.bulk_create(
                [
                    IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=doc.id,
                        title=doc.title,
                        body=doc.body,
                        autocomplete=doc.autocomplete,
                        title_norm=1.0,
                    )
                    for doc in docs.values()
                ],
                update_conflicts=True,
                unique_fields=["content_type", "object_id"],
                update_fields=["title", "body", "autocomplete", "title_norm"],
            )
            if not self.rebuilding:
                self._refresh_title_norms()

        def _refresh_title_norms(self, full=False):
            if not full:
                return super()._refresh_title_norms()
            # Every row gets a new norm: modelsearch's UPDATE trigger would rewrite each row's
            # FTS5 copy as well, although the indexed text does not change. Without it, in one
            # transaction (the rebuild's own when atomic), then recreated as it was.
            alias = self.write_connection.alias
            table = IndexEntry._meta.db_table
            with transaction.atomic(using=alias), self.write_connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
                    " AND name LIKE 'update%%fts'",
                    [table],
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
                super()._refresh_title_norms(full=True)
                for _name, sql in triggers:
                    cursor.execute(sql)

    class AnalyzedSQLiteRebuilder(TitleNormsAtEndMixin, SQLiteSearchRebuilder):
        pass

    class AnalyzedSQLiteAtomicRebuilder(TitleNormsAtEndMixin, SQLiteSearchAtomicRebuilder):
        pass

    class AnalyzedSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = AnalyzedSQLiteQueryCompiler
        autocomplete_query_compiler_class = AnalyzedSQLiteAutocompleteCompiler
        index_class = AnalyzedSQLiteIndex
        rebuilder_class = AnalyzedSQLiteRebuilder
        atomic_rebuilder_class = AnalyzedSQLiteAtomicRebuilder

    return AnalyzedSQLiteSearchBackend


# The entries of a chunk in one statement: the vectors are computed by the database from arrays
# of texts (one row per document, one per body part), as modelsearch's expressions would
# (``setweight(to_tsvector(config, text), weight)``, body parts joined with ``||`` in field
# order, by the aggregate of migration ``search.0007``), instead of one compiled expression per
# value. Rows are inserted in document order, so entry ids follow the objects' order as before.
UPSERT_ENTRIES = """
INSERT INTO {table} AS entry
    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
SELECT %(content_type)s, doc.object_id,
    setweight(to_tsvector(%(config)s::regconfig, doc.title), 'A'),
    setweight(to_tsvector('simple'::regconfig, doc.autocomplete), 'D'),
    coalesce(part.body, to_tsvector(%(config)s::regconfig, '')),
    1.0, doc.title_text, doc.body_text
FROM unnest(%(object_ids)s::text[], %(titles)s::text[], %(autocompletes)s::text[],
    %(title_texts)s::text[], %(body_texts)s::text[])
    WITH ORDINALITY AS doc(object_id, title, autocomplete, title_text, body_text, n)
LEFT JOIN (
    SELECT part.n, search_tsvector_agg(
        setweight(to_tsvector(%(config)s::regconfig, part.text), part.weight::"char")
        ORDER BY part.ord) AS body
    FROM unnest(%(part_docs)s::bigint[], %(part_texts)s::text[], %(part_weights)s::text[])
        WITH ORDINALITY AS part(n, text, weight, ord)
    GROUP BY part.n
) AS part ON part.n = doc.n
ORDER BY doc.n
ON CONFLICT (content_type_id, object_id) DO UPDATE SET
    title = EXCLUDED.title, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body,
    title_norm = EXCLUDED.title_norm, title_text = EXCLUDED.title_text,
    body_text = EXCLUDED.body_text
"""


def upsert_entries(connection, content_type_pk, docs, config):
    """Insert or update the PostgreSQL index entries of ``docs`` (``AnalyzedDocument``)."""
    from modelsearch.backends.database.postgres.weights import get_weight

    params = {
        "content_type": content_type_pk,
        "config": config,
        "object_ids": [doc.id for doc in docs],
        "titles": [doc.title for doc in docs],
        "autocompletes": [doc.autocomplete for doc in docs],
        "title_texts": [doc.raw["title"] for doc in docs],
        "body_texts": [doc.raw["body"] for doc in docs],
        "part_docs": [],
        "part_texts": [],
        "part_weights": [],
    }
    for n, doc in enumerate(docs, start=1):
        for text, boost in doc.body_parts:
            if text:
                params["part_docs"].append(n)
                params["part_texts"].append(text)
                params["part_weights"].append(get_weight(boost))
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_ENTRIES.format(table=IndexEntry._meta.db_table), params)


@cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresAutocompleteQueryCompiler,
        PostgresIndex,
        PostgresSearchAtomicRebuilder,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchRebuilder,
    )

    class AnalyzedPostgresQueryCompiler(AnalyzedQueryMixin, PostgresSearchQueryCompiler):
        # The backend's text search configuration, set by the backend on each search.
        search_config = None

        def build_tsquery_content(self, query, config=None, invert=False):
            return super().build_tsquery_content(self._analyzed(query), config, invert)

        def matching_entries(self, scored=False):
            """The index entries matching the analysed query, with ``page_id`` (and ``score``:
            modelsearch's rank negated, lower is better)."""
            from django.db.models import F, IntegerField, Q
            from django.db.models.functions import Cast
            from modelsearch.utils import get_descendants_content_types_pks

            config = self.search_config
            analyzed = self._analyzed(self.query)
            terms = [t for t in re.split(r"[\s\-]+", analyzed.query_string) if t] or [""]
            plain = super().build_tsquery_content
            match = None
            for word in terms:
                tsquery = plain(PlainText(word, operator=analyzed.operator), config)
                one = Q(title=tsquery) | Q(body=tsquery)
                if match is None:
                    match = one
                elif analyzed.operator == "and":
                    match &= one
                else:
                    match |= one
            models = get_descendants_content_types_pks(self.queryset.model)
            entries = IndexEntry._default_manager.filter(match, content_type_id__in=models)
            entries = entries.annotate(page_id=Cast("object_id", IntegerField())).order_by()
            if not scored:
                return entries
            rank = self._build_rank_expression(  # modelsearch's own rank (a private helper)
                [(F("title"), F("title_norm")), (F("body"), 1.0)], config
            )
            return entries.annotate(score=-rank)

    class AnalyzedPostgresAutocompleteCompiler(
        AnalyzedQueryMixin, PostgresAutocompleteQueryCompiler
    ):
        def build_tsquery_content(self, query, config=None, invert=False):
            return super().build_tsquery_content(self._analyzed(query), config, invert)

    class AnalyzedPostgresIndex(PostgresIndex):
        rebuilding = False

        def add_items(self, model, objs):
            if not model.get_search_fields():
                return
            languages = _languages()
            objs = list(objs)
            with indexing.chunk_loaded(model, objs) as loaded:
                docs = [AnalyzedDocument(obj, languages, loaded.get(obj.pk)) for obj in objs]
            if not docs:
                return
            content_type_pk = get_content_type_pk(model)
            upsert_entries(self.write_connection, content_type_pk, docs, self.backend.config)
            if not self.rebuilding:
                self._refresh_title_norms()

    class AnalyzedPostgresRebuilder(TitleNormsAtEndMixin, PostgresSearchRebuilder):
        pass

    class AnalyzedPostgresAtomicRebuilder(TitleNormsAtEndMixin, PostgresSearchAtomicRebuilder):
        pass

    class AnalyzedPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = AnalyzedPostgresQueryCompiler
        autocomplete_query_compiler_class = AnalyzedPostgresAutocompleteCompiler
        index_class = AnalyzedPostgresIndex
        rebuilder_class = AnalyzedPostgresRebuilder
        atomic_rebuilder_class = AnalyzedPostgresAtomicRebuilder

        def __init__(self, params):
            super().__init__({"SEARCH_CONFIG": "simple", **params})

        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            results = super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
            compiler = getattr(results, "query_compiler", None)
            if isinstance(compiler, AnalyzedPostgresQueryCompiler):
                compiler.search_config = compiler.get_config(self)
            return results

    return AnalyzedPostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    """The analysed backend for the database vendor of the default connection."""
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    if connection.vendor == "sqlite":
        return _sqlite_backend_class()(params)
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    return DatabaseSearchBackend(params)
