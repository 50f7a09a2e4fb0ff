"""The library's facets held in memory as bitsets, so filtering and counting cost no query.

Every live, public, non-alias library item of a locale gets a position, newest first. Each facet
value (a type, a theme, a tag, a territory with everything below it, an organisation, an audience,
a year) is the set of positions that carry it, stored as a Python integer used as a bitset. A
search then only asks the engine which items match the words; filters are ANDs and ORs of
integers, each facet count is ``int.bit_count()`` of an AND, and "newest first" is the order of the
positions. At 100,000 items a value takes 12.5 KB and a count a few microseconds.

The sets are built from the database on first use (a dozen queries) and kept per process and
locale. Any change that can alter them (a page saved, moved or deleted, a privacy setting, a
taxonomy object) stores a new random token in ``FacetIndexVersion`` (``search.signals``); each
search reads that token (one query) and rebuilds when it differs. Imports that bypass model
signals should be followed by ``manage.py update_index``, which also renews the token.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from resources.localization import localize_all
from resources.models import Audience, LibraryPage, Organisation, Territory, ThemePage
from resources.models.pages import item_types
from resources.models.snippets import LibraryPageTag, LibraryTag
from search.columns import column_arrays

# The facets a reader narrows by, in the order the search page shows them.
FACETS = ("type", "theme", "tag", "territory", "organisation", "audience", "year")


def bits_of(positions, size):
    """The bitset (an int) with ``positions`` set."""
    flags = np.zeros(max(size, 1), dtype=bool)
    flags[np.asarray(positions, dtype=np.intp)] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def flags_of(bits, size):
    """The bitset ``bits`` as an array of at least ``size`` booleans."""
    length = (max(bits.bit_length(), size) + 7) // 8
    packed = np.frombuffer(bits.to_bytes(length, "little"), dtype=np.uint8)
    return np.unpackbits(packed, bitorder="little").view(bool)


def positions_in(bits, start, stop):
    """Positions of the set bits number ``start`` to ``stop - 1`` (lowest first)."""
    if start >= bits.bit_count():
        return []
    if start:
        # Smallest m such that more than ``start`` bits lie below m: bit number ``start`` is m-1.
        low, high = 0, bits.bit_length()
        while low < high:
            middle = (low + high) // 2
            if (bits & ((1 << middle) - 1)).bit_count() > start:
                high = middle
            else:
                low = middle + 1
        bits = bits >> (low - 1) << (low - 1)
    found = []
    while bits and len(found) < stop - start:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found


@dataclass
class FacetIndex:
    """The facet sets of one locale's library, valid while the version token is unchanged."""

    token: str
    locale_id: int
    pks: list = field(default_factory=list)  # position -> page id, newest first
    position: dict = field(default_factory=dict)  # page id -> position
    everything: int = 0
    values: dict = field(default_factory=dict)  # facet -> key -> bitset
    events: list = field(default_factory=list)  # (position, starts_at, ends_at)
    hidden: list = field(default_factory=list)  # live items of the locale not shown
    tree: dict = field(default_factory=dict)  # territory id -> (name, kind, parent id)
    keys: dict = field(default_factory=dict)  # facet -> filter value (str) -> key
    _labels: dict = field(default_factory=dict)
    _entry_lookup: tuple | None = None
    _entry_places: object = None
    _key_texts: dict | None = None

    @property
    def size(self):
        return len(self.pks)

    def entry_lookup(self):
        """This locale's search index entries (database backends' rows) as two arrays: entry
        ids in increasing order, and the position of each one's item."""
        if self._entry_lookup is None:
            from modelsearch.conf import get_app_config

            entry = get_app_config().get_model("IndexEntry")
            rows = entry.objects.filter(content_type_id__in=library_content_types())
            # Pages' object ids are their integer primary keys, kept as text.
            entries, objects = _integer_columns(rows.values_list("id", "object_id"))
            places = self.places()
            known = objects < places.size
            found = np.full(objects.size, -1, dtype=np.int64)
            found[known] = places[objects[known]]
            shown = found >= 0
            entries, found = entries[shown], found[shown]
            order = np.argsort(entries)
            self._entry_lookup = (entries[order], found[order].astype(np.int32))
        return self._entry_lookup

    def placer(self):
        """A function giving the position of each entry id of an array (-1: not placed).

        A dense array indexed by entry id when the ids are not too sparse (one lookup per id),
        otherwise a binary search in the sorted ids."""
        if self._entry_places is None:
            known, at = self.entry_lookup()
            top = int(known[-1]) + 1 if known.size else 0
            if top <= 16 * known.size + 1_000_000:
                dense = np.full(top, -1, dtype=np.int32)
                dense[known] = at

                def place(entries):
                    found = np.full(entries.size, -1, dtype=np.int32)
                    inside = (entries >= 0) & (entries < top)
                    found[inside] = dense[entries[inside]]
                    return found

            else:

                def place(entries):
                    found = np.full(entries.size, -1, dtype=np.int32)
                    if known.size:
                        slots = np.minimum(np.searchsorted(known, entries), known.size - 1)
                        hit = known[slots] == entries
                        found[hit] = at[slots[hit]]
                    return found

            self._entry_places = place
        return self._entry_places

    def places(self):
        """Page id -> position, as an array (-1 where the page is not in the index)."""
        pks = np.asarray(self.pks, dtype=np.int64)
        places = np.full(int(pks.max()) + 1 if pks.size else 0, -1, dtype=np.int64)
        places[pks] = np.arange(pks.size)
        return places

    def pks_at(self, positions):
        return [self.pks[p] for p in positions]

    def period_positions(self, period):
        """Positions of the events of a period: "upcoming" (not over yet) or "past"."""
        now = timezone.now()
        if period == "upcoming":
            return [p for p, start, end in self.events if (end or start) >= now]
        return [p for p, start, end in self.events if (end or start) < now]

    def period_bits(self, period):
        return bits_of(self.period_positions(period), self.size)

    def key_of(self, facet, text):
        """The key of a facet value as a search engine returns it (text), or None if unknown."""
        if self._key_texts is None:
            self._key_texts = {
                name: {str(key): key for key in values} for name, values in self.values.items()
            }
        return self._key_texts.get(facet, {}).get(text)

    def resolve(self, facet, values):
        """The keys of a facet's selected values that exist (unknown ones are left out)."""
        if facet == "year":
            years = [int(v) for v in values if v.isascii() and v.isdigit() and len(v) == 4]
            return [year for year in years if 1900 < year < 3000]
        known = self.keys.get(facet, {})
        return list(dict.fromkeys(known[v] for v in values if v in known))

    def selection(self, facet, keys):
        """Items carrying any of ``keys`` (OR within a facet)."""
        sets = self.values.get(facet, {})
        bits = 0
        for key in keys:
            bits |= sets.get(key, 0)
        return bits

    def theme_titles(self, pks):
        """{page id: [its themes' titles in the active language]}, from memory: a results page
        needs no query (nor theme page objects) for its cards' themes."""
        labels = self.labels("theme")
        themes = sorted(self.values.get("theme", {}).items(), key=lambda item: labels[item[0]][1])
        titles = {}
        for pk in pks:
            at = self.position.get(pk)
            if at is not None:
                titles[pk] = [labels[key][1] for key, bits in themes if bits >> at & 1]
        return titles

    def labels(self, facet):
        """{key: (value shown in links, label)} for a facet, in the active language."""
        language = get_language()
        cache_key = (facet, language)
        if cache_key not in self._labels:
            self._labels[cache_key] = getattr(self, f"_labels_{facet}")()
        return self._labels[cache_key]

    def _labels_type(self):
        return {key: (key, model._meta.verbose_name_plural) for key, model in item_types().items()}

    def _labels_translatable(self, facet, model, label, queryset=None):
        chosen = {}
        queryset = model.objects.all() if queryset is None else queryset
        for obj in queryset.filter(translation_key__in=self.values[facet]):
            key = str(obj.translation_key)
            if key not in chosen or obj.locale_id == self.locale_id:
                chosen[key] = obj
        mapping = localize_all(chosen.values())
        labels = {}
        for key, obj in chosen.items():
            shown = mapping.get(obj, obj)
            labels[key] = (str(shown.pk), getattr(shown, label))
        return labels

    def _labels_theme(self):
        public = ThemePage.objects.live().public()
        return self._labels_translatable("theme", ThemePage, "title", public)

    def _labels_organisation(self):
        return self._labels_translatable("organisation", Organisation, "name")

    def _labels_audience(self):
        return self._labels_translatable("audience", Audience, "name")

    def _labels_tag(self):
        tags = LibraryTag.objects.filter(slug__in=self.values["tag"])
        return {tag.slug: (tag.slug, tag.label) for tag in tags}

    def _labels_territory(self):
        kinds = dict(Territory.Kind.choices)
        return {
            pk: (str(pk), f"{name} ({kinds.get(kind, '')})")
            for pk, (name, kind, _parent) in self.tree.items()
        }

    def _labels_year(self):
        return {year: (str(year), str(year)) for year in self.values["year"]}


def library_content_types():
    """Content type ids of the library's page models (the base and every item type)."""
    from django.contrib.contenttypes.models import ContentType

    models = [LibraryPage, *item_types().values()]
    return [ContentType.objects.get_for_model(model).pk for model in models]


def database_key():
    """Which database the connection reads: part of the key of anything a process keeps from
    it (tests and the benchmark switch databases within one process)."""
    return (connection.alias, connection.settings_dict.get("NAME"))


def _keys(model, queryset=None):
    """{pk: translation key as text} (text hashes faster than UUID objects)."""
    queryset = model.objects.all() if queryset is None else queryset
    return {pk: str(key) for pk, key in queryset.values_list("pk", "translation_key")}


def _integer_columns(queryset):
    """The two integer columns of a two-field ``values_list`` (a link table holds a row per
    page and value: over 800,000 at 100,000 items), as two arrays (``search.columns``)."""
    meta = queryset.model._meta
    columns = [meta.get_field(name).column for name in queryset.query.values_select]
    return column_arrays(queryset, columns, [np.int64, np.int64])


def _joined(found):
    """Positions gathered as a list of ints or of arrays (link rows, grouped), as one array."""
    if found and isinstance(found[0], np.ndarray):
        return np.concatenate(found)
    return found


def build(locale_id, token):
    """Read one locale's library and its taxonomy links into a ``FacetIndex``."""
    from django.contrib.contenttypes.models import ContentType

    from events.models import EventPage
    from resources.models.pages import library_items

    index = FacetIndex(token=token, locale_id=locale_id)
    # Read as three columns (``search.columns``), ordered here: newest first, then the highest
    # id. The date comes as ISO text, parsed by numpy: no row goes through Django's converters.
    rows = library_items(locale_id).order_by()
    day = Cast("publication_date", TextField())
    pks, kinds, dates = column_arrays(
        rows.values(item=F("pk"), kind=F("content_type_id"), day=day),
        ["item", "kind", "day"],
        [np.int64, np.int64, "datetime64[D]"],
    )
    days = dates.astype(np.int64)
    order = np.lexsort((-pks, -days))
    pks, kinds, dates = pks[order], kinds[order], dates[order]
    index.pks = pks.tolist()
    index.position = dict(zip(index.pks, range(len(index.pks)), strict=True))
    types = item_types()
    type_of = {ContentType.objects.get_for_model(model).pk: key for key, model in types.items()}
    members = defaultdict(lambda: defaultdict(list))
    for kind, key in type_of.items():
        members["type"][key].append(np.flatnonzero(kinds == kind))
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    for year in np.unique(years).tolist():
        members["year"][year].append(np.flatnonzero(years == year))
    size = index.size
    index.everything = (1 << size) - 1
    # Live items of the locale a reader may not see (aliases, private sections): a search
    # engine, which indexes them all, is told to leave them out.
    # Read from the page table alone, by content type: joining the library table costs more.
    live = Page.objects.filter(
        locale_id=locale_id, live=True, content_type_id__in=library_content_types()
    )
    (live,) = column_arrays(live.order_by().values(item=F("pk")), ["item"], [np.int64])
    index.hidden = live[~np.isin(live, pks)].tolist()
    position = index.position
    # Link tables are read whole (every locale) and filtered here: joining each row to its page
    # for the locale costs more than skipping the other locale's rows.

    # Page id -> position (-1: not in this locale's library), to place link rows in bulk.
    place = index.places()

    def links(facet, rows, key_of=None):
        page_ids, targets = _integer_columns(rows)
        known = page_ids < place.size
        found = np.full(page_ids.size, -1, dtype=np.int64)
        found[known] = place[page_ids[known]]
        shown = found >= 0
        found, targets = found[shown], targets[shown]
        if not found.size:
            return
        # Positions grouped by target: sorted by target, cut where the target changes.
        order = np.argsort(targets, kind="stable")
        found, targets = found[order], targets[order]
        starts = np.flatnonzero(np.diff(targets)) + 1
        for target, group in zip(
            targets[np.concatenate(([0], starts))].tolist(), np.split(found, starts), strict=True
        ):
            value = target if key_of is None else key_of.get(target)
            if value is not None:
                members[facet][value].append(group)

    # Only the themes a reader may see: a private or unpublished theme is no facet value, so no
    # card lists it either (``theme_titles``).
    theme_keys = _keys(ThemePage, ThemePage.objects.live().public())
    links(
        "theme",
        LibraryPage.themes.through.objects.values_list("librarypage_id", "themepage_id"),
        theme_keys,
    )
    organisation_keys = _keys(Organisation)
    links(
        "organisation",
        LibraryPage.organisations.through.objects.values_list("librarypage_id", "organisation_id"),
        organisation_keys,
    )
    audience_keys = _keys(Audience)
    links(
        "audience",
        LibraryPage.audiences.through.objects.values_list("librarypage_id", "audience_id"),
        audience_keys,
    )
    tag_slugs = dict(LibraryTag.objects.values_list("pk", "slug"))
    links(
        "tag",
        LibraryPageTag.objects.values_list("content_object_id", "tag_id"),
        tag_slugs,
    )
    index.tree = {
        pk: (name, kind, parent)
        for pk, name, kind, parent in Territory.objects.values_list("pk", "name", "kind", "parent")
    }
    links(
        "territory",
        LibraryPage.territories.through.objects.values_list("librarypage_id", "territory_id"),
    )
    # The event table alone (no join to its parent tables): the positions pick the locale's.
    for pk, starts_at, ends_at in EventPage.objects.order_by().values_list(
        "pk", "starts_at", "ends_at"
    ):
        if pk in position:
            index.events.append((position[pk], starts_at, ends_at))

    for facet in ("type", "theme", "tag", "organisation", "audience", "year"):
        index.values[facet] = {
            key: bits_of(_joined(found), size) for key, found in members.get(facet, {}).items()
        }
    # A territory stands for itself and everything below it (a région for its communes).
    direct = {
        key: bits_of(_joined(found), size) for key, found in members.get("territory", {}).items()
    }
    children = defaultdict(list)
    for pk, (_name, _kind, parent) in index.tree.items():
        if parent in index.tree:
            children[parent].append(pk)
    territory = {}

    def below(pk, seen):
        if pk not in territory:
            bits = direct.get(pk, 0)
            for child in children[pk]:
                if child not in seen:
                    bits |= below(child, seen | {pk})
            territory[pk] = bits
        return territory[pk]

    for pk in index.tree:
        below(pk, frozenset())
    index.values["territory"] = {pk: bits for pk, bits in territory.items() if bits}

    index.keys = {
        "type": {key: key for key in types},
        "theme": {str(pk): key for pk, key in theme_keys.items()},
        "tag": {slug: slug for slug in tag_slugs.values()},
        "territory": {str(pk): pk for pk in index.tree},
        "organisation": {str(pk): key for pk, key in organisation_keys.items()},
        "audience": {str(pk): key for pk, key in audience_keys.items()},
    }
    return index


_indexes = {}
_lock = threading.Lock()


# Within a request the token is read once (the search, the menu and the footer all ask for it).
_request = threading.local()


@receiver(request_started)
def _start_token_memo(**kwargs):
    _request.token = None
    _request.memo = True


@receiver(request_finished)
def _end_token_memo(**kwargs):
    _request.memo = False


def forget_token():
    """The token changed (``FacetIndexVersion.renew``): read it again on next use."""
    _request.token = None


def current_tokens():
    """(content version, cards token): read from the database, once per request."""
    from search.models import FacetIndexVersion

    if getattr(_request, "memo", False) and _request.token is not None:
        return _request.token
    tokens = FacetIndexVersion.objects.filter(pk=1).values_list("token", "cards_token").first()
    _request.token = tokens = tokens or ("", "")
    return tokens


def current_token():
    """The content version (``current_tokens``)."""
    return current_tokens()[0]


def kept_with_version(table, key, compute):
    """``compute()``, kept in ``table`` (a process's dict) under ``key`` until the content
    version changes. The version is read again after computing: a computation that writes (a
    settings row made on first use) renews it, and what it made belongs to the new one."""
    kept = table.get(key)
    if kept is None or kept[0] != current_token():
        value = compute()
        kept = table[key] = (current_token(), value)
    return kept[1]


def facet_index(locale):
    """The facet index of ``locale``, rebuilt if the library changed since it was built."""
    token = current_token()
    key = (*database_key(), locale.pk)
    index = _indexes.get(key)
    if index is None or index.token != token:
        with _lock:
            index = _indexes.get(key)
            if index is None or index.token != token:
                index = build(locale.pk, token)
                _indexes[key] = index
    return index


def forget():
    """Drop every facet index held by this process (tests, after a bulk import)."""
    _indexes.clear()


def document_keys(pages):
    """{page id: ["type:project", "theme:<key>", ...]}: the facet values of each page, as a
    search engine indexes them (``search.backends.engines``) to count facets itself.

    The same keys as the in-memory index: types, years, translation keys of themes,
    organisations and audiences, tag slugs, and each territory with its ancestors. A constant
    number of queries for any number of pages (one per relation).
    """
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
        for page_id, key in through.objects.filter(librarypage_id__in=pks).values_list(
            "librarypage_id", column
        ):
            keys[page_id].append(f"{facet}:{key}")
    for page_id, slug in LibraryPageTag.objects.filter(content_object_id__in=pks).values_list(
        "content_object_id", "tag__slug"
    ):
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
