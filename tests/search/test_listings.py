"""Every listing goes through the one library query: the same filters give the same items (a
private or unpublished theme showing nowhere: ``test_private_themes``)."""

import pytest

from resources.models import LibraryPage

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


def test_a_territory_means_everything_below_it(library, client):
    region = LibraryPage.territories.field.related_model.objects.get(name="Auvergne-Rhône-Alpes")
    found, _total = library_ids(client, library, {"territory": str(region.pk)})
    # Grenoble (a commune), the Isère association (a département): both under the région.
    assert library["items"]["grenoble"].pk in found
    assert library["items"]["association"].pk in found
