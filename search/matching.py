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


class Match:
    """What the words matched, as (score, position in the facet index) pairs; lower is better.

    Positions are the facet index's (newest first), so equal scores go to the newest item.
    ``ordered``: the pairs already come best first (an engine's order). ``scorer``: when the
    pairs come unscored (score = database row id), a function giving the scores of some row
    ids, so that only the rows the filters keep get ranked.
    """

    def __init__(self, rows, ordered, scorer=None):
        self.rows = rows
        self.ordered = ordered
        self.scorer = scorer

    def exists(self):
        return bool(self.rows)

    def positions(self):
        return (position for _score, position in self.rows)

    def best(self, bits, stop):
        """Positions of the ``stop`` best matches among the set bits of ``bits``."""
        flags = bits.to_bytes((bits.bit_length() + 7) // 8 or 1, "little")
        size = len(flags) * 8
        kept = [
            row for row in self.rows if row[1] < size and flags[row[1] >> 3] >> (row[1] & 7) & 1
        ]
        if self.scorer is not None:
            scores = self.scorer([entry for entry, _position in kept])
            kept = [(scores.get(entry, 0.0), position) for entry, position in kept]
        chosen = kept[:stop] if self.ordered else heapq.nsmallest(stop, kept)
        return [position for _score, position in chosen]


def match(results, index, scored=True):
    """The match of modelsearch ``results`` (not evaluated yet), placed in ``index``."""
    compiler = results.query_compiler
    if hasattr(compiler, "entry_ids") and compiler.order_by_relevance:
        entries = compiler.entry_ids()
        if entries is not None:
            positions = index.entry_positions()
            rows = [(entry, positions[entry]) for entry in entries if entry in positions]
            return Match(rows, ordered=False, scorer=compiler.entry_scores if scored else None)
    position = index.position
    if hasattr(compiler, "entry_rows") and compiler.order_by_relevance:
        rows = compiler.entry_rows(scored)
        if rows is not None:
            positions = index.entry_positions()
            return Match(
                [(score, positions[entry]) for entry, score in rows if entry in positions],
                ordered=False,
            )
    backend = results.backend
    if hasattr(backend, "matching_ids"):
        ids = backend.matching_ids(results)
    else:
        ids = [obj.pk for obj in results]
    rows, seen = [], set()
    for pk in ids:
        at = position.get(pk)
        if at is not None and at not in seen:
            seen.add(at)
            rows.append((len(rows), at))
    return Match(rows, ordered=True)


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
