"""Library search: one query, disjunctive facets and pagination, shared by the page and the API.

The engine (database, OpenSearch or Elasticsearch) only answers "which items match these words,
best first". Filters, facet counts and the "newest first" order come from the in-memory facet
sets of ``search.facets`` (bitsets, no query), so they work the same on every backend and have no
bucket limit. Facets are disjunctive: values of one facet
combine with OR, facets combine with AND, and each facet is counted with every filter applied
except its own, so its other values stay visible with the number they would give.
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

from resources.localization import active_locale
from resources.models import LibraryPage
from resources.models.pages import item_types, results_with_card_data
from search.analysis import active_language, analyze_query, excerpt
from search.backends.engines import IDS_PER_REQUEST as ENGINE_WINDOW
from search.backends.engines import EngineRequestError
from search.cards import attach_theme_titles, cards_for
from search.compat import provide_pypi_events
from search.documents import attach_document_matches
from search.facets import FACETS, database_key, facet_index, positions_in
from search.kept import KeptResults
from search.matching import RankedPks, match
from search.texts import item_texts, read_bodies

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 20
PER_PAGE = 12
FACET_LABELS = {
    "type": _("Type"),
    "theme": _("Theme"),
    "tag": _("Tag"),
    "territory": _("Territory"),
    "organisation": _("Organisation"),
    "audience": _("Audience"),
    "year": _("Year"),
}
SORTS = {"relevance": _("Relevance"), "date": _("Newest first")}
PERIODS = {"upcoming": _("Upcoming events"), "past": _("Past events")}


class SearchUnavailable(Exception):
    """The search engine did not answer (down, timing out or refusing the request)."""


def _engine_errors():
    errors = [ConnectionError, TimeoutError, EngineRequestError]
    provide_pypi_events()
    try:
        from opensearchpy.exceptions import OpenSearchException

        errors.append(OpenSearchException)
    except ImportError:  # pragma: no cover
        pass
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [ApiError, TransportError]
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


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
        params = cls(query=clean_query(data.get("q", "")))
        for name in FACETS:
            values = []
            for value in data.getlist(name)[:MAX_VALUES_PER_FACET]:
                value = "".join(ch for ch in value[:100] if ch.isprintable()).strip()
                if value and value not in values:
                    values.append(value)
            if values:
                params.filters[name] = values
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


recent_matches = KeptResults(16)


class ShownResult:
    """A result on the search page: its rendered card, and its texts for the excerpt."""

    def __init__(self, pk, card):
        self.pk = self.id = pk
        self.card = card.html
        self.title, self.summary = card.text.title, card.text.summary


class LibrarySearch:
    """Run a search for the active locale and compute facets, a page of results and excerpts."""

    def __init__(self, params: SearchParams, locale=None, cards=False):
        """``cards``: the page of results is made of ``ShownResult`` with their rendered cards
        (``search.cards``); otherwise of the pages themselves, with their card data."""
        self.params = params
        self.cards = cards
        self.locale = locale or active_locale()
        self.language = active_language()
        self.partial = False
        self._loaded = {}  # pages loaded ahead (``_load_ahead``)

    @cached_property
    def terms(self):
        """The query's index terms, analysed once for the whole search."""
        return analyze_query(self.params.query, self.language) if self.params.query else []

    def matched(self):
        """The items matching the words (``search.matching``), or None: no words, everything."""
        if not self.params.query:
            return None
        # The engine only filters on the locale (an indexed FilterField); live, public, not an
        # alias and the event period come from the facet index, which only holds such items.
        base = LibraryPage.objects.filter(locale=self.locale)
        with engine_answering():
            found = self._engine_match(base, "and")
            if len(self.terms) > 1 and not found.exists():
                found = self._engine_match(base, "or")
                self.partial = found.exists()
        return found

    def _words(self, base, operator):
        """modelsearch results for the words (not evaluated), on the reader's backend."""
        return base.search(
            self.params.query,
            operator=operator,
            order_by_relevance=True,
            backend=backend_for(self.language),
        )

    def _kept_share(self):
        """The part of the library the selections and the period keep (1: no filter)."""
        return self.filtered.bit_count() / max(self.index.everything.bit_count(), 1)

    def _engine_match(self, base, operator):
        scored = self.params.sort == "relevance"
        results = self._words(base, operator)
        if hasattr(results.backend, "faceted_search"):
            # A search engine's index follows the database up to a second late: its match is
            # not kept, it could miss what was just published under the new version token.
            return match(results, self.index, scored=scored)
        share = self._kept_share()
        key = (
            self.index.token,
            *database_key(),
            self.locale.pk,
            backend_for(self.language),
            tuple(self.terms),
            operator,
            scored,
        )
        return recent_matches.get(
            key, lambda: match(results, self.index, scored=scored, kept_share=share)
        )

    # Running -------------------------------------------------------------------------------
    def run(self):
        params = self.params
        index = self.index = facet_index(self.locale)
        # Selected values that exist, per facet; a facet whose values are all unknown is ignored.
        self.keys = {}
        for name in FACETS:
            keys = index.resolve(name, params.filters.get(name, []))
            if keys:
                self.keys[name] = keys
        backend = get_search_backend(backend_for(self.language))
        if (
            params.query
            and hasattr(backend, "faceted_search")
            and self._page_start() + PER_PAGE <= ENGINE_WINDOW
        ):
            return self._run_on_engine(backend)
        self.selections = {name: index.selection(name, keys) for name, keys in self.keys.items()}
        # What the period and the selections keep, before the words.
        scope = index.everything
        if params.period:
            scope &= index.period_bits(params.period)
        filtered = scope
        for bits in self.selections.values():
            filtered &= bits
        self.filtered = filtered
        found = self.matched()
        self.base, results = scope, filtered
        if found is not None:
            words = found.bits(index.size)
            self.base, results = scope & words, filtered & words
        self.count = results.bit_count()
        if found is not None and params.sort == "relevance":

            def fetch(start, stop):
                return index.pks_at(found.best(results, stop)[start:stop])

        else:

            def fetch(start, stop):
                return index.pks_at(positions_in(results, start, stop))

        self.page = self._paginate(RankedPks(self.count, fetch))
        self._facets_later = lambda: self.compute_facets(self._bitset_counts)
        return self

    @cached_property
    def facets(self):
        """Each facet with its values and counts."""
        return self._facets_later()

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
        """Hits, total and facet counts from the engine (aggregations, no id list), by
        relevance or newest first, within an event period if one is chosen.

        The engine counts while the hits' cards are loaded (``_load_ahead``)."""
        index = self.index
        selections = {name: [str(key) for key in keys] for name, keys in self.keys.items()}
        base = LibraryPage.objects.filter(locale=self.locale, live=True)
        only = None
        if self.params.period:
            only = [index.pks[at] for at in index.period_positions(self.params.period)]
        by_date = self.params.sort == "date"

        def ask(operator, start):
            results = self._words(base, operator)
            return backend.faceted_search(
                results, FACETS, selections, index.hidden, start, PER_PAGE, by_date, only
            )

        start = self._page_start()
        with engine_answering():
            found = ask("and", start)
            self._load_ahead(found.pks)
            answer = found.counted()
            if not answer.total and len(self.terms) > 1 and not answer.matched:
                found = ask("or", start)
                self._load_ahead(found.pks)
                answer = found.counted()
                self.partial = bool(answer.total or answer.matched)
            total = answer.total
            if total and start >= total:  # past the last page: show the last one
                start = (total - 1) // PER_PAGE * PER_PAGE
                found.ask_hits(start)
        # The engine's index follows the database within a second; the facet index is exact.
        shown = [pk for pk in found.pks if pk in index.position]
        self.count = total
        self.page = self._paginate(RankedPks(total, lambda a, b: shown[a - start : b - start]))

        counts = {
            name: {
                key: count
                for text, count in answer.counts.get(name, {}).items()
                if (key := index.key_of(name, text)) is not None
            }
            for name in FACETS
        }
        self._facets_later = lambda: self.compute_facets(counts.__getitem__)
        return self

    def _load_ahead(self, pks):
        """Load an engine's hits (their cards, or the pages) while it is still counting:
        ``_paginate`` then finds them loaded."""
        pks = [pk for pk in pks if pk in self.index.position]
        if self.cards:
            cards_for(pks, *self._card_context())
        else:
            self._loaded.update(self._load_pages(pks))

    def _load_pages(self, pks):
        """{pk: page with its card data} of the library items ``pks`` (one query per type)."""
        if not pks:
            return {}
        return {item.pk: item for item in results_with_card_data(pks, self._types_of(pks))}

    def _bitset_counts(self, name):
        """{key: count} of a facet, under every selection but its own."""
        scope = self.base
        for other, bits in self.selections.items():
            if other != name:
                scope &= bits
        return {key: (scope & bits).bit_count() for key, bits in self.index.values[name].items()}

    def _paginate(self, ordered):
        paginator = Paginator(ordered, PER_PAGE)
        number = _positive_int(self.params.page) or 1
        page = paginator.page(min(max(number, 1), paginator.num_pages))
        keys = list(page.object_list)
        loaded = {}
        if self.cards:
            cards = cards_for(keys, *self._card_context())
            texts = {pk: card.text for pk, card in cards.items()}
            shown = {pk: ShownResult(pk, card) for pk, card in cards.items()}
        else:
            ahead = self._loaded
            loaded = {pk: ahead[pk] for pk in keys if pk in ahead}
            loaded |= self._load_pages([pk for pk in keys if pk not in ahead])
            texts = item_texts(list(loaded), loaded)
            attach_theme_titles(loaded.values(), self.index)
            shown = loaded
        items = [shown[pk] for pk in keys if pk in shown]  # (a page deleted since is not)
        self._attach_excerpts(items, texts, loaded)
        page.object_list = items
        return page

    def _card_context(self):
        return self.language, self.index, self._types_of

    def _types_of(self, pks):
        """The item types among ``pks``: the facet index holds each type's items."""
        wanted = 0
        for pk in pks:
            if (at := self.index.position.get(pk)) is not None:
                wanted |= 1 << at
        types = item_types()
        return [types[key] for key, bits in self.index.values["type"].items() if bits & wanted]

    def _attach_excerpts(self, items, texts, loaded):
        terms, language = self.terms, self.language
        for item in items:
            item.excerpt = excerpt(texts[item.pk].summary, terms, language) if terms else ""
        # Bodies are read only where they are needed: no term in the summary, or a dossier
        # whose PDF may hold the terms its own text lacks.
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

    # Facets --------------------------------------------------------------------------------
    def compute_facets(self, counts_of):
        """Each facet counted with every selection but its own (disjunctive facets)."""
        index, facets = self.index, []
        for name in FACETS:
            counts = counts_of(name)
            labels = index.labels(name)
            chosen = set(self.keys.get(name, []))
            buckets = []
            for key in chosen:
                counts.setdefault(key, 0)
            for key, count in counts.items():
                if (count or key in chosen) and key in labels:
                    value, label = labels[key]
                    buckets.append((value, label, count))
            if name == "year":
                buckets.sort(key=lambda b: b[0], reverse=True)
            else:
                buckets.sort(key=lambda b: (-b[2], str(b[1]).lower()))
            selected = set(self.params.filters.get(name, []))
            if name in self.keys:
                # A selected value with no result left still shows, so it can be removed.
                present = {value for value, _label, _count in buckets}
                buckets += [(value, value, 0) for value in selected if value not in present]
            facets.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "buckets": [
                        {
                            "value": value,
                            "label": label,
                            "count": count,
                            "selected": value in selected,
                        }
                        for value, label, count in buckets
                    ],
                }
            )
        return facets
