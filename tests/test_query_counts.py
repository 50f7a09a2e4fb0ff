"""Every public page type runs a fixed number of queries, however much content there is.

Each page is visited three times: the first visit makes the image renditions (once in a site's
life); the second is counted as readers get it, with Django's cache warm (site chrome, site root
paths, renditions); the third is counted after emptying the cache, as after a publish or a
restart, when the menu, footer and partners are read again and Wagtail looks up site root paths
and renditions in the database.

A listing of pages costs one query per page type shown (Wagtail's ``.specific()``), so the content
is chosen for each listing to show the same page types before and after content is added.
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.cache import cache

from tests.base import BilingualTreeTestCase
from tests.factories import (
    ConceptPageFactory,
    DossierPageFactory,
    EventPageFactory,
    ImageFactory,
    LibraryTagFactory,
    NewsPageFactory,
    ProjectPageFactory,
    ThemePageFactory,
    build_taxonomy,
    classified,
    translate_page,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2021, 7, 15, 10, 0, tzinfo=PARIS)
BASE_DATE = datetime.date(2021, 5, 1)

# Measured with: .venv/bin/pytest tests/test_query_counts.py
# The cache warm (as most readers get a page). Home and theme pages carry the newsletter form,
# whose theme choices leave out private themes (``public()`` reads the view restrictions).
# Listings go through the library query: one query for the page of ids, one per page type shown,
# the card themes labelled from the cached taxonomy (private themes show nowhere); an item page
# reads the view restrictions once for its own theme list (``public_themes``).
EXPECTED = {
    ("fr", "home"): 29,
    ("fr", "theme"): 22,
    ("fr", "project"): 32,
    ("fr", "library"): 15,
    ("fr", "events"): 15,
    ("fr", "theme_index"): 12,
    ("en", "home"): 30,
    ("en", "theme"): 23,
    ("en", "project"): 36,
    ("en", "library"): 16,
    ("en", "events"): 16,
    ("en", "theme_index"): 13,
}

# The cache empty: the chrome and the library's taxonomy cost 8 to 14 queries more.
EXPECTED_COLD = {
    ("fr", "home"): 43,
    ("fr", "theme"): 36,
    ("fr", "project"): 44,
    ("fr", "library"): 28,
    ("fr", "events"): 28,
    ("fr", "theme_index"): 20,
    ("en", "home"): 44,
    ("en", "theme"): 37,
    ("en", "project"): 48,
    ("en", "library"): 29,
    ("en", "events"): 29,
    ("en", "theme_index"): 21,
}

ITEM_FACTORIES = [
    ProjectPageFactory,
    DossierPageFactory,
    ConceptPageFactory,
    NewsPageFactory,
    EventPageFactory,
]


class QueryCountTests(BilingualTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        cls.taxonomy = build_taxonomy(tree)
        second_theme = ThemePageFactory(parent=tree.fr.themes, image=ImageFactory())
        translate_page(second_theme, tree.locale_en, title="Cooperation", slug="cooperation")
        cls.themes = [cls.taxonomy.theme_fr, second_theme]
        cls.tags = [cls.taxonomy.tag, LibraryTagFactory()]
        organisation = cls.taxonomy.organisation_fr
        organisation.logo = ImageFactory()
        organisation.save()
        cls.organisation_en = cls.taxonomy.organisation_en
        cls.organisation_en.logo = organisation.logo
        cls.organisation_en.save()
        # One item of each type, and the project under test related to each of them.
        related = [cls.make_item(factory, published=BASE_DATE) for factory in ITEM_FACTORIES]
        past_event = cls.make_item(EventPageFactory, published=BASE_DATE, starts_in_days=-10)
        cls.project_fr = ProjectPageFactory(
            parent=tree.fr.library,
            title="Projet mesuré",
            publication_date=BASE_DATE,
            listing_image=ImageFactory(),
            **classified(cls.taxonomy, themes=cls.themes, tags=cls.tags, related_items=related),
        )
        for item in [*related, past_event, cls.project_fr]:
            translate_page(item, tree.locale_en, title=f"{item.title} (en)", slug=f"{item.slug}-en")

    @classmethod
    def make_item(cls, factory, published, starts_in_days=10):
        """A library item with an image, both themes, both tags and all other taxonomy."""
        parent = cls.tree.fr.events if factory is EventPageFactory else cls.tree.fr.library
        extra = {}
        if factory is EventPageFactory:
            starts_at = NOW + datetime.timedelta(days=starts_in_days)
            extra = {"starts_at": starts_at, "ends_at": None}
        return factory(
            parent=parent,
            publication_date=published,
            listing_image=ImageFactory(),
            **extra,
            **classified(cls.taxonomy, themes=cls.themes, tags=cls.tags),
        )

    def setUp(self):
        super().setUp()
        self.enterContext(time_machine.travel(NOW, tick=False))

    def urls(self):
        tree = self.tree
        project_en = self.project_fr.get_translation(tree.locale_en)
        return {
            ("fr", "home"): tree.fr.home.url,
            ("fr", "theme"): self.taxonomy.theme_fr.url,
            ("fr", "project"): self.project_fr.url,
            ("fr", "library"): tree.fr.library.url,
            ("fr", "events"): tree.fr.events.url,
            ("fr", "theme_index"): tree.fr.themes.url,
            ("en", "home"): tree.en.home.url,
            ("en", "theme"): self.taxonomy.theme_en.url,
            ("en", "project"): project_en.url,
            ("en", "library"): tree.en.library.url,
            ("en", "events"): tree.en.events.url,
            ("en", "theme_index"): tree.en.themes.url,
        }

    def assertQueryCounts(self, expected, expected_cold):
        for key, url in self.urls().items():
            with self.subTest(page=key, url=url):
                self.client.get(url)
                with self.assertNumQueries(expected[key]):
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                cache.clear()
                with self.assertNumQueries(expected_cold[key]):
                    self.client.get(url)

    def add_items(self, count):
        """``count`` more items of every type, newer than the others, with images, themes and
        tags, each with its English translation, all related to the project under test; and a
        theme more for every ten items."""
        locale_en = self.tree.locale_en
        project_en = self.project_fr.get_translation(locale_en).specific
        added = []
        for index in range(count):
            factory = ITEM_FACTORIES[index % len(ITEM_FACTORIES)]
            item = self.make_item(
                factory,
                published=BASE_DATE + datetime.timedelta(days=index + 1),
                starts_in_days=(index % 7 + 1) * (1 if index % 2 else -1),
            )
            translation = item.copy_for_translation(locale_en)
            translation.save_revision().publish()
            added.append(item)
        for project in (self.project_fr, project_en):
            project.related_items.add(*added)
            project.save()
        for _index in range(count // 10):
            theme = ThemePageFactory(parent=self.tree.fr.themes, image=ImageFactory())
            theme.copy_for_translation(locale_en).save_revision().publish()
        return added

    def test_query_counts(self):
        self.assertQueryCounts(EXPECTED, EXPECTED_COLD)

    def test_counts_do_not_grow_with_content(self):
        added = self.add_items(50)
        self.assertQueryCounts(EXPECTED, EXPECTED_COLD)
        # The pages did show the added content.
        project = self.client.get(self.project_fr.url)
        for item in added:
            self.assertContains(project, item.url)
        library = self.client.get(self.tree.fr.library.url)
        for item in added[-12:]:
            self.assertContains(library, item.url)
