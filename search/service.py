"""Library search: one query, disjunctive facets and pagination, shared by the page and the API.

The engine (database, OpenSearch or Elasticsearch) only answers "which items match these words,
best first". Filters and facet counts are computed with the ORM over those ids, so they work the
same on every backend and have no bucket limit. Facets are disjunctive: values of one facet
combine with OR, facets combine with AND, and each facet is counted with every filter applied
except its own, so its other values stay visible with the number they would give.
"""

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from resources.localization import localize_all
from resources.models import (
    Audience,
    ConceptPage,
    DossierPage,
    LibraryPage,
    NewsPage,
    Organisation,
    ProjectPage,
    Territory,
    ThemePage,
)
from resources.models.pages import attach_card_themes, library_items, with_card_data
from resources.models.snippets import LibraryPageTag, LibraryTag
from search.analysis import active_language, analyze_query, excerpt
from search.compat import provide_pypi_events
from search.documents import attach_document_matches
from search.matching import RankedPks, match

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_VALUES_PER_FACET = 20
PER_PAGE = 12
FACETS = ("type", "theme", "tag", "territory", "organisation", "audience", "year")
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
    errors = [ConnectionError, TimeoutError]
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


def backend_for(language: str) -> str:
    """The search backend for readers of ``language`` (an engine has one for English)."""
    if language == "en" and "en" in settings.WAGTAILSEARCH_BACKENDS:
        return "en"
    return "default"


def item_types():
    from events.models import EventPage

    models = [ProjectPage, DossierPage, ConceptPage, NewsPage, EventPage]
    return {model._meta.model_name.removesuffix("page"): model for model in models}


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


def _through_ids(through, column, values):
    return through.objects.filter(**{f"{column}__in": values}).values("librarypage_id")


def _translation_keys(model, values):
    ids = [pk for pk in (_positive_int(v) for v in values) if pk is not None]
    return list(model.objects.filter(pk__in=ids).values_list("translation_key", flat=True))


def territory_tree():
    """{id: (name, kind, parent_id)} for every territory (a small reference table)."""
    return {
        pk: (name, kind, parent)
        for pk, name, kind, parent in Territory.objects.values_list("pk", "name", "kind", "parent")
    }


def _with_descendants(ids, tree):
    children = defaultdict(list)
    for pk, (_name, _kind, parent) in tree.items():
        if parent:
            children[parent].append(pk)
    found, todo = set(), list(ids)
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children[pk])
    return found


def _with_ancestors(pk, tree):
    seen = []
    while pk and pk in tree and pk not in seen:
        seen.append(pk)
        pk = tree[pk][2]
    return seen


class LibrarySearch:
    """Run a search for the active locale and compute facets, a page of results and excerpts."""

    def __init__(self, params: SearchParams, locale=None):
        self.params = params
        self.locale = locale or Locale.get_active()
        self.language = active_language()
        self.types = item_types()
        self._tree = None
        self.partial = False

    @property
    def tree(self):
        if self._tree is None:
            self._tree = territory_tree()
        return self._tree

    # Filters -----------------------------------------------------------------------------
    def facet_filter(self, name, values):
        """A Q on LibraryPage for one facet's selected values (OR), or None if none is valid."""
        through = LibraryPage.themes.through
        if name == "type":
            models = [self.types[v] for v in values if v in self.types]
            if not models:
                return None
            from django.contrib.contenttypes.models import ContentType

            cts = ContentType.objects.get_for_models(*models).values()
            return Q(content_type__in=list(cts))
        if name == "theme":
            keys = _translation_keys(ThemePage, values)
            if not keys:
                return None
            return Q(pk__in=_through_ids(through, "themepage__translation_key", keys))
        if name == "tag":
            slugs = list(LibraryTag.objects.filter(slug__in=values).values_list("slug", flat=True))
            if not slugs:
                return None
            tagged = LibraryPageTag.objects.filter(tag__slug__in=slugs)
            return Q(pk__in=tagged.values("content_object_id"))
        if name == "territory":
            ids = {pk for pk in (_positive_int(v) for v in values) if pk in self.tree}
            if not ids:
                return None
            through = LibraryPage.territories.through
            wanted = _with_descendants(ids, self.tree)
            return Q(pk__in=_through_ids(through, "territory_id", wanted))
        if name == "organisation":
            keys = _translation_keys(Organisation, values)
            through = LibraryPage.organisations.through
            if not keys:
                return None
            return Q(pk__in=_through_ids(through, "organisation__translation_key", keys))
        if name == "audience":
            keys = _translation_keys(Audience, values)
            through = LibraryPage.audiences.through
            if not keys:
                return None
            return Q(pk__in=_through_ids(through, "audience__translation_key", keys))
        if name == "year":
            years = [y for y in (_positive_int(v) for v in values) if y and 1900 < y < 3000]
            return Q(publication_date__year__in=years) if years else None
        return None

    def base_queryset(self):
        items = library_items(self.locale)
        if self.params.period:
            now = timezone.now()
            upcoming = Q(eventpage__ends_at__gte=now) | Q(
                eventpage__ends_at__isnull=True, eventpage__starts_at__gte=now
            )
            past = Q(eventpage__ends_at__lt=now) | Q(
                eventpage__ends_at__isnull=True, eventpage__starts_at__lt=now
            )
            items = items.filter(upcoming if self.params.period == "upcoming" else past)
        return items

    def matched(self):
        """The items matching the words (``search.matching``), or None: no words, everything."""
        if not self.params.query:
            return None
        # The engine only filters on the locale (an indexed FilterField); live, public, not an
        # alias and the event period are applied with the ORM on what it matched.
        base = LibraryPage.objects.filter(locale=self.locale)
        try:
            found = self._engine_match(base, "and")
            if len(analyze_query(self.params.query, self.language)) > 1 and not found.exists():
                found = self._engine_match(base, "or")
                self.partial = found.exists()
        except ENGINE_ERRORS as error:
            logger.warning("Search engine unavailable: %r", error)
            raise SearchUnavailable from error
        return found

    def _engine_match(self, base, operator):
        results = base.search(
            self.params.query,
            operator=operator,
            order_by_relevance=True,
            backend=backend_for(self.language),
        )
        return match(results)

    # Running -------------------------------------------------------------------------------
    def run(self):
        params = self.params
        self.filters = {}
        for name in FACETS:
            values = params.filters.get(name)
            if values:
                condition = self.facet_filter(name, values)
                if condition is not None:
                    self.filters[name] = condition
        found = self.matched()
        base = self.base_queryset()
        if found is not None:
            base = base.filter(pk__in=found.pks())
        self.base = base
        results = base
        for condition in self.filters.values():
            results = results.filter(condition)
        # Counted in the database; only the keys of the page shown are fetched, then loaded.
        self.count = results.count()
        if found is not None and params.sort == "relevance":

            def fetch(start, stop):
                return found.ranked(results, start, stop)

        else:
            newest = results.order_by("-publication_date", "-pk").values_list("pk", flat=True)

            def fetch(start, stop):
                return list(newest[start:stop])

        self.page = self._paginate(RankedPks(self.count, fetch))
        self.facets = self.compute_facets()
        return self

    def _paginate(self, ordered):
        paginator = Paginator(ordered, PER_PAGE)
        number = _positive_int(self.params.page) or 1
        page = paginator.page(min(max(number, 1), paginator.num_pages))
        keys = list(page.object_list)
        loaded = {}
        if keys:
            loaded = {
                item.pk: item for item in with_card_data(LibraryPage.objects.filter(pk__in=keys))
            }
        items = attach_card_themes(loaded[pk] for pk in keys if pk in loaded)
        self._attach_excerpts(items)
        page.object_list = items
        return page

    def _attach_excerpts(self, items):
        if not items:
            return
        terms = analyze_query(self.params.query, self.language) if self.params.query else []
        bodies = {}
        if terms:
            body_field = LibraryPage._meta.get_field("body")
            for pk, body in LibraryPage.objects.filter(
                pk__in=[item.pk for item in items]
            ).values_list("pk", "body"):
                value = body_field.to_python(body)
                texts = body_field.get_searchable_content(value)
                bodies[pk] = " ".join(str(text) for text in texts)
        for item in items:
            item.excerpt = ""
            if terms:
                item.excerpt = excerpt(item.summary, terms, self.language) or excerpt(
                    bodies.get(item.pk, ""), terms, self.language
                )
        # Dossiers matched through their PDF: which page, with a link and an excerpt.
        attach_document_matches(items, terms, self.language, bodies)

    # Facets --------------------------------------------------------------------------------
    def ids_for_facet(self, name):
        """Result ids with every filter but this facet's own."""
        items = self.base
        for other, condition in self.filters.items():
            if other != name:
                items = items.filter(condition)
        return items.values("pk")

    def compute_facets(self):
        facets = []
        for name in FACETS:
            selected = set(self.params.filters.get(name, []))
            buckets = getattr(self, f"_count_{name}")(self.ids_for_facet(name))
            # A valid selected value with no result left still shows, so it can be removed.
            present = {value for value, _label, _count in buckets}
            if name in self.filters:
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
        self.selected = [
            {"facet": facet["name"], "facet_label": facet["label"], **bucket}
            for facet in facets
            for bucket in facet["buckets"]
            if bucket["selected"]
        ]
        return facets

    @staticmethod
    def _sorted(buckets):
        return sorted(buckets, key=lambda b: (-b[2], str(b[1]).lower()))

    def _count_type(self, ids):
        from django.contrib.contenttypes.models import ContentType

        counts = dict(
            LibraryPage.objects.filter(pk__in=ids)
            .order_by()
            .values_list("content_type")
            .annotate(n=Count("pk"))
            .values_list("content_type", "n")
        )
        cts = ContentType.objects.get_for_models(*self.types.values())
        by_ct = {cts[model].pk: (key, model) for key, model in self.types.items()}
        return self._sorted(
            [
                (by_ct[ct][0], by_ct[ct][1]._meta.verbose_name_plural, n)
                for ct, n in counts.items()
                if ct in by_ct
            ]
        )

    def _count_translatable(self, through, column, model, ids):
        rows = (
            through.objects.filter(librarypage_id__in=ids)
            .order_by()
            .values_list(f"{column}__translation_key")
            .annotate(n=Count("librarypage_id", distinct=True))
        )
        counts = dict(rows)
        if not counts:
            return []
        objects = {}
        for obj in model.objects.filter(translation_key__in=counts).order_by("pk"):
            if obj.translation_key not in objects or obj.locale_id == self.locale.pk:
                objects[obj.translation_key] = obj
        mapping = localize_all(objects.values())
        buckets = []
        for key, n in counts.items():
            if key in objects:
                shown = mapping.get(objects[key], objects[key])
                label = shown.title if isinstance(shown, ThemePage) else shown.name
                buckets.append((str(shown.pk), label, n))
        return self._sorted(buckets)

    def _count_theme(self, ids):
        return self._count_translatable(LibraryPage.themes.through, "themepage", ThemePage, ids)

    def _count_organisation(self, ids):
        return self._count_translatable(
            LibraryPage.organisations.through, "organisation", Organisation, ids
        )

    def _count_audience(self, ids):
        return self._count_translatable(LibraryPage.audiences.through, "audience", Audience, ids)

    def _count_tag(self, ids):
        rows = (
            LibraryPageTag.objects.filter(content_object_id__in=ids)
            .order_by()
            .values_list("tag")
            .annotate(n=Count("content_object_id", distinct=True))
        )
        counts = dict(rows)
        tags = LibraryTag.objects.filter(pk__in=counts)
        return self._sorted([(tag.slug, tag.label, counts[tag.pk]) for tag in tags])

    def _count_territory(self, ids):
        # Counted per territory in the database, then carried up to its ancestors. An item
        # linked to several territories of one branch would be counted twice there: the few
        # such items are fetched (second query) and counted once per ancestor.
        links = LibraryPage.territories.through.objects.filter(librarypage_id__in=ids).order_by()
        counts = Counter()
        for territory_id, n in links.values_list("territory_id").annotate(n=Count("pk")):
            for pk in _with_ancestors(territory_id, self.tree):
                counts[pk] += n
        several = links.values("librarypage_id").annotate(n=Count("pk")).filter(n__gt=1)
        per_item = defaultdict(list)
        for page_id, territory_id in links.filter(
            librarypage_id__in=several.values("librarypage_id")
        ).values_list("librarypage_id", "territory_id"):
            per_item[page_id].append(territory_id)
        for territories in per_item.values():
            reached = Counter(pk for pk_ in territories for pk in _with_ancestors(pk_, self.tree))
            for pk, times in reached.items():
                counts[pk] -= times - 1
        kinds = dict(Territory.Kind.choices)
        return self._sorted(
            [
                (str(pk), f"{self.tree[pk][0]} ({kinds.get(self.tree[pk][1], '')})", n)
                for pk, n in counts.items()
            ]
        )

    def _count_year(self, ids):
        rows = (
            LibraryPage.objects.filter(pk__in=ids)
            .annotate(year=ExtractYear("publication_date"))
            .order_by()
            .values_list("year")
            .annotate(n=Count("pk"))
        )
        return sorted(((str(y), str(y), n) for y, n in rows), key=lambda b: b[0], reverse=True)
