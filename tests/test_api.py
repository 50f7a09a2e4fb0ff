"""The content API (``/api/v2/``) answers bad input with a JSON 400 or 404, never a 5xx."""

from urllib.parse import quote_from_bytes, urlencode

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from config.api import MAX_OFFSET, SEARCH_MAX_WORDS
from tests.base import BilingualTreeTestCase
from tests.factories import ProjectPageFactory

ENDPOINTS = ["pages", "images", "documents"]
PARAMETERS = [
    "search",
    "search_operator",
    "offset",
    "limit",
    "order",
    "fields",
    "type",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "locale",
    "id",
    "html_path",
    "title",
    "slug",
    "show_in_menus",
]

any_text = st.characters(codec="utf-8")
words = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)
parameter_values = st.one_of(
    st.text(any_text, max_size=40),
    st.integers().map(str),
    st.integers(min_value=2**62, max_value=10**40).map(str),
    st.lists(words, min_size=1, max_size=700).map(" ".join),
    st.text("0123456789", min_size=20, max_size=400),
)
parameters = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(PARAMETERS), st.text(any_text, max_size=15)), parameter_values
    ),
    max_size=5,
)
addresses = st.one_of(
    st.sampled_from(ENDPOINTS).map(lambda name: f"/api/v2/{name}/"),
    st.sampled_from(ENDPOINTS).map(lambda name: f"/api/v2/{name}/find/"),
    st.tuples(st.sampled_from(ENDPOINTS), st.integers(min_value=0, max_value=10**40)).map(
        lambda pair: f"/api/v2/{pair[0]}/{pair[1]}/"
    ),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789/-", max_size=30).map(
        lambda rest: f"/api/v2/{rest.strip('/')}/"
    ),
)


class ApiLimitsTests(BilingualTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = ProjectPageFactory(parent=cls.tree.fr.library)

    def assertJsonAnswer(self, response, status):
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertTrue(response.json()["message"])
        return response.json()["message"]

    def test_a_search_of_many_words_is_refused(self):
        query = " ".join(["participation"] * 600)
        response = self.client.get("/api/v2/pages/", {"search": query})
        message = self.assertJsonAnswer(response, 400)
        self.assertIn(str(SEARCH_MAX_WORDS), message)
        within = " ".join(["participation"] * SEARCH_MAX_WORDS)
        self.assertEqual(self.client.get("/api/v2/pages/", {"search": within}).status_code, 200)

    def test_huge_offsets_are_refused(self):
        for endpoint in ENDPOINTS:
            for offset in (10**30, MAX_OFFSET + 1):
                with self.subTest(endpoint=endpoint, offset=offset):
                    response = self.client.get(f"/api/v2/{endpoint}/", {"offset": offset})
                    self.assertJsonAnswer(response, 400)
        self.assertEqual(self.client.get("/api/v2/pages/", {"offset": 1}).status_code, 200)

    def test_message_in_the_readers_language(self):
        response = self.client.get("/api/v2/pages/", {"offset": 10**30}, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertIn("au plus", self.assertJsonAnswer(response, 400))

    def test_missing_items_are_json_404s(self):
        for address in (
            "/api/v2/pages/999999/",
            f"/api/v2/pages/{10**30}/",
            "/api/v2/images/999999/",
            "/api/v2/documents/999999/",
            "/api/v2/pages/find/?id=999999",
            f"/api/v2/pages/find/?id={10**30}",
            "/api/v2/pages/find/?html_path=/nulle-part/",
            "/api/v2/pages/abc/",
            "/api/v2/nothing-here/",
        ):
            with self.subTest(address=address):
                response = self.client.get(address, HTTP_ACCEPT_LANGUAGE="en")
                self.assertJsonAnswer(response, 404)

    def test_find_by_id_needs_a_number(self):
        for value in ("", "abc", "-3", "١٢"):
            with self.subTest(value=value):
                response = self.client.get("/api/v2/pages/find/", {"id": value})
                self.assertJsonAnswer(response, 400)

    def test_existing_items_are_still_served(self):
        response = self.client.get(f"/api/v2/pages/{self.project.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], self.project.title)
        found = self.client.get("/api/v2/pages/find/", {"id": self.project.pk})
        self.assertEqual(found.status_code, 302)
        self.assertTrue(found["Location"].endswith(f"/api/v2/pages/{self.project.pk}/?"))


class ApiAnyQueryTests(BilingualTreeTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ProjectPageFactory(parent=cls.tree.fr.library)

    @hypothesis_settings(max_examples=150, deadline=None, database=None)
    @given(
        address=addresses,
        query=st.one_of(
            parameters.map(urlencode),
            st.binary(max_size=200).map(lambda raw: quote_from_bytes(raw, safe="=&")),
        ),
    )
    def test_never_a_server_error(self, address, query):
        response = self.client.get(f"{address}?{query}")
        self.assertLess(response.status_code, 500, f"{address}?{query[:200]}")
        if response.status_code in (400, 404):
            self.assertEqual(response["Content-Type"], "application/json")
