"""What the words matched, placed in the facet index, and the best of them a search keeps.

The engine runs once per search. Its matches become positions of the facet index
(``search.facets``), which filters and counts them as bitsets; the order only matters for the
page of results shown, so the best kept matches are picked for that page alone (``best``).

- On SQLite and PostgreSQL, plain words are looked up in the term index (``search.postings``):
  one query reads each term's entries with their frequencies and lengths, and every match is
  ranked (BM25) with vector arithmetic.
- Until that index describes every entry (a database indexed before it existed), the
  database's full-text index answers. On SQLite the FTS5 rows are matched without reading the
  index entries: rowids and BM25 scores in one query, mapped to positions in memory. On
  PostgreSQL every match comes back unranked, and only the entries the filters keep are ranked
  (``ts_rank`` reads each entry's vectors), in a second query.
- Elsewhere the backend returns ids best first (``matching_ids``: ids only, no object loaded).
"""

import numpy as np

from search import postings
from search.facets import bits_of, flags_of


class Match:
    """What the words matched, as positions of the facet index, in numpy arrays.

    Positions are the facet index's (newest first), so equal scores go to the newest item.
    ``scores`` (lower is better) run parallel to ``positions``; None when the positions already
    come best first (an engine's order). On PostgreSQL the rows come unscored: ``entries`` holds
    their index entry ids and ``scorer`` gives the scores of some entries (arrays of entry ids and
    scores, in any order), so that only the rows
    the filters keep get ranked. A match of 50,000 rows takes 0.6 MB, which lets a process keep
    recent ones (``search.service``), and picking the best of them is a few vector operations.
    """

    def __init__(self, positions, scores=None, entries=None, scorer=None):
        self._positions = np.asarray(positions, dtype=np.int32)
        self.scores = None if scores is None else np.asarray(scores, dtype=np.float64)
        self.entries = None if entries is None else np.asarray(entries, dtype=np.int64)
        self.scorer = scorer
        self._ranks = None  # scores the scorer gave, NaN where not asked yet
        self._bits = None

    def exists(self):
        return bool(self._positions.size)

    def positions(self):
        return self._positions.tolist()

    def bits(self, size):
        """The positions as a bitset (built once per match)."""
        if self._bits is None:
            self._bits = bits_of(self._positions, size)
        return self._bits

    def best(self, bits, stop):
        """Positions of the ``stop`` best matches among the set bits of ``bits``: lowest score
        first, then lowest position."""
        positions = self._positions
        if not positions.size or stop <= 0:
            return []
        kept = np.flatnonzero(flags_of(bits, int(positions.max()) + 1)[positions])
        if self.scorer is not None:
            if self._ranks is None:
                self._ranks = np.full(positions.size, np.nan)
            ranks = self._ranks
            # Only the rows never ranked yet are asked for: a match kept for the next
            # searches of the same words (``search.service``) is ranked bit by bit, once.
            missing = kept[np.isnan(ranks[kept])]
            if missing.size:
                entries = self.entries[missing]
                ids, scores = self.scorer(entries)
                ranks[missing] = 0.0  # an entry the scorer does not return
                order = np.argsort(ids)
                ids, scores = ids[order], scores[order]
                slots = np.minimum(np.searchsorted(ids, entries), max(ids.size - 1, 0))
                if ids.size:
                    found = ids[slots] == entries
                    ranks[missing[found]] = scores[slots[found]]
            scores = ranks[kept]
        elif self.scores is None:
            return positions[kept[:stop]].tolist()
        else:
            scores = self.scores[kept]
        found = positions[kept]
        if found.size > stop:
            # Everything scoring at most the stop-th best score, ties included, then ordered.
            threshold = np.partition(scores, stop - 1)[stop - 1]
            close = scores <= threshold
            scores, found = scores[close], found[close]
        order = np.lexsort((found, scores))[:stop]
        return found[order].tolist()


def _placed(index, entries):
    """(index of each entry placed in the facet index, its position), as arrays."""
    positions = index.placer()(np.asarray(entries, dtype=np.int64))
    hit = np.flatnonzero(positions >= 0)
    return hit, positions[hit]


# Above this share of the library kept by the filters, PostgreSQL ranks every match in the
# matching query (one pass over the entries) rather than matching, then ranking those kept.
RANK_ALL_SHARE = 0.25


def match(results, index, scored=True, kept_share=1.0):
    """The match of modelsearch ``results`` (not evaluated yet), placed in ``index``.

    ``kept_share``: the part of the library the search's filters keep (1: no filter)."""
    compiler = results.query_compiler
    if hasattr(compiler, "postings_terms") and compiler.order_by_relevance:
        asked = compiler.postings_terms()
        found = postings.match(*asked, index) if asked is not None else None
        if found is not None:
            positions, scores = found
            return Match(positions, scores=scores if scored else None)
    rank_later = not scored or kept_share <= RANK_ALL_SHARE
    if hasattr(compiler, "entry_ids") and compiler.order_by_relevance and rank_later:
        entries = compiler.entry_ids()
        if entries is not None:
            entries = np.asarray(entries, dtype=np.int64)
            hit, positions = _placed(index, entries)
            return Match(
                positions,
                entries=entries[hit],
                scorer=compiler.entry_scores if scored else None,
            )
    if hasattr(compiler, "entry_rows") and compiler.order_by_relevance:
        rows = compiler.entry_rows(scored)
        if rows is not None:
            entries, scores = rows
            hit, positions = _placed(index, entries)
            return Match(positions, scores=np.asarray(scores, dtype=np.float64)[hit])
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
