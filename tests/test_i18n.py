"""French first, English second: translations made with wagtail-localize read in English, and
every page links to its other-language version."""

from tests.base import BilingualTreeTestCase
from tests.factories import DossierPageFactory, ProjectPageFactory, build_taxonomy, classified
from tests.factories import translate_page as localize


class TranslatedLibraryPageTests(BilingualTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.taxonomy = build_taxonomy(cls.tree)
        cls.project_fr = ProjectPageFactory(
            parent=cls.tree.fr.library,
            title="Budget participatif de Grenoble",
            slug="budget-participatif-grenoble",
            **classified(cls.taxonomy),
        )
        # wagtail-localize: TranslationSource, Translation, string translations, save_target.
        cls.project_en = localize(
            cls.project_fr,
            cls.tree.locale_en,
            title="Grenoble's participatory budget",
            slug="grenoble-participatory-budget",
            summary="How Grenoble lets its residents decide.",
        )
        cls.untranslated = DossierPageFactory(
            parent=cls.tree.fr.library, title="Guide non traduit", slug="guide-non-traduit"
        )

    def test_translation_is_an_english_page_of_its_own(self):
        project_en = self.project_en
        self.assertEqual(project_en.locale.language_code, "en")
        self.assertEqual(project_en.translation_key, self.project_fr.translation_key)
        self.assertIsNone(project_en.alias_of_id)
        self.assertTrue(project_en.live)
        self.assertEqual(project_en.url, "/en/library/grenoble-participatory-budget/")
        self.assertEqual(project_en.summary, "How Grenoble lets its residents decide.")

    def test_translation_keeps_the_french_references(self):
        """What wagtail-localize does with many-to-many relations, hence the localized rendering."""
        project_en = self.project_en
        taxonomy = self.taxonomy
        self.assertEqual(list(project_en.themes.all()), [taxonomy.theme_fr])
        self.assertEqual(list(project_en.audiences.all()), [taxonomy.audience_fr])
        self.assertEqual(list(project_en.organisations.all()), [taxonomy.organisation_fr])
        self.assertEqual(list(project_en.tags.all()), [taxonomy.tag])

    def test_english_page_shows_english_taxonomy(self):
        taxonomy = self.taxonomy
        response = self.assertPageIsServed(self.project_en)
        taxonomy_box = self.get_soup(response.content).find("aside", class_="taxonomy")
        text = taxonomy_box.get_text(" ")
        for english in (
            taxonomy.theme_en.title,
            taxonomy.audience_en.name,
            taxonomy.organisation_en.name,
            taxonomy.tag.name_en,
        ):
            self.assertIn(english, text)
        for french in (
            taxonomy.theme_fr.title,
            taxonomy.audience_fr.name,
            taxonomy.organisation_fr.name,
            taxonomy.tag.name,
        ):
            self.assertNotIn(french, text)
        links = {a.get_text(strip=True): a["href"] for a in taxonomy_box.find_all("a")}
        self.assertEqual(links[taxonomy.theme_en.title], taxonomy.theme_en.url)
        self.assertEqual(links[taxonomy.tag.name_en], "/en/library/tags/budget-participatif/")

    def test_french_page_shows_french_taxonomy(self):
        taxonomy = self.taxonomy
        response = self.assertPageIsServed(self.project_fr)
        text = self.get_soup(response.content).find("aside", class_="taxonomy").get_text(" ")
        for french in (
            taxonomy.theme_fr.title,
            taxonomy.audience_fr.name,
            taxonomy.organisation_fr.name,
            taxonomy.tag.name,
        ):
            self.assertIn(french, text)
        self.assertNotIn(taxonomy.theme_en.title, text)
        self.assertNotIn(taxonomy.tag.name_en, text)

    def test_english_listings_show_english_theme_labels(self):
        for page in (self.tree.en.library, self.taxonomy.theme_en):
            with self.subTest(page=page.title):
                response = self.client.get(page.url)
                card = self.card_of(response, self.project_en)
                self.assertIn(self.taxonomy.theme_en.title, card.get_text(" "))
                self.assertNotIn(self.taxonomy.theme_fr.title, card.get_text(" "))

    def test_english_tag_page_uses_the_english_wording(self):
        tag = self.taxonomy.tag
        response = self.client.get(f"/en/library/tags/{tag.slug}/")
        self.assertContains(response, tag.name_en)
        self.assertContains(response, self.project_en.url)
        self.assertNotContains(response, self.project_fr.url)

    def test_language_switcher_links_the_two_versions(self):
        pairs = [
            (self.project_fr, self.project_en),
            (self.taxonomy.theme_fr, self.taxonomy.theme_en),
            (self.tree.fr.library, self.tree.en.library),
            (self.tree.fr.home, self.tree.en.home),
        ]
        for french, english in pairs:
            with self.subTest(page=french.title):
                self.assertEqual(self.switcher_links(french.url), {"en": english.url})
                self.assertEqual(self.switcher_links(english.url), {"fr": french.url})

    def test_untranslated_page_switches_to_the_other_home_page(self):
        self.assertEqual(self.switcher_links(self.untranslated.url), {"en": "/en/"})

    def test_html_lang_and_hreflang_alternates(self):
        for page, language in ((self.project_fr, "fr"), (self.project_en, "en")):
            with self.subTest(language=language):
                response = self.client.get(page.url)
                soup = self.get_soup(response.content)
                self.assertEqual(soup.html["lang"], language)
                self.assertEqual(
                    self.alternates(soup),
                    {
                        "fr": "http://testserver" + self.project_fr.url,
                        "en": "http://testserver" + self.project_en.url,
                    },
                )

    def test_untranslated_page_has_no_english_alternate(self):
        """Its English home page is not the same content, so it is no ``hreflang`` alternate."""
        soup = self.get_soup(self.client.get(self.untranslated.url).content)
        self.assertEqual(soup.html["lang"], "fr")
        self.assertEqual(self.alternates(soup), {"fr": "http://testserver" + self.untranslated.url})

    def test_header_links_the_sections_of_the_reader_language(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                tree = getattr(self.tree, language)
                soup = self.get_soup(self.client.get(tree.home.url).content)
                links = {a["href"] for a in soup.select("header a[href]")}
                for section in (tree.library, tree.themes, tree.events):
                    self.assertIn(section.url, links)

    # --- Helpers --------------------------------------------------------------------------

    def switcher_links(self, url):
        """Other-language links of the language switcher on the page at ``url``."""
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        soup = self.get_soup(response.content)
        return {a["hreflang"]: a["href"] for a in soup.select("body a[hreflang]")}

    def alternates(self, soup):
        return {
            link["hreflang"]: link["href"]
            for link in soup.select('head link[rel="alternate"][hreflang]')
        }

    def card_of(self, response, page):
        soup = self.get_soup(response.content)
        link = soup.find("a", href=page.url)
        self.assertIsNotNone(link, f"No card links to {page.url}")
        return link.find_parent("article")
