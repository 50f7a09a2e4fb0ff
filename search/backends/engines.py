"""OpenSearch and Elasticsearch backends analysing French and English (docs/search.md): a
backend with ``LANGUAGE: "en"`` and ``ONLY_LANGUAGE: True`` indexes English pages only, in its
own indexes; the ``default`` backend keeps every page (the Wagtail admin finds both)."""

import threading
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import SearchField
from modelsearch.utils import deep_update

from resources.library import FACETS, document_keys
from search import indexing
from search.analysis import ELISIONS, language_of
from search.compat import provide_pypi_events

provide_pypi_events()

IDS_PER_REQUEST = 10_000  # the engines' default max_result_window
# The catch-all field: a field boosted N times repeats its words N times there (one ``match``
# clause, whose best hits the engine finds without scoring every match).
ALL_TEXT = "_all_text"
BOOSTED_PREFIX = "_all_text_boost_"
# Each library page's facet values ("theme:<key>", "tag:<slug>"...), what selections filter on;
# again one field per facet (doc values only), so a selected facet is counted apart, cheaply.
FACETS_FIELD = "tec_facets"
FACET_FIELD = "tec_facet_{}"
DATE_FIELD = "publication_date"  # what "newest first" orders by
MAX_BUCKETS = 65_000  # every value of a facet (the engines' ceiling is 65,535), not 10


class EngineRequestError(Exception):
    """The engine answered one search of a multi-search with an error."""


def _all_of(clauses):
    return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}


def _counted(scope, field=FACETS_FIELD):
    terms = {"field": field, "size": MAX_BUCKETS}
    return {"filter": scope, "aggs": {"keys": {"terms": terms}}}


# Counts searches wait for the engine on these threads while the request's thread goes on.
POOL_SIZE = 8
_counting = ThreadPoolExecutor(max_workers=POOL_SIZE, thread_name_prefix="search-counts")


# A counts search's answer: matches of the words, matches under every selection (the hits'
# total), {facet: {key: count}} with each facet under the other facets' selections.
Counted = namedtuple("Counted", "matched total counts")


class FacetedSearch:
    """One faceted search on an engine (``faceted_search``): its hits, total and counts.
    ``hits_shape``: what the hits search asks besides the query and its start."""

    def __init__(self, backend, index, query, facets, selections, hits_shape):
        self.backend, self.index, self.query = backend, index, query
        self.facets, self.hits_shape = facets, hits_shape
        self.chosen = {
            facet: {"terms": {FACETS_FIELD: [f"{facet}:{key}" for key in keys]}}
            for facet, keys in selections.items()
        }
        self.shared = [facet for facet in facets if facet not in self.chosen]
        self.pks, self._counts = [], None

    def _send(self, header, body):
        if self.backend.use_new_elasticsearch_api:
            answers = self.backend.es.msearch(searches=[header, body])
        else:
            answers = self.backend.es.msearch(body=[header, body])
        (answer,) = answers["responses"]
        if "error" in answer:
            raise EngineRequestError(answer["error"])
        return answer

    def ask_hits(self, start):
        """A page of hits from ``start`` (waits for the engine). Their total comes with the
        counts: asked to count every match here too, the engine could not stop at the best."""
        query = self.query
        if self.chosen:
            query = {"bool": {"must": [query], "filter": list(self.chosen.values())}}
        body = {"query": query, "from": start, "track_total_hits": False, **self.hits_shape}
        # The engine's request cache only keeps searches with hits when asked.
        found = self._send({"index": self.index, "request_cache": True}, body)
        self.pks = [int(hit["fields"]["pk"][0]) for hit in found["hits"]["hits"]]
        return self

    def ask_counts(self):
        """Send the counts search on a background thread; ``counted`` gets its answer."""
        everything = _all_of(list(self.chosen.values()))
        aggregations = {"total": _counted(everything) if self.shared else {"filter": everything}}
        for facet in self.chosen:
            others = [clause for other, clause in self.chosen.items() if other != facet]
            aggregations[f"facet_{facet}"] = _counted(_all_of(others), FACET_FIELD.format(facet))
        body = {"query": self.query, "size": 0, "track_total_hits": True, "aggs": aggregations}
        self._counts = _counting.submit(self._send, {"index": self.index}, body)

    def counted(self) -> Counted:
        """The counts, once the engine answers (or what the request raised)."""
        counting = self._counts.result()
        counts = {facet: {} for facet in self.facets}
        aggregations = counting["aggregations"]
        for name, aggregation in aggregations.items():
            for bucket in aggregation.get("keys", {}).get("buckets", []):
                facet, key = bucket["key"].split(":", 1)
                if name == f"facet_{facet}" or (name == "total" and facet in self.shared):
                    counts[facet][key] = bucket["doc_count"]
        matched = counting["hits"]["total"]["value"]
        return Counted(matched, aggregations["total"]["doc_count"], counts)


def _analysis(first, first_filter, stopwords, stemmer):
    """Index analysis: ``first`` (elision or possessive), lowercase, stop words, ASCII folding
    and stemming by default; the edge n-grams and autocomplete queries folded, not stemmed."""

    def analyzer(*filters):
        return {"type": "custom", "tokenizer": "standard", "filter": [first, "lowercase", *filters]}

    return {
        "filter": {
            first: first_filter,
            "tec_stop": {"type": "stop", "stopwords": stopwords, "ignore_case": True},
            "tec_stemmer": {"type": "stemmer", "language": stemmer},
        },
        "analyzer": {
            "default": analyzer("tec_stop", "asciifolding", "tec_stemmer"),
            "edgengram_analyzer": analyzer("asciifolding", "edgengram"),
            "tec_autocomplete_query": analyzer("asciifolding"),
        },
    }


ELISION = {"type": "elision", "articles_case": True, "articles": list(ELISIONS)}
FRENCH = _analysis("tec_elision", ELISION, "_french_", "light_french")
POSSESSIVE = {"type": "stemmer", "language": "possessive_english"}
ENGLISH = _analysis("tec_possessive", POSSESSIVE, "_english_", "english")


_clients = {}
_clients_lock = threading.Lock()


def shared_clients(client_class):
    """One engine client per class, address and options in this process (thread-safe): modelsearch
    builds a backend, hence a client, twice per search; a client keeps its connections open."""

    def client(**options):
        key = (client_class, repr(sorted(options.items())))
        with _clients_lock:
            if key not in _clients:
                _clients[key] = client_class(**options)
            return _clients[key]

    return client


MERGE_TIMEOUT = 900  # seconds: merging a large index takes a while, readers are not waiting


def merged_rebuilder(rebuilder_class):
    """A rebuilder merging the new index into one segment per shard before readers use it: the
    facet counts then walk one segment's values (docs/search.md)."""

    class MergedRebuilder(rebuilder_class):
        def finish(self):
            self.index.refresh()
            name, client = self.index.name, self.index.es
            if hasattr(client, "options"):  # Elasticsearch 8/9
                client = client.options(request_timeout=MERGE_TIMEOUT)
                client.indices.forcemerge(index=name, max_num_segments=1)
            else:  # OpenSearch
                client.indices.forcemerge(
                    index=name, max_num_segments=1, request_timeout=MERGE_TIMEOUT
                )
            super().finish()

    return MergedRebuilder


def build(module_name: str):
    """Subclasses of a modelsearch engine backend with our analysis."""
    base = import_module(module_name).SearchBackend

    class Mapping(base.mapping_class):
        edgengram_analyzer_config = {
            "analyzer": "edgengram_analyzer",
            "search_analyzer": "tec_autocomplete_query",
        }

        def get_mapping(self):
            mapping = super().get_mapping()
            properties = mapping["properties"]
            # Boosted fields repeat their words in the catch-all field (``get_document``)
            # instead of filling fields of their own.
            for name in [name for name in properties if name.startswith(BOOSTED_PREFIX)]:
                del properties[name]
            for field in properties.values():
                if isinstance(field.get("copy_to"), list):
                    field["copy_to"] = ALL_TEXT
            # Global ordinals built at refresh, not by the first count after it.
            keyword = {"type": "keyword", "eager_global_ordinals": True}
            properties[FACETS_FIELD] = keyword
            for facet in FACETS:
                properties[FACET_FIELD.format(facet)] = {**keyword, "index": False}
            return mapping

        def get_document(self, obj):
            doc = super().get_document(obj)
            repeated = []
            for field in self.model.get_search_fields():
                if isinstance(field, SearchField) and (field.boost or 1) >= 1.5:
                    # The value modelsearch just put in the document, not read again.
                    value = doc.get(self.get_field_column_name(field))
                    if value:
                        repeated += [value] * (round(field.boost) - 1)
            if repeated:
                doc[ALL_TEXT] = repeated
            keys = getattr(obj, "search_facet_keys", None)  # set by Index.add_items
            if keys is None:
                keys = document_keys([obj]).get(obj.pk)
            if keys is not None:
                doc[FACETS_FIELD] = keys
                for key in keys:
                    doc.setdefault(FACET_FIELD.format(key.split(":", 1)[0]), []).append(key)
            return doc

    class Index(base.index_class):
        def add_item(self, item):
            if self.backend.accepts(item):
                super().add_item(item)

        def add_items(self, model, items):
            items = [item for item in items if self.backend.accepts(item)]
            if items:
                keys = document_keys(items)  # the chunk's facet values at once
                for item in items:
                    item.search_facet_keys = keys.get(item.pk)
                with indexing.prepared(model, items):
                    super().add_items(model, items)

    class QueryCompiler(base.query_compiler_class):
        mapping_class = Mapping

        def _remap_fields(self, fields):
            """Words searched without a field list go to the catch-all field alone."""
            if fields:
                return super()._remap_fields(fields)
            return [Field(ALL_TEXT)]

    class AutocompleteCompiler(base.autocomplete_query_compiler_class):
        mapping_class = Mapping

    class AnalyzedBackend(base):
        mapping_class = Mapping
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler
        client_class = staticmethod(shared_clients(base.client_class))
        basic_rebuilder_class = merged_rebuilder(base.basic_rebuilder_class)
        atomic_rebuilder_class = merged_rebuilder(base.atomic_rebuilder_class)
        keeps_pending_updates = True

        def __init__(self, params):
            params = dict(params)
            self.language = language_of(params.pop("LANGUAGE", "fr"))
            self.only_language = params.pop("ONLY_LANGUAGE", False)
            analysis = ENGLISH if self.language == "en" else FRENCH
            params["INDEX_SETTINGS"] = deep_update(
                {"settings": {"analysis": analysis}}, params.get("INDEX_SETTINGS", {})
            )
            if base.client_class.__module__.startswith("opensearchpy"):
                # Hits and counts are asked at the same time: opensearch-py keeps one open
                # connection unless told (the Elasticsearch client keeps ten).
                params["OPTIONS"] = {"pool_maxsize": POOL_SIZE, **params.get("OPTIONS", {})}
            super().__init__(params)

        def add(self, obj, queue=True):
            try:
                super().add(obj)
            except Exception:
                if queue:
                    indexing.remember(self, obj)
                raise
            if queue:
                indexing.replay(self, limit=indexing.REPLAY_AFTER_SUCCESS)

        def delete(self, obj, queue=True):
            try:
                super().delete(obj)
            except Exception:
                if queue:
                    indexing.remember(self, obj)
                raise

        def accepts(self, obj):
            if not self.only_language:
                return True
            locale = getattr(obj, "locale", None) if getattr(obj, "locale_id", None) else None
            return language_of(locale.language_code if locale else "fr") == self.language

        def ranked_ids(self, results, size):
            """The first ``size`` primary keys of ``results`` (autocomplete), best first, in one
            request for the ids only (modelsearch would load the objects from the database)."""
            params = {
                "index": self.get_index_for_model(results.query_compiler.queryset.model).name,
                "_source": False,
                results.fields_param_name: "pk",
                "size": size,
                "filter_path": ["hits.hits.fields.pk"],
            }
            page = results._backend_do_search(results._get_es_body(), **params)
            return [int(hit["fields"]["pk"][0]) for hit in page.get("hits", {}).get("hits", [])]

        def faceted_search(
            self, results, facets, selections, hidden, start, size, by_date=False, only=None
        ):
            """Ask the counts in the background, then the page of hits; return the search.
            ``selections``: {facet: selected keys}; ``hidden``: ids readers may not see;
            ``by_date``: newest first, not by relevance; ``only``: ids to keep (or None)."""
            query = results._get_es_body()["query"]
            if hidden or only is not None:
                limits = {"must": [query]}
                if hidden:
                    limits["must_not"] = [{"terms": {"pk": [str(pk) for pk in hidden]}}]
                if only is not None:
                    limits["filter"] = [{"terms": {"pk": [str(pk) for pk in only]}}]
                query = {"bool": limits}
            model = results.query_compiler.queryset.model
            hits_shape = {
                "_source": False,
                results.fields_param_name: "pk",
                "size": size,
                **({"sort": self._newest_first(model)} if by_date else {}),
            }
            index = self.get_index_for_model(model).name
            search = FacetedSearch(self, index, query, facets, selections, hits_shape)
            search.ask_counts()
            return search.ask_hits(start)

        def _newest_first(self, model):
            """Sort clauses for "newest first": publication date, then id, both descending."""
            mapping = self.mapping_class(model)
            fields = {
                field.field_name: mapping.get_field_column_name(field)
                for field in model.get_filterable_search_fields()
            }
            date = fields[DATE_FIELD]
            return [{date: {"order": "desc", "missing": "_last"}}, {fields["id"]: "desc"}]

    AnalyzedBackend.__name__ = f"Analyzed{base.__name__}"
    return AnalyzedBackend
