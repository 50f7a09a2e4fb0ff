"""The home page, in French and in English."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils.html import escape
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from resources.models import (
    ConceptPage,
    DossierPage,
    LibraryIndexPage,
    NewsPage,
    ProjectPage,
    ThemeIndexPage,
    ThemePage,
)
from tests.base import BilingualTreeTestCase
from tests.factories import (
    EventPageFactory,
    ProjectPageFactory,
    build_taxonomy,
    classified,
    translate_page,
)

PARIS = ZoneInfo("Europe/Paris")


class CreationRulesTests(WagtailPageTestCase):
    def test_home_pages_sit_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, [Page])
        self.assertCanCreateAt(Page, HomePage)
        for parent in (HomePage, LibraryIndexPage, ThemeIndexPage, EventIndexPage):
            with self.subTest(parent=parent):
                self.assertCanNotCreateAt(parent, HomePage)

    def test_home_page_holds_the_sections(self):
        for section in (LibraryIndexPage, ThemeIndexPage, EventIndexPage):
            with self.subTest(section=section):
                self.assertCanCreateAt(HomePage, section)
        for model in (ProjectPage, DossierPage, ConceptPage, NewsPage, ThemePage, EventPage):
            with self.subTest(model=model):
                self.assertCanNotCreateAt(HomePage, model)


class HomePageTests(BilingualTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taxonomy = build_taxonomy(cls.tree)
        project = ProjectPageFactory(
            parent=cls.tree.fr.library, title="Budget participatif", **classified(cls.taxonomy)
        )
        event = EventPageFactory(
            parent=cls.tree.fr.events,
            title="Rencontre nationale",
            starts_at=datetime.datetime(2021, 9, 23, 9, 30, tzinfo=PARIS),
            ends_at=None,
            **classified(cls.taxonomy),
        )
        en = cls.tree.locale_en
        cls.shown = {
            "fr": [project, event, cls.taxonomy.theme_fr],
            "en": [
                translate_page(project, en, title="Participatory budget", slug="budget"),
                translate_page(event, en, title="National meeting", slug="meeting"),
                cls.taxonomy.theme_en,
            ],
        }

    def setUp(self):
        super().setUp()
        self.enterContext(time_machine.travel(datetime.datetime(2021, 7, 15, tzinfo=PARIS)))

    def test_home_page_is_served_in_both_languages(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                home = getattr(self.tree, language).home
                response = self.assertPageIsServed(home, expect=home.intro)
                # Theme of the month, latest item and upcoming event, all in the same language.
                for page in self.shown[language]:
                    self.assertContains(response, page.url)
                    self.assertContains(response, escape(page.title))

    def test_home_page_works_in_the_admin(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                self.assertPageWorksInAdmin(getattr(self.tree, language).home)

    def test_one_home_page_per_language_under_the_root(self):
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertEqual(
            sorted(HomePage.objects.values_list("locale__language_code", flat=True)), ["en", "fr"]
        )
