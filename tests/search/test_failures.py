"""Search engine down and hostile input: a clear answer, never a 500."""

import pytest
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.env import search_backends
from search.service import FACETS

pytestmark = pytest.mark.django_db

# Nothing listens on this port: every connection is refused by the operating system.
DOWN = search_backends("opensearch://127.0.0.1:9?timeout=2")


@pytest.fixture
def engine_down(settings):
    settings.WAGTAILSEARCH_BACKENDS = DOWN


def test_search_page_answers_503_in_the_readers_language(library, client, engine_down):
    french = client.get("/fr/recherche/", {"q": "démocratie"})
    assert french.status_code == 503
    assert "La recherche est momentanément indisponible" in french.content.decode()
    english = client.get("/en/search/", {"q": "democracy"})
    assert english.status_code == 503
    assert "The search is unavailable for a moment" in english.content.decode()


def test_api_and_suggestions_answer_503(library, client, engine_down):
    assert client.get("/api/search/", {"q": "crise"}).status_code == 503
    assert client.get("/fr/recherche/suggestions/", {"q": "cri"}).status_code == 503


def test_other_pages_and_the_unfiltered_library_still_render(library, client, engine_down):
    assert client.get(library["library"].url).status_code == 200
    assert client.get(library["items"]["grenoble"].url).status_code == 200
    # Listing without words needs no engine.
    assert client.get("/fr/recherche/", {"type": "project"}).status_code == 200


def test_publishing_succeeds_while_the_engine_is_down(library, engine_down):
    page = library["items"]["reserve"]
    page.title = "La réserve citoyenne recrute encore"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live
    assert page.title == "La réserve citoyenne recrute encore"


HOSTILE = [
    "",
    "x" * 10_000,
    "démocratie\x00\x01\x1b[31m\u202e",
    '"réserve citoyenne',
    'réserve\' citoyenne"""',
    'AND OR NOT ( ) : * ~ ^ " \\ / [ ] { } ! + - && ||',
    "title:démocratie^10 OR body:*",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    "\ufeff\u200b\u00a0",
    "%00%27",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries(library, client, query):
    response = client.get("/fr/recherche/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    api = client.get("/api/search/", {"q": query, "locale": "fr"})
    assert api.status_code == 200
    assert client.get("/fr/recherche/suggestions/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"type": ["nope", "project", "project"]},
        {"theme": ["abc", "-3", "999999"]},
        {"territory": ["1e3", "²", "0"]},
        {"year": ["１９９９", "99999", "2021"]},
        {"tag": ["\x00", "does-not-exist"]},
        {"sort": "DROP", "period": "yesterday"},
        {"q": ["a", "b"], "page": ["1", "2"]},
    ],
)
def test_malformed_parameters(library, client, params):
    response = client.get("/fr/recherche/", params)
    assert response.status_code == 200
    assert client.get("/api/search/", params).status_code == 200


def test_script_in_the_query_is_escaped(library, client):
    response = client.get("/fr/recherche/", {"q": "<script>alert(1)</script> crise"})
    assert escape("<script>alert(1)</script> crise") in response.content.decode()


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
values = st.lists(st.one_of(text, st.integers(-5, 10**6).map(str)), max_size=4)
inputs = st.fixed_dictionaries(
    {
        "q": st.one_of(
            text, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
        ),
        **{name: values for name in FACETS},
        "page": st.one_of(text, st.integers(-10, 10**12).map(str)),
        "sort": st.sampled_from(["", "date", "relevance", "x"]),
        "period": st.sampled_from(["", "past", "upcoming", "x"]),
    }
)


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=inputs)
def test_generated_input_never_breaks_the_page_or_the_api(library, params):
    client = Client()
    page = client.get("/fr/recherche/", params)
    assert page.status_code == 200
    api = client.get("/api/search/", {**params, "locale": "en"})
    assert api.status_code == 200
    assert api.json()["page"] >= 1
