"""Suggestions, editor's picks, query statistics, the zero-result report and the JSON API."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from search.models import ZeroResultQuery

pytestmark = pytest.mark.django_db


def suggestions(client, language, query):
    url = "/fr/recherche/suggestions/" if language == "fr" else "/en/search/suggestions/"
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["suggestions"]]


def test_suggestions_ignore_accents_on_both_sides(library, client):
    assert "L'école ouverte sur son quartier" in suggestions(client, "fr", "ecol")
    assert "L'école ouverte sur son quartier" in suggestions(client, "fr", "écol")
    assert "La réserve citoyenne de l'Éducation nationale recrute" in suggestions(
        client, "fr", "reserve cit"
    )
    assert "Mutual aid platform “Neighbours” in Grenoble" in suggestions(client, "en", "mutu")
    assert "« Voisins Voisines », l'entraide de quartier à Grenoble" not in suggestions(
        client, "en", "plateforme"
    )


def test_suggestions_need_a_word(library, client):
    assert suggestions(client, "fr", "  ") == []
    assert suggestions(client, "fr", "!!") == []


def test_editors_picks_are_shown_above_results(library, client):
    pick = library["items"]["school"]
    SearchPromotion.objects.create(
        query=Query.get("crise"), page=pick, sort_order=0, description="À lire d'abord"
    )
    response = client.get("/fr/recherche/", {"q": "Crise"})
    assert [p["page"].pk for p in response.context["picks"]] == [pick.pk]
    html = response.content.decode()
    assert html.index("À lire d&#x27;abord") < html.index("search-result-list")
    # Not on the English page, whose reader would not understand it.
    assert client.get("/en/search/", {"q": "crise"}).context["picks"] == []


def test_a_pick_added_or_removed_shows_at_the_next_search(library, client):
    """The queries with picks are kept per process until the content version changes."""
    pick = library["items"]["school"]
    assert client.get("/fr/recherche/", {"q": "crise"}).context["picks"] == []
    promotion = SearchPromotion.objects.create(query=Query.get("crise"), page=pick, sort_order=0)
    found = client.get("/fr/recherche/", {"q": "crise"}).context["picks"]
    assert [p["page"].pk for p in found] == [pick.pk]
    promotion.delete()
    assert client.get("/fr/recherche/", {"q": "crise"}).context["picks"] == []


def test_queries_are_counted_and_empty_ones_reported(library, client):
    client.get("/fr/recherche/", {"q": "Démocratie"})
    client.get("/fr/recherche/", {"q": "démocratie"})
    assert Query.get("démocratie").hits == 2
    # The same rows as Wagtail's own counting: one query, one counter per day.
    Query.get("Démocratie").add_hit()
    client.get("/fr/recherche/", {"q": "DÉMOCRATIE"})
    assert Query.objects.filter(query_string__icontains="mocratie").count() == 1
    assert [hits.hits for hits in Query.get("démocratie").daily_hits.all()] == [4]
    client.get("/fr/recherche/", {"q": "Xylophone quantique"})
    client.get("/fr/recherche/", {"q": "xylophone  quantique"})
    assert ZeroResultQuery.objects.get(query_string="xylophone quantique", language="fr").hits == 2
    assert not ZeroResultQuery.objects.filter(query_string="démocratie").exists()


def test_zero_result_report_in_the_admin(library, client):
    ZeroResultQuery.record("vélo cargo", "fr")
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    response = client.get("/admin/reports/searches-without-results/")
    assert response.status_code == 200
    assert "vélo cargo" in response.content.decode()
    assert "/admin/reports/searches-without-results/" in client.get("/admin/").content.decode()


def test_json_api_returns_results_facets_and_pages(library, client):
    health = library["themes"]["health"]
    response = client.get("/api/search/", {"q": "crise", "theme": health.pk, "locale": "fr"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["results"]) == 2
    assert {r["title"] for r in data["results"]} == {
        "La participation en période de crise",
        "Les comités locaux de crise sanitaire en webinaire",
    }
    themes = next(f for f in data["facets"] if f["name"] == "theme")
    assert {b["label"]: b["selected"] for b in themes["buckets"]}["Démocratie sanitaire"]
    assert data["page"] == 1 and data["num_pages"] == 1 and data["next"] is None
    english = client.get("/api/search/", {"q": "citizen reserve", "locale": "en"}).json()
    assert english["results"][0]["title"] == (
        "The citizen reserve of national education is recruiting"
    )
    assert english["results"][0]["url"].startswith("/en/")


@pytest.mark.postgres
def test_counting_a_query_does_not_wait_for_a_disk_flush_on_postgres(library):
    """The hits counter's commit is asynchronous; the rest of the site's commits are not."""
    from django.db import connection

    from search.models import count_query

    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing to PostgreSQL"
    with connection.cursor() as cursor:
        # The test runs inside a transaction (as do the searches of the tests before it), so
        # the setting of the counting statement's transaction is visible here afterwards.
        cursor.execute("SET LOCAL synchronous_commit TO on")
        count_query("démocratie")
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("off",)
    assert Query.get("démocratie").hits == 1


@pytest.mark.postgres
def test_postgres_connections_compile_no_statement_just_in_time(db):
    """JIT is off for the site's connections: once a larger library's counting statement is
    estimated past ``jit_above_cost``, compiling it would cost more than running it."""
    from django.db import connection

    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing to PostgreSQL"
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_one_client_cannot_fill_the_search_statistics(library, client, settings):
    """A client typing random queries adds at most its budget of rows (the setting, page and
    JSON API together); the search still answers, and another client is still counted."""
    settings.SEARCH_STATISTICS_RATE = "6/h"
    for number in range(10):
        response = client.get("/fr/recherche/", {"q": f"mot{number} inconnu"})
        assert response.status_code == 200
    assert Query.objects.filter(query_string__startswith="mot").count() == 6
    assert ZeroResultQuery.objects.count() == 6
    client.get("/api/search/", {"q": "mot api", "locale": "fr"})
    assert not Query.objects.filter(query_string="mot api").exists()
    client.get("/fr/recherche/", {"q": "autre chose"}, REMOTE_ADDR="192.0.2.7")
    assert Query.objects.filter(query_string="autre chose").exists()


def test_behind_a_proxy_each_reader_has_a_budget_of_statistics(library, client, settings):
    """Behind the reverse proxy every request comes from its address: the budget follows the
    address the proxy names (``RATELIMIT_IP_META_KEY``), so one reader's flood leaves the
    others counted."""
    settings.SEARCH_STATISTICS_RATE = "3/h"
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    for number in range(5):
        client.get("/fr/recherche/", {"q": f"flot{number}"}, HTTP_X_REAL_IP="198.51.100.9")
    assert Query.objects.filter(query_string__startswith="flot").count() == 3
    client.get("/fr/recherche/", {"q": "lecteur sage"}, HTTP_X_REAL_IP="203.0.113.5")
    assert Query.objects.filter(query_string="lecteur sage").exists()
