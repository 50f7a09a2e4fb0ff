"""Search-box suggestions: which titles, in which order, and at a fixed number of queries."""

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from search.analysis import fold_words
from tests.factories import NewsPageFactory, publish
from tests.search.content import refresh_indexes

pytestmark = pytest.mark.django_db

FR = "/fr/recherche/suggestions/"
EN = "/en/search/suggestions/"


def titles(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["suggestions"]]


def on_engine():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return not backend.endswith(".database")


def test_every_word_must_match_the_last_one_as_a_prefix(library, client):
    both = {
        "Démocratie sanitaire et participation des citoyens",
        "Rencontre sur la démocratie sanitaire locale",
    }
    assert set(titles(client, FR, "democratie sanit")) == both
    assert set(titles(client, FR, "Démocratie SANITAIRE")) == both
    assert titles(client, FR, "democratie citoy") == [
        "Démocratie sanitaire et participation des citoyens"
    ]
    assert titles(client, FR, "democratie crise") == []


def test_accents_are_ignored_in_titles_and_queries(library, client):
    school = "L'école ouverte sur son quartier"
    assert school in titles(client, FR, "ecol")
    assert school in titles(client, FR, "ÉCOLE")
    assert "La réserve citoyenne de l'Éducation nationale recrute" in titles(client, FR, "educ")


def test_only_titles_in_the_readers_language(library, client):
    assert titles(client, EN, "democracy") == ["Health democracy and citizen participation"]
    assert titles(client, EN, "democratie") == []
    assert "Health democracy and citizen participation" not in titles(client, FR, "de")
    assert titles(client, FR, "democracy") == []


def test_shorter_titles_first(library, client):
    assert titles(client, FR, "crise") == [
        "La participation en période de crise",
        "Les comités locaux de crise sanitaire en webinaire",
    ]


def news(library, title):
    """A new published item: the tests change it, not the shared ones (a search engine's
    index is not rolled back with the database)."""
    page = publish(NewsPageFactory(parent=library["library"], bare=True, title=title))
    refresh_indexes()
    return page


def test_private_unpublished_and_alias_pages_are_left_out(library, client):
    page = news(library, "Un collège ouvert sur son quartier")
    page.create_alias(update_slug="college-alias")
    refresh_indexes()
    assert titles(client, FR, "college ouv") == [page.title]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert titles(client, FR, "college ouv") == []
    restriction.delete()
    assert titles(client, FR, "college ouv") == [page.title]
    page.unpublish()
    refresh_indexes()
    assert titles(client, FR, "college ouv") == []
    page.delete()
    refresh_indexes()


def test_suggestions_follow_edited_and_deleted_titles(library, client):
    page = news(library, "Un lycée ouvert sur son quartier")
    assert titles(client, FR, "lycee ouv") == [page.title]
    page.title = "Un internat ouvert sur son quartier"
    publish(page)
    refresh_indexes()
    assert titles(client, FR, "internat ouv") == ["Un internat ouvert sur son quartier"]
    assert titles(client, FR, "lycee ouv") == []
    page.delete()
    refresh_indexes()
    assert titles(client, FR, "internat ouv") == []


def test_at_most_eight_suggestions(library, client):
    assert 0 < len(titles(client, FR, "l")) <= 8


def test_query_count(library, client, django_assert_num_queries):
    """The site, the locale, the ranked ids (the view restrictions checked in the same query),
    titles and paths: the addresses come from the cached site root paths, with no query per
    suggestion."""
    assert titles(client, FR, "crise")  # warm the site root paths' cache
    with django_assert_num_queries(3):
        assert len(titles(client, FR, "crise")) == 2
    with django_assert_num_queries(1 if on_engine() else 2):
        assert titles(client, FR, "xylophone") == []


VOCABULARY = ["démocratie", "sanitaire", "Crise", "école", "QUARTIER", "citoy", "réser", "la"]
# What readers type (search engines drop the characters their tokenizer ignores, such as "¼").
LETTERS = "aàâbcçdeéèêfghiïjlmnoôpqrstuùûvxyzœAÉÈ0123456789'’-. "


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.one_of(st.sampled_from(VOCABULARY), st.text(LETTERS, min_size=1, max_size=12)),
        min_size=1,
        max_size=3,
    ).map(" ".join)
)
def test_every_suggestion_holds_every_word(library, client, query):
    words = fold_words(query)
    found = titles(client, FR, query)
    assert len(found) <= 8
    for title in found:
        # Every word starts a word of the title (the database backends even want the words
        # before the last one whole; the engines match them as prefixes too).
        title_words = fold_words(title)
        for word in words:
            assert any(title_word.startswith(word) for title_word in title_words)
        if not on_engine():
            assert all(word in title_words for word in words[:-1])
