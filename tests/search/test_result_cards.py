"""Result cards are rendered once per item and content version, and follow every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.templatetags.search_tags import rendered_cards
from tests.factories import ImageFactory
from tests.search.content import refresh_indexes

pytestmark = pytest.mark.django_db


def cards(response):
    html = response.content.decode()
    return html.count('<article class="card')


def test_a_card_is_the_same_html_as_the_included_template(library, client):
    from django.template.loader import render_to_string

    response = client.get("/fr/recherche/", {"q": "réserve citoyenne"})
    item = response.context["results_page"].object_list[0]
    expected = render_to_string(item.card_template, {"item": item}, request=response.wsgi_request)
    assert expected.strip() in response.content.decode()


def test_cards_are_rendered_once_then_reused(library, client):
    first = client.get("/fr/recherche/", {"q": "crise"})
    shown = cards(first)
    assert shown >= 2
    kept = len(rendered_cards._found)
    assert kept == shown
    again = client.get("/fr/recherche/", {"q": "crise"})
    assert again.content == first.content
    assert len(rendered_cards._found) == kept  # nothing rendered anew


def test_french_and_english_cards_are_kept_apart(library, client):
    french = client.get("/fr/recherche/", {"q": "Grenoble"}).content.decode()
    english = client.get("/en/search/", {"q": "Grenoble"}).content.decode()
    assert "Projet" in french or "Événement" in french
    assert "Voisins" in french
    assert "Neighbours" in english
    assert "Voisins" not in english


def test_a_published_title_shows_on_the_next_search(library, client):
    item = library["items"]["reserve"]
    assert "recrute" in client.get("/fr/recherche/", {"q": "réserve citoyenne"}).content.decode()
    original = item.title
    item.title = "La réserve citoyenne accueille de nouveaux bénévoles"
    try:
        item.save_revision().publish()
        refresh_indexes()
        html = client.get("/fr/recherche/", {"q": "réserve citoyenne"}).content.decode()
        assert "accueille de nouveaux bénévoles" in html
    finally:
        item.title = original
        item.save_revision().publish()
        refresh_indexes()


def test_a_replaced_image_shows_on_the_next_search(library, client):
    item = library["items"]["reserve"]
    page = type(item).objects.get(pk=item.pk)
    page.listing_image = ImageFactory(title="Avant")
    page.save_revision().publish()
    refresh_indexes()
    before = client.get("/fr/recherche/", {"q": "réserve citoyenne"}).content.decode()
    image = page.listing_image
    assert f"images/{image.file.name.rsplit('/', 1)[-1].rsplit('.', 1)[0]}" in before
    # A new file for the same image (the editor's "change image file"): the card must follow.
    replacement = ImageFactory.build(title="Après").file
    image.file = replacement
    image.save()
    image.renditions.all().delete()  # as the admin's image edit view does
    after = client.get("/fr/recherche/", {"q": "réserve citoyenne"}).content.decode()
    assert after != before
    assert f"{image.file.name.rsplit('/', 1)[-1].rsplit('.', 1)[0]}" in after
    page.listing_image = None
    page.save_revision().publish()
    refresh_indexes()


def test_a_kept_card_saves_its_rendering_queries(library, client):
    client.get("/fr/recherche/", {"q": "crise"})
    with CaptureQueriesContext(connection) as kept:
        client.get("/fr/recherche/", {"q": "crise"})
    rendered_cards.clear()
    with CaptureQueriesContext(connection) as fresh:
        client.get("/fr/recherche/", {"q": "crise"})
    # Kept cards: their items are loaded without what only cards show (one query instead of
    # one per page type shown, plus images).
    assert len(kept) < len(fresh)


def test_a_card_gone_from_the_cache_is_rendered_from_a_light_item(library, rf):
    """A card can leave the cache between the check and the rendering: the light item is then
    loaded with its card data and rendered as usual."""
    from django.template import RequestContext, Template
    from django.template.loader import render_to_string
    from django.utils import translation

    from resources.models import LibraryPage
    from resources.models.pages import with_card_data
    from search.service import LibrarySearch, SearchParams

    request = rf.get("/fr/recherche/", {"q": "crise"})
    with translation.override("fr"):
        params = SearchParams.from_querydict(request.GET)
        found = LibrarySearch(params, card_kept=lambda pk: True).run()
        items = found.page.object_list
        assert items and all(item.light for item in items)
        rendered_cards.clear()
        tag = Template("{% load search_tags %}{% result_card item %}")
        for item in items:
            html = tag.render(RequestContext(request, {"item": item}))
            full = with_card_data(LibraryPage.objects.filter(pk=item.pk), themes=False)[0]
            full.card_themes = item.card_themes
            expected = render_to_string(full.card_template, {"item": full}, request=request)
            assert html == expected


def test_results_load_as_their_types_with_their_card_data_in_one_query(library, rf):
    """The search loads its results in one query (``results_with_card_data``), and their cards
    are the same as those of pages loaded the usual way (``specific()``)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from resources.models import LibraryPage
    from resources.models.pages import results_with_card_data, with_card_data

    with_image = library["items"]["grenoble"]
    with_image.listing_image = ImageFactory()
    with_image.save_revision().publish()
    pks = list(LibraryPage.objects.filter(locale__language_code="fr").values_list("pk", flat=True))
    usual = {page.pk: page for page in with_card_data(LibraryPage.objects.filter(pk__in=pks))}
    with CaptureQueriesContext(connection) as done:
        found = results_with_card_data(pks)
    assert len(done.captured_queries) == 3  # the pages, then the image, then its rendition
    assert sorted(page.pk for page in found) == sorted(pks)
    assert {type(page).__name__ for page in found} >= {"DossierPage", "ProjectPage", "EventPage"}
    request = rf.get("/fr/recherche/")
    with translation.override("fr"), CaptureQueriesContext(connection) as rendering:
        for page in found:
            expected = usual[page.pk]
            assert type(page) is type(expected)
            page.card_themes = expected.card_themes = []
            context = {"item": page, "request": request}
            html = render_to_string(page.card_template, context)
            assert html == render_to_string(expected.card_template, {**context, "item": expected})
    assert "fill-640x360" in render_to_string(
        with_image.card_template, {"item": next(p for p in found if p.pk == with_image.pk)}
    )
    # The page's own fields came with it: rendering the new loads' cards asked nothing more
    # than rendering the usual ones (the site's root paths, read once).
    assert all("resources_" not in query["sql"] for query in rendering.captured_queries)


def test_a_kept_card_whose_texts_were_forgotten_still_gets_its_excerpt(library, client):
    """Cards and texts leave their caches independently: with the card kept and the texts
    gone, the page reads the texts again (the body too, when the summary lacks the words)."""
    from search.texts import kept_texts

    item = library["items"]["grenoble"]
    page = item.specific_class.objects.get(pk=item.pk)
    page.body = [("paragraph", "<p>Le lavoir du quartier sert de salle de réunion.</p>")]
    page.save_revision().publish()
    refresh_indexes()

    def excerpt_of(response):
        return next(i for i in response.context["results_page"].object_list if i.pk == item.pk)

    first = client.get("/fr/recherche/", {"q": "lavoir"})
    assert "<mark>lavoir</mark>" in str(excerpt_of(first).excerpt)
    kept_texts.clear()
    again = client.get("/fr/recherche/", {"q": "lavoir"})
    assert getattr(excerpt_of(again), "light", False)  # its card was kept
    assert "<mark>lavoir</mark>" in str(excerpt_of(again).excerpt)
    assert again.content == first.content


def test_a_search_joins_only_the_tables_of_the_types_it_shows(library, client):
    """The facet index knows each result's type: a page of projects is loaded without the
    other types' tables (PostgreSQL plans a join of every type's table in milliseconds)."""
    rendered_cards.clear()
    with CaptureQueriesContext(connection) as done:
        response = client.get("/fr/recherche/", {"q": "quartier", "type": "project"})
    shown = response.context["results_page"].object_list
    assert shown and {type(item).__name__ for item in shown} == {"ProjectPage"}
    loading = [q["sql"] for q in done.captured_queries if "resources_librarypage" in q["sql"]]
    assert any("resources_projectpage" in sql for sql in loading)
    assert not any("resources_dossierpage" in sql or "events_eventpage" in sql for sql in loading)
