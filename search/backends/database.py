"""The database search backend fed with text analysed in Python (``search.analysis``): each
document in its page's language, each query in the reader's, so SQLite FTS5 and PostgreSQL
(``simple`` configuration) only match ready-made terms, with one behaviour (docs/search.md)."""

from functools import cache

from django.db import connection
from django.db.models import F, IntegerField, Manager, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks
from wagtail.models import Locale

from search import indexing
from search.analysis import active_language, analyze, analyze_query, fold_words, language_of

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)
CONFIG = "simple"  # PostgreSQL's text search configuration: lowercase only, no dictionary


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


def _field_texts(obj, fields, top_level=True):
    """(kind, boost, text) for every indexed value: kind is title, body or autocomplete."""
    for field in fields:
        if isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if isinstance(related, Manager):
                related = related.all()
            elif related is not None:
                related = [related() if callable(related) else related]
            for sub_obj in related or ():
                yield from _field_texts(sub_obj, field.fields, top_level=False)
        elif isinstance(field, SearchField):
            kind = "title" if top_level and field.field_name == "title" else "body"
            yield kind, field.boost or 1, _text(field.get_value(obj))
        elif isinstance(field, AutocompleteField):
            yield "autocomplete", 1, _text(field.get_value(obj))


class AnalyzedDocument:
    """A model instance turned into index terms in its own language."""

    def __init__(self, obj, languages):
        self.id = force_str(obj.pk)
        self.language = languages.get(getattr(obj, "locale_id", None), "fr")
        texts = {"title": [], "body": [], "autocomplete": []}
        for kind, boost, text in _field_texts(obj, obj.get_search_fields()):
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


class AnalyzedQueryMixin:
    """Each plain-text query replaced by its analysed terms in the reader's language."""

    def _analyzed(self, query):
        if isinstance(query, PlainText):
            if self.LAST_TERM_IS_PREFIX:
                terms = fold_words(query.query_string)
            else:
                terms = analyze_query(query.query_string, active_language())
            return PlainText(" ".join(terms) or "_", operator=query.operator)
        return query

    def build_search_query_content(self, query, config=None):  # SQLite
        return super().build_search_query_content(self._analyzed(query), config=config)

    def build_tsquery_content(self, query, config=None, invert=False):  # PostgreSQL
        return super().build_tsquery_content(self._analyzed(query), config, invert)


class AnalyzedIndexMixin:
    """A chunk's analysed documents written in one upsert (``columns``: the vendor's values)."""

    def add_items(self, model, objs):
        objs = list(objs)
        if not objs or not model.get_search_fields():
            return
        languages = _languages()
        with indexing.prepared(model, objs):
            docs = {doc.id: doc for doc in (AnalyzedDocument(obj, languages) for obj in objs)}
        content_type_pk = get_content_type_pk(model)
        columns = {pk: self.columns(doc) for pk, doc in docs.items()}
        self.entries.bulk_create(
            [
                IndexEntry(content_type_id=content_type_pk, object_id=pk, title_norm=1.0, **values)
                for pk, values in columns.items()
            ],
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=["title_norm", *next(iter(columns.values()))],
        )
        self._refresh_title_norms()


# BM25 weights of modelsearch's FTS5 columns (autocomplete, body, title): a title word counts twice.
BM25_WEIGHTS = "0.0, 1.0, 2.0"


@cache
def _sqlite_backend_class():
    # Imported here: modelsearch's SQLite module only loads where its FTS model exists.
    from modelsearch.backends.database.sqlite.sqlite import (
        MatchExpression,
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteIndex,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class SQLiteMatchingMixin(AnalyzedQueryMixin):
        def matching_entries(self, scored=False):
            """The FTS rows matching the analysed query, with ``page_id`` (and ``score``: FTS5's
            bm25, lower is better, a title word weighing twice a body word)."""
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
            score = RawSQL(f'bm25("{table}", {BM25_WEIGHTS})', [])  # noqa: S611 - constants only
            return entries.annotate(score=score)

    class AnalyzedSQLiteQueryCompiler(SQLiteMatchingMixin, SQLiteSearchQueryCompiler):
        pass

    class AnalyzedSQLiteAutocompleteCompiler(SQLiteMatchingMixin, SQLiteAutocompleteQueryCompiler):
        pass

    class AnalyzedSQLiteIndex(AnalyzedIndexMixin, SQLiteIndex):
        def columns(self, doc):
            return {"title": doc.title, "body": doc.body, "autocomplete": doc.autocomplete}

    class AnalyzedSQLiteSearchBackend(SQLiteSearchBackend):
        query_compiler_class = AnalyzedSQLiteQueryCompiler
        autocomplete_query_compiler_class = AnalyzedSQLiteAutocompleteCompiler
        index_class = AnalyzedSQLiteIndex

    return AnalyzedSQLiteSearchBackend


def _page_entries(model, condition):
    """PostgreSQL index entries of ``model`` and its subclasses meeting ``condition``, each
    with its object's id as ``page_id``."""
    types = get_descendants_content_types_pks(model)
    entries = IndexEntry._default_manager.filter(condition, content_type_id__in=types)
    return entries.annotate(page_id=Cast("object_id", IntegerField())).order_by()


@cache
def _postgres_backend_class():
    from modelsearch.backends.database.postgres.postgres import (
        ObjectIndexer,
        PostgresAutocompleteQueryCompiler,
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.backends.database.postgres.weights import get_weight

    class AnalyzedPostgresQueryCompiler(AnalyzedQueryMixin, PostgresSearchQueryCompiler):
        def matching_entries(self, scored=False):
            """The index entries matching the analysed query, with ``page_id`` (and ``score``:
            modelsearch's rank negated, lower is better). One condition per word, each on the
            title or the body (their GIN indexes), joined with the query's operator."""
            analyzed = self._analyzed(self.query)
            match = None
            for word in analyzed.query_string.replace("-", " ").split() or [""]:
                tsquery = PostgresSearchQueryCompiler.build_tsquery_content(
                    self, PlainText(word), CONFIG
                )
                one = Q(title=tsquery) | Q(body=tsquery)
                if match is None:
                    match = one
                else:
                    match = match & one if analyzed.operator == "and" else match | one
            entries = _page_entries(self.queryset.model, match)
            if not scored:
                return entries
            rank = self._build_rank_expression(  # modelsearch's own rank (a private helper)
                [(F("title"), F("title_norm")), (F("body"), 1.0)], CONFIG
            )
            return entries.annotate(score=-rank)

    class AnalyzedPostgresAutocompleteCompiler(
        AnalyzedQueryMixin, PostgresAutocompleteQueryCompiler
    ):
        def matching_entries(self):
            """The index entries whose folded title words complete the query, with ``page_id``."""
            found = Q(autocomplete=self.build_tsquery(self.query, CONFIG))
            return _page_entries(self.queryset.model, found)

    class AnalyzedPostgresIndex(AnalyzedIndexMixin, PostgresIndex):
        config = autocomplete_config = CONFIG
        vector = ObjectIndexer.as_vector  # modelsearch's weighted vectors joined with ``||``

        def columns(self, doc):
            body = []  # consecutive parts of one weight as one text: the same vector, built once
            for text, weight in ((text, get_weight(boost)) for text, boost in doc.body_parts):
                if body and body[-1][1] == weight and text:
                    body[-1] = (f"{body[-1][0]} {text}", weight)
                elif text:
                    body.append((text, weight))
            return {
                "title": self.vector([(doc.title, "A")]),
                "body": self.vector(body),
                "autocomplete": self.vector([(doc.autocomplete, "D")]),
                "title_text": doc.raw["title"],
                "body_text": doc.raw["body"],
            }

        def _refresh_title_norms(self, full=False):
            super()._refresh_title_norms(full)
            if full:  # a rebuild's end: planner statistics of the rewritten table right away
                table = self.write_connection.ops.quote_name(IndexEntry._meta.db_table)
                with self.write_connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {table}")

    class AnalyzedPostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = AnalyzedPostgresQueryCompiler
        autocomplete_query_compiler_class = AnalyzedPostgresAutocompleteCompiler
        index_class = AnalyzedPostgresIndex

        def __init__(self, params):
            super().__init__(params)
            self.config = CONFIG

    return AnalyzedPostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    """The analysed backend for the database vendor of the default connection."""
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    if connection.vendor == "sqlite":
        return _sqlite_backend_class()(params)
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    return DatabaseSearchBackend(params)
