"""The database backends' term index (``search.postings``).

- Its ranking is BM25 of the weighted frequencies, checked against a plain reference on
  generated entries, with some entries changed after the rebuild.
- It follows the index: a publish is found by its new words and no longer by its old ones, a
  deleted item leaves nothing, a rebuild keeps the changes made while it ran and drops the
  others, a schema-only rebuild keeps the live generation.
- A term index that does not describe every entry (a database indexed before it existed) is
  not used: the full-text index answers until ``update_index`` has run.
"""

import math
from unittest.mock import patch

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from modelsearch.backends import get_search_backend
from wagtail.models import Locale

from resources.models import LibraryPage, NewsPage
from search import postings
from search.facets import FacetIndex, facet_index
from search.matching import match
from search.models import ChangedEntry, PostingsState, TermPostings
from tests.factories import NewsPageFactory, build_bilingual_tree, publish

DATABASE = "search.backends.database"

# --- the ranking, against a plain BM25 ---------------------------------------------------------

VOCABULARY = ["concert", "budget", "quarti", "citoyen", "sant", "ecol", "voisin", "climat"]
texts = st.lists(st.sampled_from(VOCABULARY), max_size=12).map(" ".join)
documents = st.lists(st.tuples(texts, texts), min_size=1, max_size=12)


def reference(docs, words, operator, average):
    """{entry: score} of the entries matching ``words``: BM25, title words counting twice."""
    terms = list(dict.fromkeys(words))
    counts = {}
    for entry, (title, body) in docs.items():
        held = {}
        for word in title.split():
            held[word] = held.get(word, 0) + 2
        for word in body.split():
            held[word] = held.get(word, 0) + 1
        counts[entry] = (held, len(title.split()) + len(body.split()))
    holding = {term: sum(1 for held, _n in counts.values() if term in held) for term in terms}
    found = {}
    for entry, (held, length) in counts.items():
        present = [term for term in terms if term in held]
        if not present or (operator == "and" and len(present) < len(terms)):
            continue
        score = 0.0
        for term in present:
            df = holding[term]
            idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
            f = held[term]
            score += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * length / average))
        found[entry] = score
    return found


def placed(entries):
    """A facet index holding ``entries`` (entry id -> position, in the given order)."""
    index = FacetIndex(token="", locale_id=0, pks=list(range(len(entries))))
    order = np.argsort(entries)
    index._entry_lookup = (
        np.asarray(entries, dtype=np.int64)[order],
        np.arange(len(entries), dtype=np.int32)[order],
    )
    return index


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    documents,
    st.lists(st.tuples(st.integers(0, 11), texts, texts), max_size=4),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
    st.sampled_from(["and", "or"]),
)
def test_the_ranking_is_bm25_of_the_latest_text_of_each_entry(db, built, changes, words, operator):
    TermPostings.objects.all().delete()
    ChangedEntry.objects.all().delete()
    PostingsState.objects.all().delete()
    using = connection.alias
    docs = {100 + n: texts for n, texts in enumerate(built)}
    rebuild = postings.Rebuild(using)
    staged = [(entry, *postings.entry_terms(*texts)) for entry, texts in docs.items()]
    rebuild.stage(staged[::2])
    rebuild.stage(staged[1::2])
    rebuild.finish()
    average = sum(length for _entry, _counts, length in staged) / len(staged)
    # Entries written after the rebuild: their own rows hide the rebuild's.
    for n, title, body in changes:
        entry = 100 + n % len(docs)
        docs[entry] = (title, body)
        postings.record(using, [(entry, *postings.entry_terms(title, body))])

    entries = list(docs)
    index = placed(entries)
    positions, scores = postings.match(words, operator, index)
    expected = reference(docs, words, operator, max(average, 1.0))
    got = {entries[p]: -s for p, s in zip(positions.tolist(), scores.tolist(), strict=True)}
    assert set(got) == set(expected)
    for entry, score in expected.items():
        assert got[entry] == pytest.approx(score, rel=1e-5)


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    documents,
    st.lists(st.tuples(st.integers(0, 11), texts, texts), min_size=1, max_size=4),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
)
def test_folding_changes_no_search_and_leaves_one_row_per_term(db, built, changes, words):
    TermPostings.objects.all().delete()
    ChangedEntry.objects.all().delete()
    PostingsState.objects.all().delete()
    using = connection.alias
    docs = {100 + n: texts for n, texts in enumerate(built)}
    rebuild = postings.Rebuild(using)
    rebuild.stage([(entry, *postings.entry_terms(*texts)) for entry, texts in docs.items()])
    rebuild.finish()
    for n, title, body in changes:
        entry = 100 + n % len(docs)
        postings.record(using, [(entry, *postings.entry_terms(title, body))])
    index = placed(list(docs))
    before = {operator: postings.match(words, operator, index) for operator in ("and", "or")}
    # The entries must exist in the search index to be kept: here, every one of them.
    with patch.object(postings, "column_arrays", return_value=[np.asarray(list(docs))]):
        postings.fold(using)
    assert not ChangedEntry.objects.exists()
    assert not TermPostings.objects.filter(part__lt=0).exists()
    terms = list(TermPostings.objects.values_list("term", flat=True))
    assert len(terms) == len(set(terms))
    for operator, (positions, scores) in before.items():
        after_positions, after_scores = postings.match(words, operator, index)
        assert after_positions.tolist() == positions.tolist()
        assert after_scores.tolist() == pytest.approx(scores.tolist(), rel=1e-9)


def test_a_term_index_that_is_not_complete_is_not_used(db):
    TermPostings.objects.all().delete()
    PostingsState.objects.update_or_create(pk=1, defaults={"complete": False})
    index = placed([1, 2])
    postings.record(connection.alias, [(1, *postings.entry_terms("concert", ""))])
    assert postings.match(["concert"], "and", index) is None
    PostingsState.objects.filter(pk=1).update(complete=True)
    positions, _scores = postings.match(["concert"], "and", index)
    assert positions.tolist() == [0]


# --- following the index -----------------------------------------------------------------------


@pytest.fixture
def news(db):
    tree = build_bilingual_tree()
    pages = [
        publish(NewsPageFactory(parent=tree.fr.library, title=title, slug=f"news-{n}"))
        for n, title in enumerate(["Le xylophone du quartier", "La fanfare du quartier"])
    ]
    call_command("update_index", backend_name=DATABASE, verbosity=0)
    return pages


def found(words, operator="and"):
    """Page ids the database backend's term index finds for ``words``, best first."""
    with translation.override("fr"):
        locale = Locale.objects.get(language_code="fr")
        index = facet_index(locale)
        results = LibraryPage.objects.filter(locale=locale).search(
            words, operator=operator, order_by_relevance=True, backend=DATABASE
        )
        assert results.query_compiler.postings_terms() is not None
        index.placer()  # the entry positions, read once per version
        with CaptureQueriesContext(connection) as queries:
            kept = match(results, index)
        # One query, on the term index: not the full-text one.
        assert len(queries.captured_queries) == 1
        assert TermPostings._meta.db_table in queries.captured_queries[0]["sql"]
        return index.pks_at(kept.best(index.everything, index.size))


def retitle(page, title):
    """Publish ``page`` under ``title`` and index it in the database backend, as a publish in
    another process would (a backend and an index of its own)."""
    page.title = title
    publish(page)
    get_search_backend(DATABASE).add(page)


def entry_of(page):
    from search.backends.database import IndexEntry

    return IndexEntry.objects.get(object_id=str(page.pk), content_type_id=page.content_type_id)


def test_a_change_is_found_by_its_new_words_and_no_longer_by_its_old_ones(news):
    first, second = news
    generation = PostingsState.objects.get(pk=1).generation
    assert found("xylophone") == [first.pk]
    assert ChangedEntry.objects.count() == 0

    retitle(first, "Le kiosque du quartier")
    assert found("kiosque") == [first.pk]
    assert found("xylophone") == []
    assert sorted(found("quartier")) == sorted([first.pk, second.pk])
    assert list(ChangedEntry.objects.values_list("entry_id", flat=True)) == [entry_of(first).pk]

    call_command("update_index", backend_name=DATABASE, verbosity=0)
    assert PostingsState.objects.get(pk=1).generation == generation + 1
    assert ChangedEntry.objects.count() == 0
    assert not TermPostings.objects.filter(part__lt=0).exists()
    assert not TermPostings.objects.exclude(generation=generation + 1).exists()
    assert found("kiosque") == [first.pk]
    assert found("xylophone") == []


def test_a_deleted_item_leaves_no_postings(news):
    first, second = news
    retitle(first, "Le kiosque du quartier")
    entry = entry_of(first).pk
    assert TermPostings.objects.filter(part=-entry).exists()
    get_search_backend(DATABASE).delete(first)
    assert not TermPostings.objects.filter(part=-entry).exists()
    assert not ChangedEntry.objects.filter(entry_id=entry).exists()
    assert found("quartier") == [second.pk]


def test_a_rebuild_keeps_the_changes_made_while_it_ran_and_drops_the_others(news):
    first, second = news
    retitle(second, "La fanfare du village")  # before the rebuild: the rebuild reads it

    backend = get_search_backend(DATABASE)
    index = backend.get_index_for_model(NewsPage)
    rebuilder = backend.rebuilder_class(index)
    rebuilding = rebuilder.start()
    rebuilding.add_model(NewsPage)
    rebuilding.add_items(NewsPage, list(NewsPage.objects.order_by("pk")))
    # Another process publishes while the rebuild runs (its own backend and index).
    retitle(first, "Le kiosque du quartier")
    rebuilder.finish()

    assert list(ChangedEntry.objects.values_list("entry_id", flat=True)) == [entry_of(first).pk]
    assert found("kiosque") == [first.pk]
    assert found("xylophone") == []
    assert found("village") == [second.pk]
    assert found("quartier") == [first.pk]


def test_folding_drops_deleted_items_and_keeps_the_latest_words(news):
    first, second = news
    retitle(first, "Le kiosque du quartier")
    deleted = entry_of(second).pk
    get_search_backend(DATABASE).delete(second)
    call_command("fold_term_index", if_over=5, verbosity=0)
    assert ChangedEntry.objects.exists()  # one entry written: under the threshold
    call_command("fold_term_index", verbosity=0)
    assert not ChangedEntry.objects.exists()
    assert found("kiosque") == [first.pk]
    assert found("xylophone") == []
    assert found("quartier") == [first.pk]
    for entries, frequencies, _lengths in TermPostings.objects.values_list(
        "entries", "frequencies", "lengths"
    ):
        assert deleted not in postings._unpacked(entries, frequencies, b"")[0].tolist()


def test_a_schema_only_rebuild_keeps_the_live_generation(news):
    first, _second = news
    generation = PostingsState.objects.get(pk=1).generation
    call_command("update_index", backend_name=DATABASE, schema_only=True, verbosity=0)
    assert PostingsState.objects.get(pk=1).generation == generation
    assert not TermPostings.objects.exclude(generation=generation).exists()
    assert found("xylophone") == [first.pk]


def test_until_a_rebuild_the_full_text_index_answers(news):
    first, _second = news
    PostingsState.objects.filter(pk=1).update(complete=False)
    with translation.override("fr"):
        locale = Locale.objects.get(language_code="fr")
        index = facet_index(locale)
        index.placer()
        results = LibraryPage.objects.filter(locale=locale).search(
            "xylophone", order_by_relevance=True, backend=DATABASE
        )
        with CaptureQueriesContext(connection) as queries:
            kept = match(results, index)
    assert index.pks_at(kept.positions()) == [first.pk]
    assert len(queries.captured_queries) == 2  # the term index's state, then the full text
    call_command("update_index", backend_name=DATABASE, verbosity=0)
    assert PostingsState.objects.get(pk=1).complete
    assert found("xylophone") == [first.pk]


def test_kept_postings_stay_under_their_byte_limit_least_recent_out():
    kept = postings.KeptPostings(limit=3 * (800 + 100))
    column = np.zeros(100, dtype=np.int64)  # 800 bytes
    for name in "abc":
        kept.put(name, (column.copy(),))
    assert kept.peek("a") is not None  # "a" is now the most recent
    kept.put("d", (column.copy(),))
    assert kept.size <= kept.limit
    assert kept.peek("b") is None
    assert all(kept.peek(name) is not None for name in "acd")
    kept.put("huge", (np.zeros(10_000, dtype=np.int64),))  # above the limit: not kept
    assert kept.peek("huge") is None
    assert all(kept.peek(name) is not None for name in "acd")


def test_a_search_reads_only_the_rows_written_since_for_terms_kept(news):
    first, _second = news
    found("xylophone")
    with CaptureQueriesContext(connection) as queries:
        assert found("xylophone") == [first.pk]
    sql = queries.captured_queries[-1]["sql"]
    # The term is kept: the query asks for no rebuilt row of it, only for rows written since.
    assert "p.part < 0" in sql
    assert sql.count("p.term IN") == 1
