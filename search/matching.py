"""What the words matched, placed in the facet index, and the best of them a search keeps.

The engine runs once per search. Its matches become positions of the facet index
(``search.facets``), which filters and counts them as bitsets; the order only matters for the
page of results shown, so the best kept matches are picked for that page alone (``best``).

- On SQLite the FTS5 rows are matched without reading the index entries (their analysed texts
  make them heavy): rowids and BM25 scores come back in one query, mapped to positions in
  memory, and the best ones are picked with a heap among the rows the filters keep.
- On PostgreSQL every match comes back unranked, and only the entries the filters keep are
  ranked (``ts_rank`` reads each entry's vectors), in a second query.
- Elsewhere the backend returns ids best first (``matching_ids``: ids only, no object loaded).
"""

import heapq
import math
from array import array

from search.facets import bits_of


class Match:
    """What the words matched, as positions of the facet index, in compact arrays.

    Positions are the facet index's (newest first), so equal scores go to the newest item.
    ``scores`` (lower is better) run parallel to ``positions``; None when the positions already
    come best first (an engine's order). On PostgreSQL the rows come unscored: ``entries`` holds
    their index entry ids and ``scorer`` gives the scores of some entries, so that only the rows
    the filters keep get ranked. Arrays rather than lists of tuples: a match of 50,000 rows
    takes 0.6 MB instead of 5, which lets a process keep recent ones (``search.service``).
    """

    def __init__(self, positions, scores=None, entries=None, scorer=None):
        self._positions = array("i", positions)
        self.scores = None if scores is None else array("d", scores)
        self.entries = None if entries is None else array("i", entries)
        self.scorer = scorer
        self._ranks = None  # scores the scorer gave, NaN where not asked yet
        self._bits = None

    def exists(self):
        return bool(self._positions)

    def positions(self):
        return self._positions

    def bits(self, size):
        """The positions as a bitset (built once per match)."""
        if self._bits is None:
            self._bits = bits_of(self._positions, size)
        return self._bits

    def best(self, bits, stop):
        """Positions of the ``stop`` best matches among the set bits of ``bits``."""
        flags = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")
        size = len(flags) * 8
        positions = self._positions
        kept = [
            i
            for i, position in enumerate(positions)
            if position < size and flags[position >> 3] >> (position & 7) & 1
        ]
        if self.scorer is not None:
            ranks = self._ranks
            if ranks is None:
                ranks = self._ranks = array("d", [math.nan]) * len(positions)
            # Only the rows never ranked yet are asked for: a match kept for the next
            # searches of the same words (``search.service``) is ranked bit by bit, once.
            missing = [i for i in kept if math.isnan(ranks[i])]
            if missing:
                entries = self.entries
                scores = self.scorer([entries[i] for i in missing])
                for i in missing:
                    ranks[i] = scores.get(entries[i], 0.0)
            ranked = [(ranks[i], positions[i]) for i in kept]
        elif self.scores is None:
            return [positions[i] for i in kept[:stop]]
        else:
            ranked = [(self.scores[i], positions[i]) for i in kept]
        return [position for _score, position in heapq.nsmallest(stop, ranked)]


def match(results, index, scored=True):
    """The match of modelsearch ``results`` (not evaluated yet), placed in ``index``."""
    compiler = results.query_compiler
    if hasattr(compiler, "entry_ids") and compiler.order_by_relevance:
        entries = compiler.entry_ids()
        if entries is not None:
            get = index.entry_positions().get
            pairs = [(entry, at) for entry in entries if (at := get(entry)) is not None]
            return Match(
                [at for _entry, at in pairs],
                entries=[entry for entry, _at in pairs],
                scorer=compiler.entry_scores if scored else None,
            )
    if hasattr(compiler, "entry_rows") and compiler.order_by_relevance:
        rows = compiler.entry_rows(scored)
        if rows is not None:
            get = index.entry_positions().get
            pairs = [(score, at) for entry, score in rows if (at := get(entry)) is not None]
            return Match([at for _score, at in pairs], scores=[score for score, _at in pairs])
    backend = results.backend
    if hasattr(backend, "matching_ids"):
        ids = backend.matching_ids(results)
    else:
        ids = [obj.pk for obj in results]
    position = index.position
    found, seen = [], set()
    for pk in ids:
        at = position.get(pk)
        if at is not None and at not in seen:
            seen.add(at)
            found.append(at)
    return Match(found)


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
