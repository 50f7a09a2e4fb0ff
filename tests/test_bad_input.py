"""Unknown addresses and malformed query strings: a 404 page in the reader's language, or the
page as if the bad parameters were not there; never a server error."""

import datetime
from pathlib import Path
from urllib.parse import quote_from_bytes, urlencode
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.base import BilingualTreeTestCase
from tests.factories import (
    DossierPageFactory,
    EventPageFactory,
    NewsPageFactory,
    ProjectPageFactory,
    build_taxonomy,
    classified,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2021, 7, 15, 10, 0, tzinfo=PARIS)

MALFORMED_LIBRARY_QUERIES = [
    "type=zzz",
    "type=",
    "theme=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "theme=inconnue",
    "tag=%00",
    "tag=pas%20un%20slug",
    "territory=abc",
    "territory=99999999999999999999",
    "territory=-3",
    "territory=%C2%B2",
    "year=-1",
    "year=abcd",
    "year=%C2%B2%C2%B2%C2%B2%C2%B2",
    "year=" + "9" * 5000,
    "page=-1",
    "page=abc",
    "page=0",
    "page=99999",
    "page=1.5",
    "page=" + "9" * 5000,
    "type=zzz&type=zzz&theme=x&theme=%00",
    "page=abc&page=-1&year=abcd&year=-1",
    "%00=%00",
    "type=" + "x" * 10000,
]

MALFORMED_AGENDA_QUERIES = [
    "period=zzz",
    "period=",
    "period=%00",
    "period=PAST",
    "page=-1",
    "page=abc",
    "page=0",
    "page=99999",
    "page=" + "9" * 5000,
    "period=zzz&period=zzz&page=abc&page=0",
]


# Any text a browser can send: control characters, NUL, long values, known and unknown names.
any_text = st.characters(codec="utf-8")
parameter_names = st.one_of(
    st.sampled_from(["type", "theme", "tag", "territory", "year", "page", "period"]),
    st.text(any_text, max_size=20),
)
parameter_values = st.one_of(
    st.text(any_text, max_size=40),
    st.text(any_text, min_size=500, max_size=3000),
    st.integers().map(str),
    # What str.isdigit() accepts and int() may refuse: "²", other scripts' digits, huge numbers.
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=6),
    st.text("0123456789", min_size=4000, max_size=6000),
)
query_strings = st.one_of(
    st.lists(st.tuples(parameter_names, parameter_values), max_size=8).map(urlencode),
    # Raw bytes, invalid UTF-8 included.
    st.binary(max_size=300).map(lambda raw: quote_from_bytes(raw, safe="=&")),
)


def catalogue_compiled(language):
    return (Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo").exists()


class NotFoundTests(BilingualTreeTestCase):
    def test_unknown_address_in_french(self):
        response = self.client.get("/fr/cette-page-n-existe-pas/")
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, '<html lang="fr">', status_code=404)
        if catalogue_compiled("fr"):
            self.assertContains(response, "Page introuvable", status_code=404)
            self.assertNotContains(response, "Page not found", status_code=404)

    def test_unknown_address_in_english(self):
        response = self.client.get("/en/this-page-does-not-exist/")
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, '<html lang="en">', status_code=404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertNotContains(response, "Page introuvable", status_code=404)

    def test_unknown_pages_below_existing_ones(self):
        for url, language in (
            ("/fr/bibliotheque/inconnue/", "fr"),
            ("/fr/bibliotheque/tags/pas-un-mot-cle/", "fr"),
            ("/en/library/tags/not-a-tag/", "en"),
            ("/en/library/tags/%00/", "en"),
            ("/en/events/unknown/", "en"),
            ("/fr/agenda/passe/", "fr"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertTemplateUsed(response, "404.html")
                self.assertContains(response, f'<html lang="{language}">', status_code=404)


class MalformedFiltersTests(BilingualTreeTestCase):
    """Three library items and an upcoming and a past event, in French."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        taxonomy = build_taxonomy(cls.tree)
        library = cls.tree.fr.library
        cls.items = [
            ProjectPageFactory(parent=library, **classified(taxonomy)),
            DossierPageFactory(parent=library, **classified(taxonomy)),
            NewsPageFactory(parent=library),
        ]
        cls.upcoming = EventPageFactory(
            parent=cls.tree.fr.events, starts_at=NOW + datetime.timedelta(days=5), ends_at=None
        )
        cls.past = EventPageFactory(
            parent=cls.tree.fr.events, starts_at=NOW - datetime.timedelta(days=5), ends_at=None
        )

    def setUp(self):
        super().setUp()
        self.enterContext(time_machine.travel(NOW, tick=False))

    def test_library_ignores_malformed_filters(self):
        url = self.tree.fr.library.url
        for query in MALFORMED_LIBRARY_QUERIES:
            with self.subTest(query=query[:60]):
                response = self.client.get(f"{url}?{query}")
                self.assertEqual(response.status_code, 200)
                for item in [*self.items, self.upcoming, self.past]:
                    self.assertContains(response, item.url)
                self.assertNotContains(response, "<script>alert(1)")

    def test_agenda_ignores_malformed_parameters(self):
        url = self.tree.fr.events.url
        for query in MALFORMED_AGENDA_QUERIES:
            with self.subTest(query=query[:60]):
                response = self.client.get(f"{url}?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, self.upcoming.url)
                self.assertNotContains(response, self.past.url)

    def test_the_last_of_repeated_parameters_wins(self):
        url = self.tree.fr.library.url
        response = self.client.get(f"{url}?type=zzz&type=project")
        self.assertContains(response, self.items[0].url)
        self.assertNotContains(response, self.items[1].url)


class AnyQueryStringTests(BilingualTreeTestCase, HypothesisTestCase):
    """Whatever the query string, the library and the agenda answer, in both languages."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        taxonomy = build_taxonomy(cls.tree)
        ProjectPageFactory(parent=cls.tree.fr.library, **classified(taxonomy))
        EventPageFactory(parent=cls.tree.fr.events, **classified(taxonomy))

    @hypothesis_settings(max_examples=60, deadline=None, database=None)
    @given(query=query_strings)
    def test_any_query_string(self, query):
        for tree in (self.tree.fr, self.tree.en):
            for page in (tree.library, tree.events):
                response = self.client.get(f"{page.url}?{query}")
                self.assertIn(response.status_code, (200, 400))
                self.assertNotIn(b"Traceback", response.content)
