"""What the words matched, in a form the database can filter, count and facet without loading it.

The engine runs once per search and gives the primary keys it matched, best first, as ids only
(no object loaded: ``matching_ids`` of our backends). They reach the database as one parameter
(a PostgreSQL array, a SQLite JSON array), not one parameter per id, so the result count and
every facet count are single GROUP BY queries that do not run the full-text match again; only
the page shown is loaded.
"""

import json

from django.db import connection
from django.db.models.expressions import RawSQL

FIRST_CHUNK = 500


def id_list(ids):
    """Something ``pk__in`` accepts that yields ``ids`` and binds them as a single parameter."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [ids])
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    return ids


class IdsMatch:
    """Matches of a search engine: its ids, best first."""

    def __init__(self, ids):
        self.ids = list(dict.fromkeys(ids))

    def pks(self):
        return id_list(self.ids)

    def exists(self):
        return bool(self.ids)

    def ranked(self, filtered, start, stop):
        # Walk the engine's order in growing chunks until the page is full: page 1 usually
        # needs one query whatever the number of matches.
        found, position, chunk = [], 0, FIRST_CHUNK
        while position < len(self.ids) and len(found) < stop:
            part = self.ids[position : position + chunk]
            kept = set(filtered.filter(pk__in=id_list(part)).values_list("pk", flat=True))
            found += [pk for pk in part if pk in kept]
            position += chunk
            chunk *= 4
        return found[start:stop]


def match(results):
    """The match of modelsearch ``results`` (not evaluated yet) for its backend."""
    backend = results.backend
    if hasattr(backend, "matching_ids"):
        return IdsMatch(backend.matching_ids(results))
    return IdsMatch(obj.pk for obj in results)


class RankedPks:
    """A sequence for ``Paginator``: its count is known, slices fetch only the page's keys."""

    def __init__(self, count, fetch):
        self._count = count
        self._fetch = fetch

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RankedPks only supports slices")
        start, stop, _step = index.indices(self._count)
        return self._fetch(start, stop) if stop > start else []
