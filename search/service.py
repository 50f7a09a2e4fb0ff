"""Library search: the library query (``resources.library``) with words, shared by the page and
the API.

On the database backends the words are a subquery of the full-text index (SQLite FTS5,
PostgreSQL) and the facets are counted in SQL; on OpenSearch/Elasticsearch the engine returns
the page of hits and counts the facets with its aggregations. Facets are disjunctive: values of
one facet combine with OR, facets combine with AND, and each facet is counted with every filter
but its own.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelsearch.backends import get_search_backend

from resources.library import (
    FACETS,
    PERIODS,
    LibraryQuery,
    filters_from,
    hidden_items,
    load_cards,
    visible_items,
)
from resources.localization import active_locale
from resources.models import LibraryPage
from search.analysis import active_language, analyze_query, excerpt
from search.backends.engines import IDS_PER_REQUEST as ENGINE_WINDOW
from search.backends.engines import EngineRequestError
from search.compat import provide_pypi_events
from search.documents import attach_document_matches
from search.texts import ItemText, read_bodies

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
PER_PAGE = 12
SORTS = {"relevance": _("Relevance"), "date": _("Newest first")}


class SearchUnavailable(Exception):
    """The search engine did not answer (down, timing out or refusing the request)."""


def _engine_errors():
    provide_pypi_events()  # before opensearch-py is imported
    from elastic_transport import TransportError
    from elasticsearch import ApiError
    from opensearchpy.exceptions import OpenSearchException

    clients = (OpenSearchException, ApiError, TransportError)  # what the engine clients raise
    return (ConnectionError, TimeoutError, EngineRequestError, *clients)


ENGINE_ERRORS = _engine_errors()


@contextmanager
def engine_answering():
    """Turn the engine's failures (down, timing out, refusing) into ``SearchUnavailable``."""
    try:
        yield
    except ENGINE_ERRORS as error:
        logger.warning("Search engine unavailable: %r", error)
        raise SearchUnavailable from error


def backend_for(language: str) -> str:
    """The search backend for readers of ``language`` (an engine has one for English)."""
    if language == "en" and "en" in settings.WAGTAILSEARCH_BACKENDS:
        return "en"
    return "default"


def clean_query(raw: str) -> str:
    """Printable characters only, whitespace collapsed, at most MAX_QUERY_LENGTH characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def _positive_int(value):
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) < 12:
        return int(value)
    return None


@dataclass
class SearchParams:
    query: str = ""
    filters: dict = field(default_factory=dict)  # facet -> list of valid values (str)
    sort: str = "relevance"
    period: str = ""
    page: str = "1"

    @classmethod
    def from_querydict(cls, data: QueryDict):
        params = cls(query=clean_query(data.get("q", "")), filters=filters_from(data))
        sort = data.get("sort", "")
        params.sort = sort if sort in SORTS else ("relevance" if params.query else "date")
        period = data.get("period", "")
        params.period = period if period in PERIODS else ""
        params.page = data.get("page", "1")
        return params

    def querydict(self, *, without=None, add=None, page=None) -> QueryDict:
        """These parameters as a query string, minus ``without``/plus ``add`` (facet, value)."""
        data = QueryDict(mutable=True)
        if self.query:
            data["q"] = self.query
        for name in FACETS:
            for value in self.filters.get(name, []):
                if (name, value) != without:
                    data.appendlist(name, value)
        if add and add[1] not in self.filters.get(add[0], []):
            data.appendlist(*add)
        if self.sort != ("relevance" if self.query else "date"):
            data["sort"] = self.sort
        if self.period:
            data["period"] = self.period
        if page and page != 1:
            data["page"] = str(page)
        return data


class DatabaseWords:
    """The words on a database backend: the full-text index's matches as a subquery."""

    def __init__(self, results):
        self.compiler = results.query_compiler

    @property
    def ids(self):
        return self.compiler.matching_entries().values("page_id")

    def exists(self):
        return self.compiler.matching_entries().exists()

    def scored(self):
        """(page_id, score) of every match, lower scores first in rank."""
        return self.compiler.matching_entries(scored=True).values("page_id", "score")

    def ranked(self, items, start, stop):
        """Ids of the matches among ``items``, best first (the backend's own ranking)."""
        found = self.compiler.matching_entries(scored=True)
        found = found.filter(page_id__in=items.values("pk")).order_by("score", "-page_id")
        return list(found.values_list("page_id", flat=True)[start:stop])


class LibrarySearch:
    """Run a search for the active locale: a page of results, their excerpts and the facets."""

    def __init__(self, params: SearchParams, locale=None):
        self.params = params
        self.locale = locale or active_locale()
        self.language = active_language()
        self.partial = False

    @cached_property
    def terms(self):
        """The query's index terms, analysed once for the whole search."""
        return analyze_query(self.params.query, self.language) if self.params.query else []

    def _words(self, base, operator):
        """modelsearch results for the words (not evaluated), on the reader's backend."""
        return base.search(
            self.params.query,
            operator=operator,
            order_by_relevance=True,
            backend=backend_for(self.language),
        )

    def _query(self, words):
        params = self.params
        order = "relevance" if words is not None and params.sort == "relevance" else "date"
        return LibraryQuery(
            self.locale, params.filters, period=params.period, words=words, order=order
        )

    def run(self):
        params = self.params
        backend = get_search_backend(backend_for(self.language))
        if params.query and hasattr(backend, "faceted_search"):
            return self._run_on_engine(backend)
        base = LibraryPage.objects.filter(locale=self.locale)
        words = DatabaseWords(self._words(base, "and")) if params.query else None
        self.query = query = self._query(words)
        start = self._page_start()
        window = (start, start + PER_PAGE)
        counts = query.counts(window)
        if not counts["total"] and len(self.terms) > 1 and not words.exists():
            some = DatabaseWords(self._words(base, "or"))  # no item has all the words: any
            self.partial = some.exists()
            if self.partial:
                self.query = query = self._query(some)
                counts = query.counts(window)
        self.count = counts["total"]
        page = query.page(params.page, PER_PAGE, total=self.count, ranked=counts.get("page"))
        self.page = self._with_items(page)
        self.facets = query.facets(counts)
        return self

    @cached_property
    def selected(self):
        """The selected values, with the label of their facet."""
        return [
            {"facet": facet["name"], "facet_label": facet["label"], **bucket}
            for facet in self.facets
            for bucket in facet["buckets"]
            if bucket["selected"]
        ]

    def _page_start(self):
        return ((_positive_int(self.params.page) or 1) - 1) * PER_PAGE

    def _run_on_engine(self, backend):
        """Hits, total and facet counts from the engine (aggregations), by relevance or newest
        first, within an event period if one is chosen."""
        self.query = query = self._query(None)
        selections = {name: chosen.keys for name, chosen in query.selected.items()}
        base = LibraryPage.objects.filter(locale=self.locale, live=True)
        hidden = hidden_items(self.locale, query.version)
        only = None
        if self.params.period:
            only = list(query.base().values_list("pk", flat=True))
        by_date = self.params.sort == "date"

        def ask(operator, start):
            results = self._words(base, operator)
            return backend.faceted_search(
                results, FACETS, selections, hidden, start, PER_PAGE, by_date, only
            )

        def shown(found):
            """The hits readers may see now (the engine's index follows the database within a
            second) and their cards, read while the engine is still counting."""
            visible = visible_items(self.locale).filter(pk__in=found.pks)
            visible = set(visible.values_list("pk", flat=True)) if found.pks else set()
            pks = [pk for pk in found.pks if pk in visible]
            return found.pks, pks, load_cards(pks, query.taxonomy)

        start = min(self._page_start(), ENGINE_WINDOW - PER_PAGE)
        with engine_answering():
            found = ask("and", start)
            cards = shown(found)
            answer = found.counted()
            if not answer.total and len(self.terms) > 1 and not answer.matched:
                found = ask("or", start)
                answer = found.counted()
                self.partial = bool(answer.total or answer.matched)
            total = answer.total
            if total and start >= total:  # past the last page: show the last one
                start = (total - 1) // PER_PAGE * PER_PAGE
                found.ask_hits(start)
        if cards[0] != found.pks:  # other hits than those read ahead
            cards = shown(found)
        self.count = total
        paginator = Paginator(_Shown(min(total, ENGINE_WINDOW), start, cards[1]), PER_PAGE)
        self.page = self._with_items(paginator.get_page(start // PER_PAGE + 1), cards[2])
        counts = {name: answer.counts.get(name, {}) for name in FACETS}
        self.facets = query.facets(counts)
        return self

    def _with_items(self, page, items=None):
        """The page with its items (card data, themes; loaded unless given) and excerpts."""
        if items is None:
            items = load_cards(list(page.object_list), self.query.taxonomy)
        texts = {
            item.pk: ItemText(item.title, item.summary, getattr(item, "document_id", None))
            for item in items
        }
        self._attach_excerpts(items, texts, {item.pk: item for item in items})
        page.object_list = items
        return page

    def _attach_excerpts(self, items, texts, loaded):
        terms, language = self.terms, self.language
        for item in items:
            item.excerpt = excerpt(texts[item.pk].summary, terms, language) if terms else ""
        needed = {
            item.pk: texts[item.pk]
            for item in items
            if terms and (not item.excerpt or texts[item.pk].document_id)
        }
        read_bodies(needed, loaded)
        for item in items:
            if terms and not item.excerpt:
                item.excerpt = excerpt(texts[item.pk].body, terms, language)
        # Dossiers matched through their PDF: which page, with a link and an excerpt.
        attach_document_matches(items, terms, language, texts)


class _Shown:
    """An engine's page of hits as the paginator sees the whole list."""

    def __init__(self, total, start, pks):
        self.total, self.start, self.pks = total, start, pks

    def __len__(self):
        return self.total

    def __getitem__(self, part):
        return self.pks[(part.start or 0) - self.start : (part.stop or self.total) - self.start]
