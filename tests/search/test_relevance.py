"""One relevance table for every backend: queries -> items expected among the first results.

It runs on the demo content (``manage.py load_demo``) with whatever backend the settings select:
SQLite (``make test``), PostgreSQL (``DATABASE_URL=postgres://...``) or OpenSearch
(``SEARCH_URL=opensearch://...``). Nothing in it depends on the backend.
"""

import pytest
from django.core.management import call_command
from django.utils import translation

from home.demo.loader import demo_page
from search.service import LibrarySearch, SearchParams

pytestmark = pytest.mark.django_db

TOP = 3

# (language, query, demo key expected among the first TOP results)
CASES = [
    # French: plural and singular, accents or none, elision, stop words
    ("fr", "démocraties sanitaires", "dossier-health-democracy"),
    ("fr", "democratie sanitaire", "dossier-health-democracy"),
    ("fr", "DÉMOCRATIE SANITAIRE", "dossier-health-democracy"),
    ("fr", "l'entraide entre voisins", "project-voisins-voisines"),
    ("fr", "entraide voisin", "project-voisins-voisines"),
    ("fr", "réserve citoyenne", "project-citizen-reserve"),
    ("fr", "reserve citoyenne", "project-citizen-reserve"),
    ("fr", "réserves citoyennes", "project-citizen-reserve"),
    ("fr", "petralba", "project-petralba"),
    ("fr", "Pétralba", "project-petralba"),
    ("fr", "charte de confinement", "project-petralba"),
    ("fr", "comité de gestion de crise", "project-crisis-committees"),
    ("fr", "comités de gestion", "project-crisis-committees"),
    ("fr", "abstention régionale", "white-paper-abstention"),
    ("fr", "la démocratie ouverte", "concept-open-democracy"),
    ("fr", "adolescentes", "news-youth-call"),
    # English pages analysed as English
    ("en", "mutual aid", "project-voisins-voisines"),
    ("en", "citizen reserve", "project-citizen-reserve"),
    ("en", "citizens reserves", "project-citizen-reserve"),
    ("en", "health democracy", "dossier-health-democracy"),
    ("en", "committee", "project-crisis-committees"),
    ("en", "lockdown charter", "project-petralba"),
    ("en", "open democracy", "concept-open-democracy"),
]


def top_titles(language, query, count=TOP):
    with translation.override(language):
        found = LibrarySearch(SearchParams(query=query, sort="relevance")).run()
        return [item.title for item in found.page.object_list[:count]], found


@pytest.fixture(scope="module")
def indexed(demo, django_db_blocker):
    """The demo, indexed by the configured backend (as ``manage.py update_index`` does)."""
    with django_db_blocker.unblock():
        call_command("update_index", verbosity=0)
    return demo


@pytest.mark.parametrize(("language", "query", "key"), CASES)
def test_expected_item_among_first_results(indexed, language, query, key):
    expected = demo_page(key, language).title
    titles, _found = top_titles(language, query)
    assert expected in titles, f"{query!r} ({language}): {titles}"


def test_results_stay_in_the_readers_language(indexed):
    french, _ = top_titles("fr", "démocratie sanitaire", count=50)
    english, _ = top_titles("en", "health democracy", count=50)
    assert demo_page("dossier-health-democracy", "en").title not in french
    assert demo_page("dossier-health-democracy", "fr").title not in english


def test_accents_do_not_change_the_results(indexed):
    with_accents, found = top_titles("fr", "réserve citoyenne", count=50)
    without, found_without = top_titles("fr", "reserve citoyenne", count=50)
    assert with_accents == without
    assert found.count == found_without.count > 0


def test_plural_and_singular_find_the_same_items(indexed):
    _, plural = top_titles("fr", "démocraties sanitaires")
    _, singular = top_titles("fr", "démocratie sanitaire")
    assert plural.count == singular.count > 0


def test_stop_words_alone_find_nothing(indexed):
    _, found = top_titles("fr", "les des")
    assert found.count == 0
