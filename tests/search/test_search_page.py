"""The search page: results in the reader's language, disjunctive facets, excerpts, sorting."""

import pytest
from django.utils.html import escape
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from resources.models import LibraryPage
from resources.models.pages import item_types
from tests.factories import publish
from tests.search.content import refresh_indexes

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.title for item in response.context["results_page"].object_list]


def facet(response, name, key="label"):
    found = next(f for f in response.context["facets"] if f["name"] == name)
    return {bucket[key]: bucket for bucket in found["buckets"]}


def test_french_query_finds_french_items_only(library, client):
    response = client.get("/fr/recherche/", {"q": "démocraties sanitaires"})
    assert response.status_code == 200
    found = titles(response)
    assert "Démocratie sanitaire et participation des citoyens" in found
    assert "Health democracy and citizen participation" not in found


def test_an_item_restricted_after_a_search_leaves_its_results_and_counts(library, client):
    """What a search keeps between requests (the hidden pages, on an engine) follows a new
    view restriction at once: the item leaves the results, the total and the facet counts."""
    school = library["items"]["school"]
    before = client.get("/fr/recherche/", {"q": "ecole"})
    assert "L'école ouverte sur son quartier" in titles(before)
    restriction = PageViewRestriction.objects.create(
        page=school, restriction_type="password", password="x"
    )
    try:
        after = client.get("/fr/recherche/", {"q": "ecole"})
        assert "L'école ouverte sur son quartier" not in titles(after)
        assert after.context["search"].count == before.context["search"].count - 1
        kind = {model: key for key, model in item_types().items()}[type(school.specific)]
        counted = facet(before, "type", "value")[kind]["count"]
        assert facet(after, "type", "value").get(kind, {"count": 0})["count"] == counted - 1
    finally:
        restriction.delete()


def publication_dates(response):
    """The publication dates of the results shown, in their order."""
    pks = [item.pk for item in response.context["results_page"].object_list]
    dates = dict(LibraryPage.objects.filter(pk__in=pks).values_list("pk", "publication_date"))
    return [dates[pk] for pk in pks]


def test_english_query_finds_english_items_only(library, client):
    response = client.get("/en/search/", {"q": "mutual aid"})
    found = titles(response)
    assert found[0] == "Mutual aid platform “Neighbours” in Grenoble"
    assert "« Voisins Voisines », l'entraide de quartier à Grenoble" not in found


def test_empty_query_lists_the_library_newest_first(library, client):
    response = client.get("/fr/recherche/")
    dates = publication_dates(response)
    assert len(dates) == 8
    assert dates == sorted(dates, reverse=True)


def test_unpublished_items_are_not_found(library, client):
    library["items"]["school"].unpublish()
    try:
        found = titles(client.get("/fr/recherche/", {"q": "ecole"}))
        assert "L'école ouverte sur son quartier" not in found
    finally:
        library["items"]["school"].save_revision().publish()
        refresh_indexes()


def test_facets_are_disjunctive(library, client):
    health = library["themes"]["health"]
    response = client.get("/fr/recherche/", {"theme": str(health.pk)})
    assert len(titles(response)) == 4
    themes = facet(response, "theme")
    # The theme facet ignores its own filter: the other theme keeps its count...
    assert themes["Démocratie sanitaire"]["count"] == 4
    assert themes["Démocratie sanitaire"]["selected"]
    assert themes["Solidarités locales"]["count"] == 2
    # ... while the other facets are counted within the selected theme.
    assert facet(response, "type", "value")["event"]["count"] == 2
    assert "project" not in facet(response, "type", "value")


def test_values_of_one_facet_combine_with_or_and_facets_with_and(library, client):
    health, solidarity = library["themes"]["health"], library["themes"]["solidarity"]
    both = client.get("/fr/recherche/", {"theme": [health.pk, solidarity.pk]})
    assert len(titles(both)) == 6
    narrowed = client.get(
        "/fr/recherche/", {"theme": [health.pk, solidarity.pk], "type": "project"}
    )
    assert sorted(titles(narrowed)) == [
        "Association et solidarité locale",
        "« Voisins Voisines », l'entraide de quartier à Grenoble",
    ]


def test_words_and_a_selection_count_what_both_keep(library, client):
    # On a search engine the hits and their total come from two searches: the total is the one
    # under the selection, not the words' matches before it.
    health = library["themes"]["health"]
    params = {"q": "citoyens"}
    matched = set(titles(client.get("/fr/recherche/", params)))
    in_theme = set(
        LibraryPage.objects.filter(themes=health, locale__language_code="fr").values_list(
            "title", flat=True
        )
    )
    kept = matched & in_theme
    assert kept and matched - kept  # the words match items in the theme and outside it
    narrowed = client.get("/fr/recherche/", {**params, "theme": health.pk})
    assert set(titles(narrowed)) == kept
    assert narrowed.context["search"].count == len(kept)
    assert narrowed.context["results_page"].paginator.count == len(kept)
    assert facet(narrowed, "theme")["Démocratie sanitaire"]["count"] == len(kept)


def test_a_region_matches_items_of_its_departements_and_communes(library, client):
    region = library["territories"]["region"]
    response = client.get("/fr/recherche/", {"territory": region.pk})
    assert sorted(titles(response)) == [
        "Association et solidarité locale",
        "Les comités locaux de crise sanitaire en webinaire",
        "« Voisins Voisines », l'entraide de quartier à Grenoble",
    ]
    counts = facet(client.get("/fr/recherche/"), "territory", "value")
    territories = library["territories"]
    assert counts[str(region.pk)]["count"] == 3
    assert counts[str(territories["isere"].pk)]["count"] == 3
    assert counts[str(territories["grenoble"].pk)]["count"] == 2
    assert str(territories["idf"].pk) in counts


def test_each_selected_filter_has_a_removal_link(library, client):
    health = library["themes"]["health"]
    response = client.get("/fr/recherche/", {"q": "crise", "theme": health.pk, "year": "2021"})
    selected = {chosen["facet"]: chosen for chosen in response.context["selected"]}
    assert set(selected) == {"theme", "year"}
    removed = client.get("/fr/recherche/" + selected["year"]["remove_url"])
    assert removed.context["params"].filters == {"theme": [str(health.pk)]}
    assert removed.context["params"].query == "crise"
    assert escape(selected["year"]["remove_url"]) in response.content.decode()


def test_result_cards_show_their_themes_in_the_readers_language(library, client):
    def card_themes(response, title):
        items = response.context["results_page"].object_list
        found = next(item for item in items if item.title == title)
        return [theme.title for theme in found.card_themes]

    french = client.get("/fr/recherche/", {"q": "entraide voisins"})
    grenoble = "« Voisins Voisines », l'entraide de quartier à Grenoble"
    assert card_themes(french, grenoble) == ["Solidarités locales"]
    assert "<li>Solidarités locales</li>" in french.content.decode()
    english = client.get("/en/search/", {"q": "mutual aid"})
    assert card_themes(english, "Mutual aid platform “Neighbours” in Grenoble") == [
        "Local solidarity"
    ]


def test_taxonomy_labels_in_the_readers_language(library, client):
    response = client.get("/en/search/")
    assert "Elected officials" in facet(response, "audience")
    assert "mutual aid" in facet(response, "tag")
    assert "entraide" not in facet(response, "tag")


def test_upcoming_and_past_events(library, client):
    upcoming = client.get("/fr/recherche/", {"period": "upcoming"})
    assert titles(upcoming) == ["Les comités locaux de crise sanitaire en webinaire"]
    past = client.get("/fr/recherche/", {"period": "past", "q": "sanitaire"})
    assert titles(past) == ["Rencontre sur la démocratie sanitaire locale"]


def test_sort_by_date(library, client):
    response = client.get("/fr/recherche/", {"q": "sanitaire", "sort": "date"})
    dates = publication_dates(response)
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 4


def test_excerpt_marks_the_matched_words_accent_and_plural_insensitively(library, client):
    response = client.get("/fr/recherche/", {"q": "ecoles"})
    items = response.context["results_page"].object_list
    school = next(item for item in items if item.title == "L'école ouverte sur son quartier")
    assert "<mark>école</mark>" in school.excerpt
    assert "<mark>école</mark>" in response.content.decode()


def test_an_edited_body_gives_its_new_excerpt(library, client):
    """Each process keeps the texts results' excerpts come from (``search.texts``) until the
    content changes: a body read by one search, then edited, is read again."""
    grenoble = library["items"]["grenoble"]

    def rewrite(text):
        page = LibraryPage.objects.get(pk=grenoble.pk).specific
        page.body = [("paragraph", RichText(f"<p>{text}</p>"))]
        publish(page)
        refresh_indexes()

    def shown(query):
        response = client.get("/fr/recherche/", {"q": query})
        return {item.pk: item for item in response.context["results_page"].object_list}

    rewrite("Le lavoir du quartier sert de salle de réunion.")
    assert "<mark>lavoir</mark>" in shown("lavoir")[grenoble.pk].excerpt  # body read, kept
    rewrite("Le potager partagé est ouvert le mercredi.")
    assert "<mark>potager</mark>" in shown("potager")[grenoble.pk].excerpt
    assert grenoble.pk not in shown("lavoir")


def test_pagination(library, client):
    response = client.get("/fr/recherche/", {"page": "2"})
    assert response.context["results_page"].number == 1  # only 8 items: one page


def test_a_query_with_no_exact_match_falls_back_to_any_word(library, client):
    response = client.get("/fr/recherche/", {"q": "entraide zzzinconnu"})
    assert response.context["search"].partial
    assert "« Voisins Voisines », l'entraide de quartier à Grenoble" in titles(response)
