"""The search page runs a fixed number of queries, whatever the number of facet values.

Filters and facet counts come from the in-memory facet index (``search.facets``): once it is
built, a search reads its version token, asks the engine, and loads the page shown. A regression
to one query per facet value or per result shows up here.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.index import insert_or_update_object

from resources.models import LibraryPage, Organisation, Territory
from resources.models.snippets import LibraryPageTag, LibraryTag
from search.service import recent_matches
from tests.search.content import refresh_indexes

pytestmark = pytest.mark.django_db

# 5 on a search engine: the request's site (Wagtail's lookup; the cached header and footer vary
# on it), the content version, the reader's locale and the two upserts counting the query for the
# editors (one statement on PostgreSQL); the results' cards and texts being kept, no page is read
# (more queries otherwise: ``test_result_cards``). The database backends add their term index
# read: one query (see ``test_postings``).
FACETED_QUERIES = 5


def term_index_reads():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return 1 if backend.endswith(".database") else 0


def expected_queries():
    upserts_merged = 1 if connection.vendor == "postgresql" else 0
    return FACETED_QUERIES + term_index_reads() - upserts_merged


def faceted(library):
    health = library["themes"]["health"]
    return {"q": "crise", "theme": str(health.pk), "year": ["2021", "2020"]}


def facet_values(response):
    return sum(len(facet["buckets"]) for facet in response.context["facets"])


def test_faceted_search_page_query_count(library, client, django_assert_num_queries):
    params = faceted(library)
    assert client.get("/fr/recherche/", params).status_code == 200  # warm caches
    recent_matches.clear()  # new words: the backend matches them
    with django_assert_num_queries(expected_queries()):
        response = client.get("/fr/recherche/", params)
    assert response.status_code == 200
    assert response.context["search"].count == 2


def test_refining_a_search_matches_the_words_once_on_a_database_backend(library, client):
    """Another facet, page or sort for the same words reuses the words' match (a database
    backend reads every match; an engine's match is not kept: its index lags a little)."""
    params = faceted(library)
    refined = {**params, "year": "2021"}

    def queries_of(wanted):
        with CaptureQueriesContext(connection) as done:
            assert client.get("/fr/recherche/", wanted).status_code == 200
        return len(done.captured_queries)

    client.get("/fr/recherche/", refined)  # warm the other caches
    recent_matches.clear()
    new_words = queries_of(refined)
    queries_of(params)
    same_words = queries_of(refined)
    # A database backend skips matching the words, and on PostgreSQL ranking them too: the
    # narrower selection keeps only entries the first search ranked. An engine keeps nothing.
    assert new_words - same_words == term_index_reads()


def add_facet_values(pks, locale, first, last):
    """Tags, communes and organisations numbered first..last, each on every item of ``pks``.

    The items are then indexed again, as publishing them would (a search engine counts the
    facet values it indexed)."""
    region = Territory.objects.get_or_create(name="Bretagne", kind="region")[0]
    for i in range(first, last):
        tag = LibraryTag.objects.create(
            name=f"étiquette {i}", slug=f"etiquette-{i}", name_en=f"t{i}"
        )
        commune = Territory.objects.create(name=f"Commune {i}", kind="commune", parent=region)
        organisation = Organisation.objects.create(name=f"Collectif {i}", locale=locale)
        for pk in pks:
            LibraryPageTag.objects.create(content_object_id=pk, tag=tag)
            # Parental relations: written through their tables (``add`` waits for a save).
            LibraryPage.territories.through.objects.create(librarypage_id=pk, territory=commune)
            LibraryPage.organisations.through.objects.create(
                librarypage_id=pk, organisation=organisation
            )
    for page in LibraryPage.objects.filter(pk__in=pks).specific():
        insert_or_update_object(page)
    refresh_indexes()


def test_query_count_does_not_grow_with_facet_values(library, client):
    params = faceted(library)
    found = [item.pk for item in client.get("/fr/recherche/", params).context["results_page"]]
    locale = library["items"]["school"].locale
    add_facet_values(found, locale, 0, 1)
    with CaptureQueriesContext(connection) as before:
        first = client.get("/fr/recherche/", params)
    add_facet_values(found, locale, 1, 16)
    with CaptureQueriesContext(connection) as after:
        second = client.get("/fr/recherche/", params)
    assert facet_values(second) == facet_values(first) + 15 * 3
    assert len(after.captured_queries) == len(before.captured_queries)
