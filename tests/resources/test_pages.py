"""The library's page types, in French and in English: where they may be created, and that they
route, render, edit and preview."""

import datetime

from django.test import TestCase
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from resources.models import (
    ConceptPage,
    DossierPage,
    LibraryIndexPage,
    LibraryPage,
    NewsPage,
    ProjectPage,
    ThemeIndexPage,
    ThemePage,
)
from tests.base import BilingualTreeTestCase
from tests.factories import (
    ConceptPageFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    NewsPageFactory,
    ProjectPageFactory,
    build_taxonomy,
    classified,
    translate_page,
)

LIBRARY_TYPES = [ProjectPage, DossierPage, ConceptPage, NewsPage]


class CreationRulesTests(WagtailPageTestCase):
    def test_library_index_holds_the_four_library_types(self):
        self.assertAllowedSubpageTypes(LibraryIndexPage, LIBRARY_TYPES)
        self.assertAllowedParentPageTypes(LibraryIndexPage, [HomePage])
        self.assertCanCreateAt(HomePage, LibraryIndexPage)
        for parent in (Page, LibraryIndexPage, ThemeIndexPage, EventIndexPage, ProjectPage):
            with self.subTest(parent=parent):
                self.assertCanNotCreateAt(parent, LibraryIndexPage)

    def test_library_types_live_in_the_library_only(self):
        for model in LIBRARY_TYPES:
            with self.subTest(model=model):
                self.assertAllowedParentPageTypes(model, [LibraryIndexPage])
                self.assertAllowedSubpageTypes(model, [])
                self.assertCanCreateAt(LibraryIndexPage, model)
                for parent in (Page, HomePage, ThemeIndexPage, EventIndexPage, ThemePage):
                    self.assertCanNotCreateAt(parent, model)

    def test_theme_index_holds_themes(self):
        self.assertAllowedSubpageTypes(ThemeIndexPage, [ThemePage])
        self.assertAllowedParentPageTypes(ThemeIndexPage, [HomePage])
        self.assertAllowedParentPageTypes(ThemePage, [ThemeIndexPage])
        self.assertAllowedSubpageTypes(ThemePage, [])
        self.assertCanCreateAt(HomePage, ThemeIndexPage)
        self.assertCanCreateAt(ThemeIndexPage, ThemePage)
        for parent in (Page, HomePage, LibraryIndexPage, EventIndexPage):
            with self.subTest(parent=parent):
                self.assertCanNotCreateAt(parent, ThemePage)
        self.assertCanNotCreateAt(LibraryIndexPage, ThemeIndexPage)

    def test_the_shared_base_is_never_created(self):
        self.assertFalse(LibraryPage.is_creatable)
        self.assertAllowedSubpageTypes(LibraryPage, [])
        for parent in (HomePage, LibraryIndexPage, EventIndexPage):
            self.assertNotIn(LibraryPage, parent.creatable_subpage_models())
        self.assertNotIn(EventPage, LibraryIndexPage.allowed_subpage_models())


class LibraryPagesTests(BilingualTreeTestCase):
    """One page of each type with all its taxonomy, in French and in its English translation."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        cls.taxonomy = build_taxonomy(tree)
        library = tree.fr.library
        dossier = DossierPageFactory(
            parent=library,
            title="Guide de la concertation",
            listing_image=ImageFactory(),
            document=DocumentFactory(),
            **classified(cls.taxonomy),
        )
        french = {
            "dossier": dossier,
            "project": ProjectPageFactory(
                parent=library,
                title="Budget participatif de Grenoble",
                listing_image=ImageFactory(),
                **classified(cls.taxonomy, related_items=[dossier]),
            ),
            "concept": ConceptPageFactory(
                parent=library,
                title="La démocratie délibérative",
                diagram=ImageFactory(),
                diagram_document=DocumentFactory(),
                **classified(cls.taxonomy),
            ),
            "news": NewsPageFactory(
                parent=library, title="Appel à projets participation", **classified(cls.taxonomy)
            ),
        }
        english_titles = {
            "dossier": "Guide to public consultation",
            "project": "Grenoble's participatory budget",
            "concept": "Deliberative democracy",
            "news": "Call for participation projects",
        }
        english = {
            key: translate_page(
                page,
                tree.locale_en,
                title=english_titles[key],
                slug=english_titles[key].lower().replace(" ", "-").replace("'", ""),
            )
            for key, page in french.items()
        }
        cls.pages = {"fr": french, "en": english}

    def pages_of(self, language):
        tree = getattr(self.tree, language)
        theme = self.taxonomy.theme_fr if language == "fr" else self.taxonomy.theme_en
        return [tree.library, tree.themes, theme, *self.pages[language].values()]

    def test_every_page_is_served_in_both_languages(self):
        for language in ("fr", "en"):
            for page in self.pages_of(language):
                with self.subTest(language=language, page=page.title):
                    self.assertPageIsServed(page)

    def test_library_items_are_listed_in_their_own_language(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                response = self.assertPageIsServed(getattr(self.tree, language).library)
                for page in self.pages[language].values():
                    self.assertContains(response, page.url)
                other = "en" if language == "fr" else "fr"
                for page in self.pages[other].values():
                    self.assertNotContains(response, page.title)

    def test_theme_page_lists_its_items(self):
        for language, theme in (("fr", self.taxonomy.theme_fr), ("en", self.taxonomy.theme_en)):
            with self.subTest(language=language):
                response = self.assertPageIsServed(theme)
                for page in self.pages[language].values():
                    self.assertContains(response, page.url)

    def test_tag_pages_in_both_languages(self):
        tag = self.taxonomy.tag
        for language, label in (("fr", tag.name), ("en", tag.name_en)):
            with self.subTest(language=language):
                library = getattr(self.tree, language).library
                response = self.assertPageIsServed(library, f"tags/{tag.slug}/", expect=label)
                for page in self.pages[language].values():
                    self.assertContains(response, page.url)

    def test_unknown_tag_is_not_found(self):
        for language in ("fr", "en"):
            library = getattr(self.tree, language).library
            self.assertPageIsRenderable(library, "tags/pas-un-mot-cle/", accept_404=True)
            response = self.client.get(library.url + "tags/pas-un-mot-cle/")
            self.assertEqual(response.status_code, 404)

    def test_filters_narrow_the_library(self):
        project = self.pages["en"]["project"]
        library = self.tree.en.library
        response = self.assertPageIsServed(
            library,
            query_data={
                "type": "project",
                "theme": self.taxonomy.theme_en.slug,
                "tag": self.taxonomy.tag.slug,
                "territory": str(self.taxonomy.territory.parent_id),
                "year": str(project.publication_date.year),
            },
            expect=project.title,
        )
        self.assertNotContains(response, self.pages["en"]["dossier"].url)
        response = self.client.get(library.url, {"year": "1999"})
        self.assertNotContains(response, project.url)

    def test_french_pages_work_in_the_admin(self):
        for page in self.pages_of("fr"):
            with self.subTest(page=page.title):
                self.assertPageWorksInAdmin(page)

    def test_english_pages_work_in_the_admin(self):
        for page in self.pages_of("en"):
            with self.subTest(page=page.title):
                self.assertPageWorksInAdmin(page)

    def test_editors_create_each_type_in_both_languages(self):
        self.client.force_login(self.superuser)
        for language in ("fr", "en"):
            tree = getattr(self.tree, language)
            for model, fields in creation_fields().items():
                with self.subTest(language=language, model=model):
                    data = nested_form_data(
                        {
                            "title": f"{model.__name__} {language}",
                            "slug": f"{model._meta.model_name}-{language}",
                            "comments": inline_formset([]),
                            **fields,
                        }
                    )
                    parent = tree.themes if model is ThemePage else tree.library
                    self.assertCanCreate(parent, model, data)
                    created = model.objects.get(slug=data["slug"])
                    self.assertEqual(created.locale, parent.locale)
                    self.assertTrue(created.live)


def creation_fields():
    """The fields an editor fills in to create each type in the admin."""
    common = {
        "summary": "Deux phrases de résumé.",
        "publication_date": "2021-07-01",
        "body": streamfield([("heading", "Contexte")]),
    }
    return {
        ProjectPage: {
            **common,
            "approach": rich_text("<p>Ce qui a été fait.</p>"),
            "key_figures": streamfield([]),
            "links": streamfield([]),
        },
        DossierPage: {
            **common,
            "kind": DossierPage.Kind.GUIDE,
            "resource_language": "fr",
            "licence": DossierPage.Licence.CC_BY,
        },
        ConceptPage: {**common, "definition": "Une définition.", "pillars": streamfield([])},
        NewsPage: {**common, "kind": NewsPage.Kind.CALL, "deadline": "2021-09-15"},
        ThemePage: {
            "intro": "Une thématique.",
            "featured_month": datetime.date(2021, 9, 1).isoformat(),
            "body": streamfield([]),
        },
    }


class LibraryWithoutItemsTests(BilingualTreeTestCase):
    """Empty sections still render."""

    def test_empty_library_and_theme_index(self):
        for language in ("fr", "en"):
            tree = getattr(self.tree, language)
            for page in (tree.library, tree.themes):
                with self.subTest(language=language, page=page.title):
                    self.assertPageIsServed(page)


class LibraryFilterTypesTests(TestCase):
    """The type filter offers every library type, events included."""

    def test_item_types(self):
        self.assertEqual(
            LibraryIndexPage().item_types,
            {
                "project": ProjectPage,
                "dossier": DossierPage,
                "concept": ConceptPage,
                "news": NewsPage,
                "event": EventPage,
            },
        )
