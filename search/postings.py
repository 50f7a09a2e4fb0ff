"""The database backends' term index: for each analysed term, the entries holding it.

SQLite's FTS5 and PostgreSQL's text search find every entry holding a word quickly, but rank
them one by one: BM25 over FTS5's position lists, ``ts_rank`` over each entry's vectors. A word
found in half of a 100,000-item library then costs 100 to 250 ms. Here each term's entries come
with what ranking needs (the term's weighted frequency in the entry and the entry's length) as
packed numpy vectors, so a search reads a few rows and ranks every match with vector
arithmetic (BM25, title words counting twice), on SQLite and PostgreSQL alike.

How the index stays exact:

- ``update_index`` writes, next to the entries it rebuilds, one ``TermPostings`` row per term and
  chunk under a new generation; when it ends, that generation becomes the live one.
- Between rebuilds, every entry written (a publish, an edit) gets its own rows (``part`` is minus
  its entry id) in the live generation and a ``ChangedEntry`` row, which hides what the rebuild
  had for it. A rebuild keeps the changes made after it started, and drops the others.
- Entries deleted from the search index are dropped by the facet index (they have no position).

A search reads the rows of its terms, the changed entries and the state in one query. A
database indexed before the term index existed is marked incomplete (migration
``search.0008``): searches then match through the full-text index until ``update_index`` runs.
"""

import uuid

import numpy as np
from django.db import connections, router, transaction
from django.db.models import F, Max
from modelsearch.conf import get_app_config

from search.columns import column_arrays
from search.kept import KeptResults
from search.models import ChangedEntry, PostingsState, TermPostings

K1 = 1.2  # BM25 term frequency saturation
B = 0.75  # BM25 length normalisation
TITLE_WEIGHT = 2.0  # a title word counts as two body words (as the FTS5 ranking did)
MAX_TERM = 64  # longer terms are cut (on both sides, so they still match)


def tokens(text):
    """The terms of an analysed text (``search.analysis.analyze``, joined by spaces)."""
    return [term[:MAX_TERM] for term in (text or "").split()]


def entry_terms(title, body):
    """({term: weighted frequency}, length) of an entry's analysed title and body."""
    title_terms, body_terms = tokens(title), tokens(body)
    counts = {}
    for term in title_terms:
        counts[term] = counts.get(term, 0.0) + TITLE_WEIGHT
    for term in body_terms:
        counts[term] = counts.get(term, 0.0) + 1.0
    return counts, float(len(title_terms) + len(body_terms))


def _grouped(entries):
    """{term: (entry ids, frequencies, lengths)} of [(entry id, counts, length)]."""
    grouped = {}
    for entry, counts, length in entries:
        for term, frequency in counts.items():
            found = grouped.get(term)
            if found is None:
                found = grouped[term] = ([], [], [])
            found[0].append(entry)
            found[1].append(frequency)
            found[2].append(length)
    return grouped


# Frequencies and lengths are whole numbers (a title word counts 2, a body word 1), packed as
# 16-bit integers (capped); entry ids as 32-bit integers while they fit, else 64-bit (the width
# is read back from the byte lengths). 8 bytes per posting: reading them is most of a search.
COUNT_TYPE = np.uint16
COUNT_MAX = np.iinfo(COUNT_TYPE).max


def _counts(values):
    return np.minimum(np.asarray(values, dtype=np.float64), COUNT_MAX).astype(COUNT_TYPE)


def _row(generation, term, part, entries, frequencies, lengths):
    entries = np.asarray(entries, dtype=np.int64)
    if entries.size and entries.max() < 2**31:
        entries = entries.astype(np.int32)
    return TermPostings(
        generation=generation,
        term=term,
        part=part,
        entries=entries.tobytes(),
        frequencies=_counts(frequencies).tobytes(),
        lengths=_counts(lengths).tobytes(),
    )


def _unpacked(entries, frequencies, lengths):
    """(entry ids, frequencies, lengths) arrays of a row's packed columns."""
    frequencies = np.frombuffer(frequencies, dtype=COUNT_TYPE)
    wide = len(entries) > 4 * frequencies.size
    return (
        np.frombuffer(entries, dtype=np.int64 if wide else np.int32),
        frequencies,
        np.frombuffer(lengths, dtype=COUNT_TYPE),
    )


def _joined(pieces):
    """(entry ids, frequencies, lengths) of a list of such triples, as three arrays."""
    if not pieces:
        return (np.empty(0, dtype=np.int32), np.empty(0, dtype=COUNT_TYPE), np.empty(0, COUNT_TYPE))
    return tuple(np.concatenate(column) for column in zip(*pieces, strict=True))


def _live_state(using, lock=False):
    """The state row (made if missing: a flushed database), locked if ``lock``."""
    states = PostingsState.objects.using(using)
    if lock:
        states = states.select_for_update()
    state = states.filter(pk=1).first()
    if state is None:
        PostingsState.objects.using(using).bulk_create([PostingsState(pk=1)], ignore_conflicts=True)
        state = states.get(pk=1)
    return state


class Rebuild:
    """The term index written by one ``update_index`` run, made live by ``finish``."""

    def __init__(self, using):
        self.using = using
        with transaction.atomic(using=using):
            state = _live_state(using, lock=True)
            self.live = state.generation
            self.live_average = state.average_length
            self.generation = state.generation + 1
            # What an interrupted rebuild left.
            TermPostings.objects.using(using).filter(generation__gt=self.live).delete()
            last = ChangedEntry.objects.using(using).aggregate(last=Max("serial"))["last"]
            self.started_after = last or 0
        self.parts = 0
        self.wrote = False  # whether the new generation describes the whole index
        self.entries = 0
        self.total_length = 0.0

    def stage(self, entries):
        """Write the postings of [(entry id, counts, length)] under the new generation."""
        if not entries:
            return
        part = self.parts
        self.parts += 1
        self.wrote = True
        self.entries += len(entries)
        self.total_length += sum(length for _entry, _counts, length in entries)
        rows = [
            _row(self.generation, term, part, *columns)
            for term, columns in _grouped(entries).items()
        ]
        TermPostings.objects.using(self.using).bulk_create(rows, batch_size=500)

    def finish(self, average=None):
        """Make the new generation live, with the entries changed since the rebuild started.

        ``average``: the entries' average length, if not the staged entries' own. A rebuild
        that wrote nothing (``--schema-only``) leaves the live generation as it was."""
        postings = TermPostings.objects.using(self.using)
        if not self.wrote:
            postings.filter(generation=self.generation).delete()
            return
        if average is None and self.entries:
            average = self.total_length / self.entries
        with transaction.atomic(using=self.using):
            state = _live_state(self.using, lock=True)
            changed = ChangedEntry.objects.using(self.using)
            changed.filter(serial__lte=self.started_after).delete()
            kept = changed.annotate(part=-F("entry_id")).values("part")
            live = postings.filter(generation=state.generation, part__lt=0)
            live.exclude(part__in=kept).delete()
            live.update(generation=self.generation)
            state.generation = self.generation
            state.token = uuid.uuid4().hex
            state.complete = True
            state.average_length = average
            state.save()
        postings.filter(generation__lt=self.generation).delete()


def fold(using=None, batch=500):
    """Fold the entries written since the last rebuild into one row per term: a new generation
    made of the live one's rows, each changed entry's own rows in place of its stale ones,
    entries no longer in the search index left out. Nothing is analysed again (an
    ``update_index`` without its cost); memory holds ``batch`` terms at a time. Entries written
    while it runs stay changed. Returns the number of entries folded."""
    using = using or router.db_for_write(TermPostings)
    rebuild = Rebuild(using)
    changed = ChangedEntry.objects.using(using)
    folded = np.fromiter(
        changed.filter(serial__lte=rebuild.started_after).values_list("entry_id", flat=True),
        dtype=np.int64,
    )
    hidden = np.fromiter(changed.values_list("entry_id", flat=True), dtype=np.int64)
    entry = get_app_config().get_model("IndexEntry")
    (existing,) = column_arrays(
        entry._default_manager.using(using).values_list("id"), ["id"], [np.int64]
    )
    live = TermPostings.objects.using(using).filter(generation=rebuild.live)
    terms = sorted(set(live.values_list("term", flat=True)))
    lengths = {}
    for start in range(0, len(terms), batch):
        pieces = {}
        for term, part, *columns in live.filter(term__in=terms[start : start + batch]).values_list(
            "term", "part", "entries", "frequencies", "lengths"
        ):
            entries, frequencies, lengths_of = _unpacked(*columns)
            if part >= 0:
                keep = ~np.isin(entries, hidden)
            else:
                keep = np.isin(entries, folded)
                lengths.update(zip(entries[keep].tolist(), lengths_of[keep].tolist(), strict=True))
            keep &= np.isin(entries, existing)
            pieces.setdefault(term, []).append((entries[keep], frequencies[keep], lengths_of[keep]))
        rows = []
        for term, found in pieces.items():
            entries, frequencies, lengths_of = _joined(found)
            if entries.size:
                order = np.argsort(entries)
                rows.append(
                    _row(
                        rebuild.generation,
                        term,
                        0,
                        entries[order],
                        frequencies[order],
                        lengths_of[order],
                    )
                )
        TermPostings.objects.using(using).bulk_create(rows, batch_size=200)
    rebuild.wrote = True
    average = rebuild.live_average
    if average is None and lengths:
        average = sum(lengths.values()) / len(lengths)
    rebuild.finish(average=average)
    return folded.size


def record(using, entries):
    """Postings of entries written outside a rebuild: [(entry id, counts, length)]."""
    if not entries:
        return
    ids = [entry for entry, _counts, _length in entries]
    with transaction.atomic(using=using):
        generation = _live_state(using, lock=True).generation
        changed = ChangedEntry.objects.using(using)
        changed.filter(entry_id__in=ids).delete()
        changed.bulk_create([ChangedEntry(entry_id=entry) for entry in ids])
        postings = TermPostings.objects.using(using)
        postings.filter(generation=generation, part__in=[-entry for entry in ids]).delete()
        rows = [
            _row(generation, term, -entry, [entry], [frequency], [length])
            for entry, counts, length in entries
            for term, frequency in counts.items()
        ]
        postings.bulk_create(rows, batch_size=500)


def forget(using, ids):
    """Drop the postings of entries removed from the search index."""
    if not ids:
        return
    with transaction.atomic(using=using):
        generation = _live_state(using, lock=True).generation
        ChangedEntry.objects.using(using).filter(entry_id__in=ids).delete()
        TermPostings.objects.using(using).filter(
            generation=generation, part__in=[-entry for entry in ids]
        ).delete()


def entries_written(model_entries, content_type_pk, docs, using):
    """[(entry id, counts, length)] of analysed documents just written to the entry table."""
    ids = dict(
        model_entries.using(using)
        .filter(content_type_id=content_type_pk, object_id__in=[doc.id for doc in docs])
        .values_list("object_id", "id")
    )
    return [(ids[doc.id], *entry_terms(doc.title, doc.body)) for doc in docs if doc.id in ids]


# Searching -------------------------------------------------------------------------------------

READ = """
SELECT 1, p.term, p.part, p.entries, p.frequencies, p.lengths, CAST(NULL AS DOUBLE PRECISION)
FROM {postings} p
WHERE p.generation = COALESCE((SELECT s.generation FROM {state} s WHERE s.id = 1), 0)
    AND p.term IN ({terms}) AND {parts}
UNION ALL SELECT 2, NULL, c.entry_id, NULL, NULL, NULL, NULL FROM {changed} c
UNION ALL SELECT CASE WHEN s.complete THEN 3 ELSE 4 END, s.token, s.generation, NULL, NULL,
    NULL, s.average_length FROM {state} s WHERE s.id = 1
"""


def _fetched(connection, sql, params):
    """Every row of ``sql``. On PostgreSQL the results come in binary form: Django's cursors
    ask for text, where each byte of a ``bytea`` travels as two hex digits to decode (half the
    time of a broad search at 100,000 items). The query is logged as Django logs its own."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        import psycopg

        logged = getattr(cursor, "debug_sql", None)
        with psycopg.Cursor(connection.connection) as binary:
            if logged is None:
                binary.execute(sql, params, binary=True)
            else:
                with logged(sql, params):
                    binary.execute(sql, params, binary=True)
            return binary.fetchall()


def _weight(columns):
    return sum(column.nbytes for column in columns) + 100


class KeptPostings(KeptResults):
    """The rebuilt postings of recent terms, decoded, kept by a process up to ``limit`` bytes.

    Rows written by a rebuild or a fold never change while their generation is live (entries
    written since have their own rows, read on every search), so a term's rebuilt postings are
    kept under the live generation's token until it changes: a search then reads only the rows
    written since, the changed entries and the state. What an engine's page cache does for its
    postings; each process keeps its own.
    """

    def __init__(self, limit):
        super().__init__(limit, weight=_weight)
        self.tokens = {}  # database -> token of the last generation seen

    def clear(self):
        super().clear()
        self.tokens.clear()


kept_postings = KeptPostings(64 * 1024 * 1024)


def _read(terms, using):
    """(complete, average length, {term: (rebuilt, since)}, changed entry ids): for each term
    with postings, its rebuilt postings and those written since, each an (entry ids,
    frequencies, lengths) triple of arrays. The rebuilt ones come from ``kept_postings`` when
    kept under the live generation, else are read (and kept)."""
    connection = connections[using]
    database = (using, connection.settings_dict.get("NAME"))
    guess = kept_postings.tokens.get(database)
    kept = {}
    if guess is not None:
        for term in terms:
            found = kept_postings.peek((database, guess, term))
            if found is not None:
                kept[term] = found
    complete, average, token, rows, changed = _fetch(
        connection, terms, [term for term in terms if term not in kept], guess
    )
    if token != guess:
        # A new generation since the last search: the query returned every rebuilt row.
        kept = {}
    kept_postings.tokens[database] = token
    found = {}
    for term in terms:
        parts = rows.get(term, [])
        rebuilt = kept.get(term)
        if rebuilt is None:
            rebuilt = _joined([columns for part, *columns in parts if part >= 0])
            kept_postings.put((database, token, term), rebuilt)
        since = _joined([columns for part, *columns in parts if part < 0])
        if rebuilt[0].size or since[0].size:
            found[term] = (rebuilt, since)
    return complete, average, found, np.asarray(changed, dtype=np.int64)


def _fetch(connection, terms, rebuilt, token):
    """(complete, average, token, rows, changed): the rows of ``terms`` written since the
    rebuild, and the rebuilt ones of the terms in ``rebuilt`` — of every term if the live
    generation's token is not ``token`` (None: unknown) —, with the state."""
    quote = connection.ops.quote_name
    params = list(terms)
    if token is None:
        parts = "TRUE"
    else:
        wanted = [
            "p.part < 0",
            "COALESCE((SELECT s.token FROM {state} s WHERE s.id = 1), '') <> %s",
        ]
        params.append(token)
        if rebuilt:
            wanted.append(f"p.term IN ({', '.join(['%s'] * len(rebuilt))})")
            params += list(rebuilt)
        parts = "(" + " OR ".join(wanted) + ")"
    state = quote(PostingsState._meta.db_table)
    sql = READ.format(
        postings=quote(TermPostings._meta.db_table),
        state=state,
        changed=quote(ChangedEntry._meta.db_table),
        terms=", ".join(["%s"] * len(terms)),
        parts=parts.replace("{state}", state),
    )
    complete, average, token = True, None, ""
    rows, changed = {}, []
    for kind, term, number, entries, frequencies, lengths, length in _fetched(
        connection, sql, params
    ):
        if kind == 1:
            rows.setdefault(term, []).append((number, *_unpacked(entries, frequencies, lengths)))
        elif kind == 2:
            changed.append(number)
        else:
            complete, average, token = kind == 3, length, term or ""
    return complete, average, token, rows, changed


def match(terms, operator, index, using=None):
    """The entries holding the analysed ``terms`` (all of them, or any if ``operator`` is
    "or"), placed in the facet ``index``, ranked by BM25: ``(positions, scores)`` arrays, lower
    score first. None when the term index cannot answer (incomplete, or no term)."""
    terms = list(dict.fromkeys(term for text in terms for term in tokens(text)))
    if not terms:
        return None
    using = using or router.db_for_read(TermPostings)
    complete, average, rows, changed = _read(terms, using)
    if not complete:
        return None
    every = operator != "or"
    size = index.size
    if every and any(term not in rows for term in terms):
        return np.empty(0, dtype=np.int32), np.empty(0)
    place = index.placer()
    library = max(index.entry_lookup()[0].size, 1)
    found = []
    for term in terms:
        if term not in rows:
            continue
        rebuilt, since = rows[term]
        if changed.size:
            # The rebuild's rows of entries written since are stale: their own rows replace them.
            fresh = ~np.isin(rebuilt[0], changed)
            rebuilt = tuple(column[fresh] for column in rebuilt)
        entries, frequencies, lengths = _joined([rebuilt, since])
        positions = place(entries)
        positions[positions < 0] = size  # not shown in this locale: a spare slot
        found.append((positions, frequencies, lengths))
    if average is None:
        # No rebuild yet (only entries written one by one): their own average.
        seen = [lengths[positions < size] for positions, _f, lengths in found]
        seen = np.concatenate(seen) if seen else np.empty(0)
        average = float(seen.mean()) if seen.size else 1.0
    average = max(average, 1.0)
    held = np.full(size + 1, every)
    scores = np.zeros(size + 1)
    for positions, frequencies, lengths in found:
        frequency_in = np.count_nonzero(positions < size)
        idf = np.log1p((library - frequency_in + 0.5) / (frequency_in + 0.5))
        norm = K1 * (1.0 - B + B * lengths / average)
        weights = frequencies * (idf * (K1 + 1.0)) / (frequencies + norm)
        scores += np.bincount(positions, weights=weights, minlength=size + 1)
        here = np.zeros(size + 1, dtype=bool)
        here[positions] = True
        if every:
            held &= here
        else:
            held |= here
    positions = np.flatnonzero(held[:size]).astype(np.int32)
    return positions, -scores[positions]
