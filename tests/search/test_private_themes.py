"""A private (view restriction on it or an ancestor) or unpublished theme shows nowhere a reader
looks: search facets, the library's theme filter, cards, item pages, the search API."""

import pytest
from wagtail.models import PageViewRestriction

from resources.models import LibraryPage, ThemePage

pytestmark = pytest.mark.django_db


def hide(theme, how):
    if how == "restricted":
        PageViewRestriction.objects.create(page=theme, restriction_type="password", password="x")
    elif how == "ancestor restricted":
        PageViewRestriction.objects.create(page=theme.get_parent(), restriction_type="login")
    else:
        theme.unpublish()


@pytest.fixture(params=["restricted", "unpublished"])
def how(request):
    return request.param


@pytest.fixture
def health(library):
    # Read again: an earlier test's unpublish was rolled back in the database, not in memory.
    return ThemePage.objects.get(pk=library["themes"]["health"].pk)


def theme_facet(response):
    (themes,) = [facet for facet in response.context["facets"] if facet["name"] == "theme"]
    return [bucket["label"] for bucket in themes["buckets"]]


def test_hidden_theme_is_not_a_search_facet(health, how, client):
    assert health.title in theme_facet(client.get("/fr/recherche/", {"sort": "date"}))
    hide(health, how)
    labels = theme_facet(client.get("/fr/recherche/", {"sort": "date"}))
    assert "Solidarités locales" in labels
    assert health.title not in labels
    # Nor a filter: asked for anyway, it is ignored.
    filtered = client.get("/fr/recherche/", {"theme": str(health.pk)}).context["search"]
    assert filtered.count == client.get("/fr/recherche/").context["search"].count


def test_hidden_theme_is_not_a_library_filter(health, how, library, client):
    hide(health, how)
    response = client.get(library["library"].url)
    titles = [theme["title"] for theme in response.context["filter_themes"]]
    assert "Solidarités locales" in titles
    assert health.title not in titles
    assert f">{health.title}</option>" not in response.content.decode()


def test_hidden_theme_is_not_on_cards(health, how, library, client):
    """The cached theme labels are renewed by the restriction or the unpublishing."""
    dossier = library["items"]["health_dossier"]
    urls = (library["library"].url, "/fr/recherche/?q=participation")
    for url in urls:
        assert f"<li>{health.title}</li>" in client.get(url).content.decode(), url
    hide(health, how)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert dossier.title in response.content.decode()
        assert f"<li>{health.title}</li>" not in response.content.decode(), url


def test_hidden_theme_is_not_on_theme_page_cards_nor_item_pages(health, how, library, client):
    solidarity = library["themes"]["solidarity"]
    item = LibraryPage.objects.filter(themes=solidarity).first().specific
    shown_themes = sorted(theme.title for theme in item.themes.all())
    assert solidarity.title in shown_themes and health.title not in shown_themes
    item.themes.add(health)
    item.save()
    assert f"<li>{health.title}</li>" in client.get(solidarity.url).content.decode()
    hide(health, how)
    response = client.get(solidarity.url)
    (shown,) = [card for card in response.context["items_page"] if card.pk == item.pk]
    assert [theme.title for theme in shown.card_themes] == shown_themes
    assert f"<li>{health.title}</li>" not in response.content.decode()
    response = client.get(item.url)
    assert response.status_code == 200
    assert sorted(theme.title for theme in response.context["themes"]) == shown_themes
    assert health.title not in response.content.decode()
    assert health.title not in item.theme_titles
    assert health.title not in [t.title for t in item.get_card_context()["themes"]]


def test_hidden_theme_is_not_in_the_api(health, how, client):
    hide(health, how)
    data = client.get("/api/search/", {"q": "participation", "locale": "fr"}).json()
    assert data["results"]
    themes = [theme for result in data["results"] for theme in result["themes"]]
    assert health.title not in themes
    (facet,) = [facet for facet in data["facets"] if facet["name"] == "theme"]
    assert health.title not in [bucket["label"] for bucket in facet["buckets"]]


def test_a_restriction_on_the_themes_index_hides_its_themes(health, library, client):
    hide(health, "ancestor restricted")
    assert health.title not in theme_facet(client.get("/fr/recherche/", {"sort": "date"}))
    response = client.get(library["library"].url)
    assert health.title not in [theme["title"] for theme in response.context["filter_themes"]]
    for url in (library["library"].url, "/fr/recherche/?q=participation"):
        assert f"<li>{health.title}</li>" not in client.get(url).content.decode(), url
