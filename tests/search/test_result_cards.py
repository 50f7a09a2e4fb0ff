"""Result cards are rendered once per item, kept by the process and stored in the database
(``search.cards``), and follow every change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resources.models import LibraryPage
from search.cards import card_form, kept_cards
from search.models import FacetIndexVersion, ResultCard
from tests.factories import ImageFactory, publish
from tests.search.content import refresh_indexes

pytestmark = pytest.mark.django_db


def cards(response):
    html = response.content.decode()
    return html.count('<article class="card')


def shown(response):
    return {item.pk: item for item in response.context["results_page"].object_list}


def test_a_card_is_the_same_html_as_the_included_template(library, client):
    """Stored or rendered anew, a card is its type's card template for the page loaded the
    usual way (no request: its link is the page's address for any site)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from resources.models.pages import with_card_data

    for stored in (True, False):
        if not stored:
            ResultCard.objects.all().delete()
        kept_cards.clear()
        response = client.get("/fr/recherche/")  # the whole library: every type
        items = shown(response)
        assert len(items) == 8
        with translation.override("fr"):
            for page in with_card_data(LibraryPage.objects.filter(pk__in=items)):
                page.card_themes = page.themes.all()
                expected = render_to_string(page.card_template, {"item": page})
                assert items[page.pk].card == expected
                assert expected in response.content.decode()


def test_cards_are_rendered_once_then_reused(library, client):
    first = client.get("/fr/recherche/", {"q": "crise"})
    count = cards(first)
    assert count >= 2
    assert len(kept_cards._found) == count
    with CaptureQueriesContext(connection) as again:
        second = client.get("/fr/recherche/", {"q": "crise"})
    assert second.content == first.content
    assert len(kept_cards._found) == count  # nothing rendered anew
    assert not [q for q in again.captured_queries if "search_resultcard" in q["sql"]]


def test_every_item_shown_by_the_search_has_a_stored_card_after_update_index(library):
    from django.core.management import call_command
    from wagtail.models import Locale

    from search.facets import facet_index

    ResultCard.objects.all().delete()
    call_command("update_index", verbosity=0)
    for locale in Locale.objects.all():
        visible = set(facet_index(locale).pks)
        stored = ResultCard.objects.filter(language=locale.language_code)
        assert visible and set(stored.values_list("page_id", flat=True)) == visible
    tokens = FacetIndexVersion.objects.get()
    assert set(ResultCard.objects.values_list("token", "form")) == {
        (tokens.cards_token, card_form())
    }


def test_a_stored_card_is_read_in_one_query_without_loading_its_page(library, client):
    """A process that never showed the results reads their cards and texts (bodies too, for
    the excerpts) in one query: no page, type or image table is read."""
    client.get("/fr/recherche/", {"q": "lavoir crise"})  # stores every card shown
    kept_cards.clear()
    with CaptureQueriesContext(connection) as done:
        response = client.get("/fr/recherche/", {"q": "crise"})
    assert cards(response) >= 2
    sqls = [q["sql"] for q in done.captured_queries]
    assert len([sql for sql in sqls if "search_resultcard" in sql]) == 1
    assert not [sql for sql in sqls if "resources_" in sql or "wagtailimages" in sql]


def test_a_card_stored_from_an_older_version_of_its_page_is_not_shown(library, client):
    """A card is checked against the page's last publication at each read: one rendered from
    a version since replaced (say by a search running while the editor published, which the
    publication's own clean-up cannot see) is rendered again."""
    item = library["items"]["reserve"]
    client.get("/fr/recherche/", {"q": "réserve citoyenne"})
    assert ResultCard.objects.filter(page_id=item.pk).exists()
    # A publication the signals did not see: the stored card is left as it was.
    LibraryPage.objects.filter(pk=item.pk).update(
        title="La réserve citoyenne change de nom", last_published_at=timezone.now()
    )
    FacetIndexVersion.renew(cards=False)
    html = client.get("/fr/recherche/", {"q": "réserve citoyenne"}).content.decode()
    assert "La réserve citoyenne change de nom" in html
    stored = ResultCard.objects.get(page_id=item.pk)
    assert stored.title == "La réserve citoyenne change de nom"
    LibraryPage.objects.filter(pk=item.pk).update(title=item.title)
    FacetIndexVersion.renew()


def test_publishing_an_item_leaves_the_other_cards_stored(library, client):
    """An item's publication drops its own card only; a theme's new title, an image or an
    address renews every card."""
    reserve, grenoble = library["items"]["reserve"], library["items"]["grenoble"]
    client.get("/fr/recherche/", {"q": "réserve citoyenne"})
    client.get("/fr/recherche/", {"q": "entraide voisins"})
    before = FacetIndexVersion.objects.get()
    publish(LibraryPage.objects.get(pk=reserve.pk).specific)
    after = FacetIndexVersion.objects.get()
    assert after.token != before.token and after.cards_token == before.cards_token
    assert not ResultCard.objects.filter(page_id=reserve.pk).exists()
    assert ResultCard.objects.filter(page_id=grenoble.pk, token=after.cards_token).exists()

    theme = library["themes"]["solidarity"]
    original = theme.title
    theme.title = "Solidarités de proximité"
    try:
        publish(theme)
        assert FacetIndexVersion.objects.get().cards_token != after.cards_token
        kept_cards.clear()
        card = shown(client.get("/fr/recherche/", {"q": "entraide voisins"}))[grenoble.pk].card
        themes = re.search(r'<ul class="card__themes"[^>]*>(.*?)</ul>', card).group(1)
        assert "<li>Solidarités de proximité</li>" in themes
    finally:
        theme.title = original
        publish(theme)


def test_the_templates_version_covers_what_card_templates_extend_and_include():
    """A deploy changing any template a card is made of makes every stored card stale."""
    from django.template import Engine

    from search.cards import _template_names

    names = dict(_template_names(Engine.get_default(), "events/cards/eventpage.html", set()))
    assert set(names) == {
        "events/cards/eventpage.html",
        "resources/cards/librarypage.html",
        "events/includes/when_where.html",
    }


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


def test_a_search_joins_only_the_tables_of_the_types_it_shows(library, client):
    """The facet index knows each result's type: a page of projects is loaded without the
    other types' tables (PostgreSQL plans a join of every type's table in milliseconds)."""
    ResultCard.objects.all().delete()
    with CaptureQueriesContext(connection) as done:
        response = client.get("/fr/recherche/", {"q": "quartier", "type": "project"})
    pks = list(shown(response))
    assert pks and {
        page.specific_class.__name__ for page in LibraryPage.objects.filter(pk__in=pks)
    } == {"ProjectPage"}
    loading = [q["sql"] for q in done.captured_queries if "resources_librarypage" in q["sql"]]
    assert any("resources_projectpage" in sql for sql in loading)
    assert not any("resources_dossierpage" in sql or "events_eventpage" in sql for sql in loading)
