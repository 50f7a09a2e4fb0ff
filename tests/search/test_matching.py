"""The matches a search keeps (``search.matching``) are exactly what the backend's search finds.

On the database backends the matches come from a lighter query than modelsearch's own (index
entry ids and scores, no page): it must find the same pages, and on PostgreSQL score them with
the same rank, so the order of the results does not change.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Locale

from resources.models import LibraryPage
from search.facets import bits_of, facet_index
from search.matching import match

pytestmark = pytest.mark.django_db

WORDS = [
    "démocratie",
    "sanitaires",
    "Crise",
    "quartier",
    "citoyenne",
    "réserve",
    "l'entraide",
    "participation",
    "locale",
    "la",
    "Grenoble",
    "comités",
    "solidarité",
    "xylophone",
    "école-ouverte",
]


@pytest.fixture
def full_text_only(library):
    """The term index set aside (``search.postings``): PostgreSQL's own matching and ranking,
    what searches use until the term index describes every entry."""
    from search.models import PostingsState

    PostingsState.objects.filter(pk=1).update(complete=False)
    return library


def on_postgres_database():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return backend.endswith(".database") and connection.vendor == "postgresql"


def search(words, operator):
    locale = Locale.objects.get(language_code="fr")
    return LibraryPage.objects.filter(locale=locale).search(
        " ".join(words), operator=operator, order_by_relevance=True
    )


def found_and_expected(words, operator, scored=True, kept_share=1.0):
    """(the match, modelsearch's results in its order) for the library's shown French items."""
    with translation.override("fr"):
        index = facet_index(Locale.objects.get(language_code="fr"))
        found = match(search(words, operator), index, scored=scored, kept_share=kept_share)
        expected = [obj.pk for obj in search(words, operator) if obj.pk in index.position]
    return index, found, expected


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(WORDS)
        | st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["and", "or"]),
    st.booleans(),
)
def test_the_match_holds_the_pages_the_backend_finds(library, words, operator, scored):
    index, found, expected = found_and_expected(words, operator, scored)
    assert sorted(index.pks_at(found.positions())) == sorted(expected)
    assert found.exists() == bool(expected)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("words", "operator"),
    [
        (["démocratie", "sanitaire"], "and"),
        (["crise"], "and"),
        (["quartier", "citoyenne", "solidarité"], "or"),
        (["la", "participation"], "or"),
    ],
)
def test_postgres_scores_order_the_matches_as_modelsearch_ranks_them(
    full_text_only, words, operator
):
    assert on_postgres_database(), "run with DATABASE_URL pointing to PostgreSQL"
    index, found, expected = found_and_expected(words, operator, kept_share=0.1)
    assert len(expected) > 1
    # Unranked entries first; scores asked for the entries kept (here: all of them).
    rows = list(zip(found.entries, found.positions(), strict=True))
    ids, values = found.scorer([entry for entry, _position in rows])
    scores = dict(zip(ids.tolist(), values.tolist(), strict=True))
    score = {position: scores[entry] for entry, position in rows}
    ranked = [score[index.position[pk]] for pk in expected]
    assert ranked == sorted(ranked)
    assert found.best(index.everything, len(expected)) == [
        position for _score, position in sorted((s, p) for p, s in score.items())
    ]


@pytest.mark.postgres
def test_postgres_match_uses_the_gin_indexes_and_ranks_only_when_asked(full_text_only):
    """Each word is tested on the title and on the body vector, never on ``title || body``.

    That form is what lets PostgreSQL combine the GIN indexes of both columns (bitmap scans,
    seen with EXPLAIN ANALYZE at 20,000 and 100,000 items); on this tiny library the planner's
    choice depends on statistics, so the test checks the condition itself.
    """
    assert on_postgres_database(), "run with DATABASE_URL pointing to PostgreSQL"
    with translation.override("fr"):
        compiler = search(["démocratie", "sanitaire"], "and").query_compiler
        sql, _params = compiler.entry_queryset(scored=True).query.sql_with_params()
    where = sql.split(" WHERE ", 1)[1]
    assert "||" not in where
    assert where.count('"title" @@') == 2
    assert where.count('"body" @@') == 2
    index = facet_index(Locale.objects.get(language_code="fr"))
    words = (["démocratie", "sanitaire"], "and")
    with translation.override("fr"), CaptureQueriesContext(connection) as queries:
        unscored = match(search(*words), index, scored=False)
        # Filters keeping a small part of the library: match first, rank those kept later.
        scored = match(search(*words), index, scored=True, kept_share=0.1)
        best = scored.best(index.everything, 3)
        # No filter: every match ranked in the matching query itself.
        everything = match(search(*words), index, scored=True, kept_share=1.0)
        best_of_all = everything.best(index.everything, 3)
    matches = [query["sql"] for query in queries.captured_queries if " @@ " in query["sql"]]
    # Unranked matches for the first two, ranks only for the entries the search keeps, then
    # one query matching and ranking.
    assert [sql.count("ts_rank") for sql in matches] == [0, 0, 2, 2]
    assert unscored.scorer is None
    assert sorted(unscored.positions()) == sorted(scored.positions())
    assert sorted(everything.positions()) == sorted(scored.positions())
    assert len(best) == min(3, len(scored.positions()))
    assert best_of_all == best


@pytest.mark.postgres
def test_postgres_ranks_asked_bit_by_bit_give_the_same_order(full_text_only):
    """A kept match ranks the rows each search keeps, once: the order must not depend on
    which rows earlier searches ranked."""
    assert on_postgres_database(), "run with DATABASE_URL pointing to PostgreSQL"
    words = (["quartier", "citoyenne", "solidarité", "démocratie"], "or")
    index, reused, _expected = found_and_expected(*words, kept_share=0.1)
    _index, fresh, _expected = found_and_expected(*words, kept_share=0.1)
    positions = sorted(reused.positions())
    assert len(positions) > 2
    some = bits_of(positions[::2], index.size)
    first = reused.best(some, 10)
    assert first == fresh.best(some, 10)
    with CaptureQueriesContext(connection) as again:
        assert reused.best(some, 10) == first
    assert again.captured_queries == []  # nothing left to rank
    assert reused.best(index.everything, 10) == fresh.best(index.everything, 10)
