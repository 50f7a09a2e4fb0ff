"""The search page runs a bounded number of queries, whatever the library's size and the number
of facet values: a regression to one query per facet value or per result shows up here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.index import insert_or_update_object

from resources.models import LibraryPage, Organisation, Territory
from resources.models.snippets import LibraryPageTag, LibraryTag
from tests.search.content import refresh_indexes

pytestmark = pytest.mark.django_db

# The bar for the search page on every backend.
MAX_QUERIES = 8


def faceted(library):
    health = library["themes"]["health"]
    return {"q": "crise", "theme": str(health.pk), "year": ["2021", "2020"]}


def facet_values(response):
    return sum(len(facet["buckets"]) for facet in response.context["facets"])


def test_faceted_search_page_query_count(library, client):
    params = faceted(library)
    assert client.get("/fr/recherche/", params).status_code == 200  # warm the caches
    with CaptureQueriesContext(connection) as done:
        response = client.get("/fr/recherche/", params)
    assert response.status_code == 200
    assert response.context["search"].count == 2
    shown = "\n".join(q["sql"][:70] for q in done.captured_queries)
    assert len(done.captured_queries) <= MAX_QUERIES, shown


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
    client.get("/fr/recherche/", params)  # the taxonomy changed: read it again, once
    with CaptureQueriesContext(connection) as before:
        first = client.get("/fr/recherche/", params)
    add_facet_values(found, locale, 1, 16)
    client.get("/fr/recherche/", params)
    with CaptureQueriesContext(connection) as after:
        second = client.get("/fr/recherche/", params)
    assert facet_values(second) == facet_values(first) + 15 * 3
    assert len(after.captured_queries) == len(before.captured_queries) <= MAX_QUERIES
