"""Every listing goes through the one library query: the same filters give the same items, and
a private or unpublished theme shows nowhere."""

import pytest
from wagtail.models import PageViewRestriction

from resources.models import LibraryPage, ThemePage

pytestmark = pytest.mark.django_db


def search_ids(client, params):
    found = client.get("/fr/recherche/", {**params, "sort": "date"}).context["search"]
    return [item.pk for item in found.page.object_list], found.count


def library_ids(client, library, params):
    page = client.get(library["library"].url, params).context["items_page"]
    return [item.pk for item in page.object_list], page.paginator.count


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"type": "project"},
        {"theme": "health"},
        {"tag": "entraide"},
        {"territory": "region"},
        {"territory": "isere", "type": "project"},
        {"year": "2021", "theme": "solidarity"},
        {"organisation": "promo"},
        {"audience": "agents", "year": ["2020", "2021"]},
    ],
)
def test_library_index_and_search_page_give_the_same_items(library, client, filters):
    from resources.models import Audience, Organisation, Territory

    values = {
        "health": str(library["themes"]["health"].pk),
        "solidarity": str(library["themes"]["solidarity"].pk),
        "region": str(Territory.objects.get(name="Auvergne-Rhône-Alpes").pk),
        "isere": str(Territory.objects.get(name="Isère").pk),
        "promo": str(Organisation.objects.get(name__startswith="PromoSanté").pk),
        "agents": str(Audience.objects.get(name="Agents publics").pk),
    }
    params = {
        name: [values.get(v, v) for v in (value if isinstance(value, list) else [value])]
        for name, value in filters.items()
    }
    found, total = search_ids(client, params)
    assert found == library_ids(client, library, params)[0]
    assert total == library_ids(client, library, params)[1]
    if filters:
        everything = search_ids(client, {})[1]
        assert 0 < total < everything, filters


@pytest.fixture(params=["restricted", "unpublished"])
def hidden_health(request, library):
    # Read again: an earlier test's unpublish was rolled back in the database, not in memory.
    health = ThemePage.objects.get(pk=library["themes"]["health"].pk)
    if request.param == "restricted":
        PageViewRestriction.objects.create(page=health, restriction_type="password", password="x")
    else:
        health.unpublish()
    return health


def test_hidden_theme_is_not_a_search_facet(hidden_health, client):
    facets = client.get("/fr/recherche/", {"sort": "date"}).context["facets"]
    (themes,) = [facet for facet in facets if facet["name"] == "theme"]
    labels = [bucket["label"] for bucket in themes["buckets"]]
    assert "Solidarités locales" in labels
    assert hidden_health.title not in labels
    filtered = client.get("/fr/recherche/", {"theme": str(hidden_health.pk)}).context["search"]
    assert filtered.count == client.get("/fr/recherche/").context["search"].count


def test_hidden_theme_is_not_a_library_filter(hidden_health, library, client):
    response = client.get(library["library"].url)
    titles = [theme["title"] for theme in response.context["filter_themes"]]
    assert "Solidarités locales" in titles
    assert hidden_health.title not in titles
    assert f">{hidden_health.title}</option>" not in response.content.decode()


def test_hidden_theme_is_not_on_cards(hidden_health, library, client):
    dossier = library["items"]["health_dossier"]
    for url in (library["library"].url, "/fr/recherche/?q=participation"):
        response = client.get(url)
        assert response.status_code == 200
        assert dossier.title in response.content.decode()
        assert f"<li>{hidden_health.title}</li>" not in response.content.decode(), url


def test_hidden_theme_is_not_in_the_api(hidden_health, client):
    data = client.get("/api/search/", {"q": "participation", "locale": "fr"}).json()
    assert data["results"]
    themes = [theme for result in data["results"] for theme in result["themes"]]
    assert hidden_health.title not in themes
    (facet,) = [facet for facet in data["facets"] if facet["name"] == "theme"]
    assert hidden_health.title not in [bucket["label"] for bucket in facet["buckets"]]


def test_a_territory_means_everything_below_it(library, client):
    region = LibraryPage.territories.field.related_model.objects.get(name="Auvergne-Rhône-Alpes")
    found, _total = library_ids(client, library, {"territory": str(region.pk)})
    # Grenoble (a commune), the Isère association (a département): both under the région.
    assert library["items"]["grenoble"].pk in found
    assert library["items"]["association"].pk in found
