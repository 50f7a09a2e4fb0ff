"""The library query: what every listing of library items filters, counts and pages through.

The library index, tag and theme pages, the events index, the search page and its JSON API, the
feeds and the newsletter's agenda all ask ``LibraryQuery``, so a filter means the same thing
everywhere: a type (and its subtypes), a theme, organisation or audience by the id of any of its
translations, a tag by slug, a territory with everything below it, a publication year, an event
period. Facet counts are disjunctive (each facet counted under every other facet's selection),
in SQL: one statement for the unselected facets and the total, one per selected facet.

Words are not matched here: the search app passes a ``words`` object (``ids``: a subquery of
the matching page ids; ``ranked(items, start, stop)``: page ids best first) so that resources
stays the base of the apps.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

from resources.models import Audience, LibraryPage, Organisation, Territory, ThemePage
from resources.models.pages import item_types, results_with_card_data
from resources.models.snippets import LibraryPageTag, LibraryTag

# The facets a reader narrows by, in the order the search page shows them.
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
PERIODS = {"upcoming": _("Upcoming events"), "past": _("Past events")}
LIBRARY_VERSION = "library:version"
COUNTED = "counted"  # taxonomy's entry mapping linked rows' ids to facet keys
TAXONOMY_TIMEOUT = 300  # a per-process cache (local memory) catches up within this many seconds


def public_q():
    """Pages under no view restriction (none on them nor on an ancestor), as a subquery: no
    extra query, unlike ``PageQuerySet.public()`` which reads the restrictions first."""
    above = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(above)


def _visible(model, locale):
    return model.objects.filter(public_q(), live=True, locale=locale, alias_of__isnull=True)


def visible_items(locale):
    """Live, public library items of ``locale``, aliases left out."""
    return _visible(LibraryPage, locale)


def hidden_items(locale, version=None):
    """Ids of the live pages of ``locale`` no reader may find (aliases, pages under a view
    restriction): what an engine, which indexes every live page, must leave out of its hits and
    counts. Reading them checks every page of the locale, so they are kept in Django's cache
    until ``renew_library`` (the engine's hits are checked again in SQL before they are shown:
    a process whose local cache lags can miscount for a while, never show a hidden page)."""
    key = f"library:hidden:{version or library_version()}:{locale.pk}"
    found = cache.get(key)
    if found is None:
        hidden = Q(alias_of__isnull=False) | ~public_q()
        pages = Page.objects.filter(hidden, live=True, locale=locale).order_by()
        found = list(pages.values_list("pk", flat=True))
        cache.set(key, found, TAXONOMY_TIMEOUT)
    return found


def renew_library():
    """Forget what Django's cache keeps under the library's version (the taxonomy labels, and
    what other apps key with ``library_version``): something published, moved or edited."""
    cache.set(LIBRARY_VERSION, uuid.uuid4().hex, None)


def library_version():
    """The library's current version, a token renewed by ``renew_library``."""
    version = cache.get(LIBRARY_VERSION)
    if version is None:
        cache.add(LIBRARY_VERSION, uuid.uuid4().hex, None)
        version = cache.get(LIBRARY_VERSION, "")
    return version


def _uuid_text(value):
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _translatable(rows, locale_id):
    """{value: key} for every translation, and {key: (value, label)} in ``locale_id`` when it
    has the translation, else in any language."""
    keys, labels = {}, {}
    for pk, key, row_locale, label in rows:
        key = _uuid_text(key)
        keys[str(pk)] = key
        if key not in labels or row_locale == locale_id:
            labels[key] = (str(pk), label)
    return keys, labels


def _visible_themes(locale_id):
    """(id, translation key, locale, title) of the themes a reader of ``locale_id`` may see: the
    theme in that locale when it has one, live and public; otherwise any live, public
    translation."""
    shown = ThemePage.objects.annotate(public=public_q()).values_list(
        "pk", "translation_key", "locale_id", "title", "live", "public"
    )
    rows, local = [], {}
    for pk, key, row_locale, title, live, public in shown:
        rows.append((pk, key, row_locale, title, live and public))
        if row_locale == locale_id:
            local[key] = live and public
    return [row[:4] for row in rows if local.get(row[1], row[4]) and row[4]]


def _read_taxonomy(locale_id):
    taxonomy = {"theme": _translatable(_visible_themes(locale_id), locale_id)}
    for facet, model in (("organisation", Organisation), ("audience", Audience)):
        rows = model.objects.values_list("pk", "translation_key", "locale_id", "name")
        taxonomy[facet] = _translatable(rows, locale_id)
    tags = LibraryTag.objects.all()
    taxonomy["tag"] = (
        {tag.slug: tag.slug for tag in tags},
        {t.slug: (t.slug, t.label) for t in tags},
    )
    places = {str(pk): (str(pk), name) for pk, name in Territory.objects.values_list("pk", "name")}
    taxonomy["territory"] = ({value: value for value in places}, places)
    # The facets counted by the linked row's id: {facet: {id: key}}.
    counted = {name: taxonomy[name][0] for name in ("theme", "organisation", "audience")}
    counted["tag"] = {str(tag.pk): tag.slug for tag in tags}
    return {**taxonomy, COUNTED: counted}


def taxonomy(locale, fresh=False, version=None):
    """{facet: ({filter value: key}, {key: (value, label)})} for the taxonomy facets, in the
    active language; private or unpublished themes are left out. Kept in Django's cache until
    ``renew_library`` (Wagtail's and Django's signals, ``search.signals``)."""
    key = f"library:taxonomy:{version or library_version()}:{locale.pk}:{get_language()}"
    found = None if fresh else cache.get(key)
    if found is None:
        found = _read_taxonomy(locale.pk)
        cache.set(key, found, TAXONOMY_TIMEOUT)
    return found


def _ids(model, column, through_filter):
    return model.objects.filter(**through_filter).values(column)


@dataclass
class Selected:
    """A facet's selected values that exist, and the keys they stand for."""

    values: list
    keys: list


class LibraryQuery:
    """Items of a locale narrowed by filters (and words), with a page and facet counts."""

    def __init__(self, locale, filters=None, *, period="", words=None, order="date"):
        """``filters``: {facet: [values as in a query string]}; unknown values are ignored.
        ``order``: "date" (newest first), "relevance" (needs ``words``), "upcoming" or
        "past" (events by start)."""
        self.locale, self.period, self.words, self.order = locale, period, words, order
        self.version = library_version()  # read once: the taxonomy and hidden pages use it
        self.taxonomy = taxonomy(locale, version=self.version)
        self.selected = {}
        for name in FACETS:
            values = list(dict.fromkeys((filters or {}).get(name, [])))
            resolved = self._resolve(name, values)
            if resolved.keys:
                self.selected[name] = resolved

    def _resolve(self, facet, values):
        if facet == "type":
            known = item_types()
            found = [value for value in values if value in known]
            return Selected(found, found)
        if facet == "year":
            years = [v for v in values if v.isascii() and v.isdigit() and len(v) == 4]
            years = [year for year in years if 1900 < int(year) < 3000]
            return Selected(years, years)
        keys = self.taxonomy[facet][0]
        # A value made since this process cached the taxonomy (local-memory cache): read it
        # again, at most every few seconds whatever values are asked for.
        if any(value not in keys for value in values) and cache.add(
            f"library:taxonomy-reread:{self.locale.pk}", True, 5
        ):
            self.taxonomy = taxonomy(self.locale, fresh=True)
            keys = self.taxonomy[facet][0]
        found = [value for value in values if value in keys]
        return Selected(found, list(dict.fromkeys(keys[value] for value in found)))

    # Filtering ---------------------------------------------------------------------------
    def _selection_q(self, facet, keys):
        if facet == "type":
            types = item_types()
            return Q(content_type__in=_content_types([types[key] for key in keys]))
        if facet == "year":  # date ranges: SQLite runs ``__year`` in Python for each row
            found = Q(pk__in=[])
            for year in map(int, keys):
                start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
                found |= Q(publication_date__gte=start, publication_date__lt=end)
            return found
        if facet == "theme":
            links = LibraryPage.themes.through.objects.filter(themepage__translation_key__in=keys)
            return Q(pk__in=links.values("librarypage_id"))
        if facet in ("organisation", "audience"):
            field = getattr(LibraryPage, f"{facet}s")
            links = field.through.objects.filter(**{f"{facet}__translation_key__in": keys})
            return Q(pk__in=links.values("librarypage_id"))
        if facet == "tag":
            links = LibraryPageTag.objects.filter(tag__slug__in=keys)
            return Q(pk__in=links.values("content_object_id"))
        sql, params = _territory_items_sql([int(key) for key in keys])
        return Q(pk__in=RawSQL(sql, params))  # noqa: S611 - table names from models only

    def base(self, words=True):
        """Visible items of the locale within the period (and matching the words)."""
        items = visible_items(self.locale)
        if self.period in PERIODS:
            items = items.filter(_period_q(self.period))
        if words and self.words is not None:
            items = items.filter(pk__in=self.words.ids)
        return items

    def items(self, without=None, words=True):
        """The base narrowed by every selection (but ``without``'s), unordered."""
        items = self.base(words)
        for name, chosen in self.selected.items():
            if name != without:
                items = items.filter(self._selection_q(name, chosen.keys))
        return items.order_by()

    def ordered(self):
        items = self.items()
        if self.order in ("upcoming", "past"):
            return items.order_by(*_period_order(self.order))
        return items.order_by("-publication_date", "-pk")

    # Counting ----------------------------------------------------------------------------
    def _within_base(self, without=None):
        """Ids and types of the items of ``BASE`` (the statement's visible matches, computed
        once for every scope) under every selection but ``without``'s; None if no selection
        applies."""
        within = RawSQL(f"SELECT id FROM {BASE}", [])  # noqa: S608, S611 - a constant name
        chosen = {name: value for name, value in self.selected.items() if name != without}
        if not chosen:
            return None  # the base itself
        # A library page's own row is wide (its body): read it only to select by year.
        model = LibraryPage if "year" in chosen else Page
        items = model.objects.filter(pk__in=within)
        for name, value in chosen.items():
            items = items.filter(self._selection_q(name, value.keys))
        return items.order_by().values("pk", "content_type_id")

    def counts(self, window=None):
        """{facet: {key: count}} with the total under "total"; disjunctive facets.

        ``window`` (start, stop) with words ordered by relevance: the statement also ranks the
        matches and returns those ids under "page", so the words are matched once.
        """
        unselected = [name for name in FACETS if name not in self.selected]
        counts = {name: {} for name in FACETS}
        # The visible items (matching the words) are read once, every scope selects from them.
        scopes = [(self._within_base(), unselected, True)]
        scopes += [(self._within_base(without=n), [n], False) for n in self.selected]
        total, ranked = 0, []
        types = {str(ct.pk): key for key, ct in _type_content_types().items()}
        words = self.words.scored() if self.words is not None else None
        if self.period:
            base = self.base(words=False)
        else:  # pages only: a library page's own row is wide (its body) and not needed here
            base = _visible(Page, self.locale)
        if words is None and not self.period:  # the words match library pages only
            base = base.filter(content_type__in=_content_types([LibraryPage]))
        ranking = window if self.words is not None and self.order == "relevance" else None
        visible = base.order_by().values("pk", "content_type_id")
        sql, params = _facet_sql(words, visible, scopes, ranking)
        by_id = self.taxonomy[COUNTED]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for facet, key, count in cursor.fetchall():
                if facet == "total":
                    total = count
                elif facet == "page":
                    ranked.append((count, int(key)))
                elif facet == "type":
                    if str(key) in types:
                        counts["type"][types[str(key)]] = count
                elif facet in by_id:  # counted by the linked row's id: its facet key
                    found = by_id[facet].get(str(key))
                    if found is not None:
                        counts[facet][found] = counts[facet].get(found, 0) + count
                else:
                    counts[facet][_key(facet, key)] = count
        counts["total"] = total
        if ranking is not None:
            counts["page"] = (ranking[0], [pk for _n, pk in sorted(ranked)])
        return counts

    def facets(self, counts):
        """Each facet with its buckets (every value with items, plus those selected)."""
        labels = {name: self.taxonomy[name][1] for name in self.taxonomy if name != COUNTED}
        labels["type"] = {
            key: (key, model._meta.verbose_name_plural) for key, model in item_types().items()
        }
        facets = []
        for name in FACETS:
            chosen = self.selected.get(name)
            chosen_keys = set(chosen.keys) if chosen else set()
            found = dict(counts[name])
            for key in chosen_keys:
                found.setdefault(key, 0)
            if name == "year":
                shown = {key: (key, key) for key in found}
            else:
                shown = labels[name]
            buckets = [
                (shown[key][0], shown[key][1], count, key in chosen_keys)
                for key, count in found.items()
                if key in shown
            ]
            if name == "year":
                buckets.sort(key=lambda bucket: bucket[0], reverse=True)
            else:
                buckets.sort(key=lambda bucket: (-bucket[2], str(bucket[1]).lower()))
            selected_values = set(chosen.values) if chosen else set()
            facets.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "buckets": [
                        {
                            "value": value,
                            "label": label,
                            "count": count,
                            "selected": is_chosen or value in selected_values,
                        }
                        for value, label, count, is_chosen in buckets
                    ],
                }
            )
        return facets

    # Paging ------------------------------------------------------------------------------
    def page(self, number, per_page=12, total=None, ranked=None):
        """A page of ids (best or newest first) as a paginator page; ``total`` if known, and
        ``ranked`` (start, ids) if ``counts`` already ranked that window."""
        if total is None:
            total = self.items().count()
        if self.order == "relevance" and self.words is not None:

            def fetch(start, stop):
                if ranked is not None and ranked[0] == start:
                    return ranked[1][: stop - start]
                # The ranking query matches the words itself: the filters only.
                return self.words.ranked(self.items(words=False), start, stop)

        else:

            def fetch(start, stop):
                return list(self.ordered().values_list("pk", flat=True)[start:stop])

        paginator = Paginator(_Ids(total, fetch), per_page)
        return paginator.get_page(number)


class _Ids:
    """The ids of a listing, read a slice at a time (what a Paginator asks for)."""

    def __init__(self, total, fetch):
        self.total, self.fetch = total, fetch

    def __len__(self):
        return self.total

    def __getitem__(self, part):
        return self.fetch(part.start or 0, part.stop if part.stop is not None else self.total)


def load_cards(pks, taxonomy_of_locale):
    """The library pages ``pks`` in that order, with what their cards show; ``card_themes``
    lists each item's public themes labelled in the reader's language."""
    pages = {page.pk: page for page in results_with_card_data(pks)}
    links = LibraryPage.themes.through.objects.filter(librarypage_id__in=list(pages))
    labels = taxonomy_of_locale["theme"][1]
    themes = {}
    for page_id, key in links.values_list("librarypage_id", "themepage__translation_key"):
        label = labels.get(_uuid_text(key))
        if label is not None:
            themes.setdefault(page_id, []).append(CardTheme(*label))
    items = []
    for pk in pks:
        if pk in pages:
            page = pages[pk]
            page.card_themes = sorted(themes.get(pk, []), key=lambda theme: theme.title)
            items.append(page)
    return items


@dataclass
class CardTheme:
    id: str
    title: str


def attach_themes(items, locale):
    """Give each item ``card_themes`` from its prefetched ``themes``: the public ones only,
    labelled in the reader's language."""
    labels = taxonomy(locale)["theme"][1]
    for item in items:
        found = (labels.get(_uuid_text(theme.translation_key)) for theme in item.themes.all())
        item.card_themes = sorted(
            (CardTheme(*label) for label in found if label), key=lambda theme: theme.title
        )
    return items


MAX_VALUES_PER_FACET = 20


def filters_from(data):
    """{facet: [values]} from a query string: printable, deduplicated, 20 at most per facet."""
    filters = {}
    for name in FACETS:
        values = []
        for value in data.getlist(name)[:MAX_VALUES_PER_FACET]:
            value = "".join(ch for ch in value[:100] if ch.isprintable()).strip()
            if value and value not in values:
                values.append(value)
        if values:
            filters[name] = values
    return filters


def theme_query(theme):
    """The items of a theme page (whatever its own privacy: its page guards itself)."""
    query = LibraryQuery(theme.locale)
    query.selected["theme"] = Selected([str(theme.pk)], [_uuid_text(theme.translation_key)])
    return query


def listing_page(locale, filters, number, *, period="", order="date", per_page=12, query=None):
    """A page of items with their card data, for the listings without facets."""
    query = query or LibraryQuery(locale, filters, period=period, order=order)
    page = query.page(number, per_page)
    page.object_list = load_cards(list(page.object_list), query.taxonomy)
    return query, page


def _content_types(models):
    from django.contrib.contenttypes.models import ContentType

    wanted = [m for m in item_types().values() if any(issubclass(m, t) for t in models)]
    return ContentType.objects.get_for_models(*wanted).values()


def _period_q(period):
    found = Q(pk__in=[])
    for model in item_types().values():
        if hasattr(model, "period_q"):
            found |= model.period_q(period)
    return found


def _period_order(period):
    for model in item_types().values():
        if hasattr(model, "period_order"):
            return model.period_order(period)
    return ["-publication_date", "-pk"]


def _key(facet, text):
    if facet in ("theme", "organisation", "audience"):
        return _uuid_text(text)
    if facet == "type":
        return text
    return str(int(text)) if facet in ("year", "territory") else text


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _territory_items_sql(ids):
    """SQL selecting the items linked to the territories ``ids`` or anything below them."""
    link, place = _table(LibraryPage.territories.through), _table(Territory)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"WITH RECURSIVE down(id) AS (SELECT id FROM {place} WHERE id IN ({marks}) "  # noqa: S608
        f"UNION SELECT t.id FROM {place} t JOIN down ON t.parent_id = down.id) "
        f"SELECT librarypage_id FROM {link} WHERE territory_id IN (SELECT id FROM down)"
    )
    return sql, list(ids)


# The visible items (matching the words, if any) once per statement: the words' full-text match
# and the visibility checks are the costly part, and every scope is a subset of them.
BASE = "library_base"
WORDS = "library_words"
UP = "library_up"


def _facet_sql(words, visible, scopes, ranking=None):
    """One statement counting, for each (items, facets, with_total) of ``scopes``, the facets
    (and the total) over those items. ``words`` (their scored matches, or None) and the
    ``visible`` items among them are read once, as ``WORDS`` and ``BASE``; ``ranking``:
    (start, stop) of the first scope's matches, best first, to return as "page" rows."""
    ctes, params = [], []
    base_sql, base_params = visible.query.sql_with_params()
    columns = "id, content_type_id"
    if words is not None:
        words_sql, words_params = words.query.sql_with_params()
        ctes.append(f"{WORDS}(id, score) AS MATERIALIZED ({words_sql})")
        params += words_params
        # A join, not ``IN``: a page has one index entry (that of its own type), so there is no
        # duplicate to remove first. Each item keeps its score for the ranking.
        base_sql = (
            f"SELECT b.pk, b.content_type_id, w.score FROM ({base_sql}) b "  # noqa: S608
            f"JOIN {WORDS} w ON w.id = b.pk"
        )
        columns += ", score"
    ctes.append(f"{BASE}({columns}) AS MATERIALIZED ({base_sql})")
    params += base_params
    if any("territory" in facets for _items, facets, _total in scopes):
        # Each territory with itself and its ancestors: a commune counts for its région.
        place = _table(Territory)
        ctes.append(
            f"{UP}(territory_id, ancestor_id) AS (SELECT id, id FROM {place} "  # noqa: S608
            f"UNION SELECT u.territory_id, t.parent_id FROM {UP} u "
            f"JOIN {place} t ON t.id = u.ancestor_id WHERE t.parent_id IS NOT NULL)"
        )
    parts = []
    names = []
    for number, (items, facets, with_total) in enumerate(scopes):
        if items is None:  # no selection: the base itself
            names.append(BASE)
        else:
            scope_sql, scope_params = items.query.sql_with_params()
            params += scope_params
            ctes.append(f"scope{number}(id, content_type_id) AS MATERIALIZED ({scope_sql})")
            names.append(f"scope{number}")
        _facet_parts(names[-1], facets, with_total, parts)
    if ranking is not None:
        # The best matches of the window (a top-N sort), numbered in that order.
        scored = BASE
        if names[0] != BASE:
            scored = f"(SELECT b.id, b.score FROM {names[0]} s JOIN {BASE} b ON b.id = s.id) m"  # noqa: S608
        parts.append(
            "SELECT 'page', CAST(id AS TEXT), ROW_NUMBER() OVER (ORDER BY score, id DESC) "  # noqa: S608
            f"FROM (SELECT id, score FROM {scored} ORDER BY score, id DESC LIMIT %s OFFSET %s) "
            "AS ranked"
        )
        params += [ranking[1] - ranking[0], ranking[0]]
    sql = "WITH RECURSIVE " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)
    return sql, params


def _facet_parts(scope, facets, with_total, parts):
    if with_total:
        parts.append(f"SELECT 'total', '', COUNT(*) FROM {scope}")  # noqa: S608
    library = _table(LibraryPage)
    year = (
        "CAST(EXTRACT(YEAR FROM l.publication_date) AS INTEGER)"
        if connection.vendor == "postgresql"
        else "substr(l.publication_date, 1, 4)"  # ISO text: cheaper than strftime
    )
    # Links are counted by the linked row's id (one link per item and row: no DISTINCT, no join
    # to the linked table) and keyed in Python (``COUNTED``).
    links = {
        "theme": (LibraryPage.themes.through, "librarypage_id", "themepage_id"),
        "organisation": (LibraryPage.organisations.through, "librarypage_id", "organisation_id"),
        "audience": (LibraryPage.audiences.through, "librarypage_id", "audience_id"),
        "tag": (LibraryPageTag, "content_object_id", "tag_id"),
    }
    for facet in facets:
        if facet == "type":
            parts.append(  # each scope row carries its type: no join
                f"SELECT 'type', CAST(content_type_id AS TEXT), COUNT(*) FROM {scope} "  # noqa: S608
                "GROUP BY content_type_id"
            )
        elif facet == "year":
            parts.append(
                f"SELECT 'year', CAST({year} AS TEXT), COUNT(*) FROM {scope} s "  # noqa: S608
                f"CROSS JOIN {library} l WHERE l.page_ptr_id = s.id GROUP BY {year}"
            )
        elif facet in links:
            through, item, linked = links[facet]
            parts.append(
                f"SELECT '{facet}', CAST(x.{linked} AS TEXT), COUNT(*) FROM {scope} s "  # noqa: S608
                f"CROSS JOIN {_table(through)} x WHERE x.{item} = s.id GROUP BY x.{linked}"
            )
        elif facet == "territory":
            link = _table(LibraryPage.territories.through)
            parts.append(
                f"SELECT 'territory', CAST(u.ancestor_id AS TEXT), "  # noqa: S608
                f"COUNT(DISTINCT x.librarypage_id) FROM {scope} s CROSS JOIN {link} x "
                f"CROSS JOIN {UP} u WHERE x.librarypage_id = s.id "
                "AND u.territory_id = x.territory_id GROUP BY u.ancestor_id"
            )


def _type_content_types():
    from django.contrib.contenttypes.models import ContentType

    types = item_types()
    found = ContentType.objects.get_for_models(*types.values())
    return {key: found[model] for key, model in types.items()}


def document_keys(pages):
    """{page id: ["type:project", "theme:<key>", ...]}: each page's facet values as a search
    engine indexes them to count facets itself, with the keys ``LibraryQuery`` uses: types,
    years, translation keys, tag slugs, and each territory with its ancestors. One query per
    relation, whatever the number of pages."""
    pages = [page for page in pages if isinstance(page, LibraryPage)]
    if not pages:
        return {}
    types = {model: key for key, model in item_types().items()}
    keys = {}
    for page in pages:
        own = [f"type:{types[type(page)]}"] if type(page) in types else []
        if page.publication_date:
            own.append(f"year:{page.publication_date.year}")
        keys[page.pk] = own
    pks = list(keys)
    relations = [
        ("theme", LibraryPage.themes.through, "themepage__translation_key"),
        ("organisation", LibraryPage.organisations.through, "organisation__translation_key"),
        ("audience", LibraryPage.audiences.through, "audience__translation_key"),
    ]
    for facet, through, column in relations:
        rows = through.objects.filter(librarypage_id__in=pks).values_list("librarypage_id", column)
        for page_id, key in rows:
            keys[page_id].append(f"{facet}:{_uuid_text(key)}")
    tags = LibraryPageTag.objects.filter(content_object_id__in=pks)
    for page_id, slug in tags.values_list("content_object_id", "tag__slug"):
        keys[page_id].append(f"tag:{slug}")
    links = LibraryPage.territories.through.objects.filter(librarypage_id__in=pks)
    links = list(links.values_list("librarypage_id", "territory_id"))
    if links:
        parents = dict(Territory.objects.values_list("pk", "parent_id"))
        for page_id, territory_id in links:
            seen, pk = set(), territory_id
            while pk and pk not in seen:
                seen.add(pk)
                pk = parents.get(pk)
            keys[page_id] += [f"territory:{pk}" for pk in sorted(seen)]
    return {pk: sorted(set(values)) for pk, values in keys.items()}
