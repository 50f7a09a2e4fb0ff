"""Every answer carries the Content-Security-Policy; no inline script runs without its nonce.

The browser suite (``tests/browser/test_csp.py``) checks that pages and the admin work under it.
"""

import re

from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Site

from tests.base import BilingualTreeTestCase
from tests.factories import (
    DossierPageFactory,
    EventPageFactory,
    ProjectPageFactory,
    english,
    translate_page,
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.I)
NONCE = re.compile(r"'nonce-([^']+)'")


def policy(response):
    header = response.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class PolicyTests(BilingualTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = ProjectPageFactory(parent=cls.tree.fr.library)
        cls.dossier = DossierPageFactory(parent=cls.tree.fr.library)
        cls.event = EventPageFactory(parent=cls.tree.fr.events)
        cls.project_en = translate_page(cls.project, english())

    def assertStrict(self, response, where):
        directives = policy(response)
        self.assertEqual(directives.get("default-src"), ["'self'"], where)
        self.assertNotIn("'unsafe-inline'", directives.get("script-src", []), where)
        self.assertNotIn("'unsafe-eval'", directives.get("script-src", []), where)
        self.assertEqual(directives.get("object-src"), ["'none'"], where)
        return directives

    def test_public_answers_carry_the_strict_policy(self):
        for url in (
            self.tree.fr.home.url,
            self.tree.en.home.url,
            self.project.url,
            self.tree.fr.library.url,
            self.tree.fr.events.url,
            reverse("search") + "?q=projet",
            "/fr/nulle-part/",
            "/api/v2/pages/",
            "/api/v2/pages/999999/",
            "/sitemap.xml",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                directives = self.assertStrict(response, url)
                self.assertEqual(directives["style-src"], ["'self'"], url)
                if response["Content-Type"].startswith("text/html"):
                    scripts = INLINE_SCRIPT.findall(response.content.decode())
                    inline = [a for a in scripts if "application/json" not in a]
                    self.assertEqual(inline, [], f"{url}: inline scripts")

    def test_admin_inline_scripts_all_carry_the_nonce(self):
        self.client.force_login(self.superuser)
        pages = [self.project, self.dossier, self.event, self.project_en, self.tree.fr.home]
        urls = [reverse("wagtailadmin_login"), reverse("wagtailadmin_home")]
        urls += [reverse("wagtailadmin_pages:edit", args=[page.pk]) for page in pages]
        urls.append(reverse("wagtailadmin_pages:add_subpage", args=[self.tree.fr.library.pk]))
        urls += self.menu_screens()
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200)
                directives = self.assertStrict(response, url)
                nonces = NONCE.findall(" ".join(directives["script-src"]))
                for attributes in INLINE_SCRIPT.findall(response.content.decode()):
                    if "application/json" in attributes or "text/template" in attributes:
                        continue
                    found = re.findall(r'nonce="([^"]+)"', attributes)
                    # Without a nonce on the page, the header has none either: not a pass.
                    self.assertEqual(len(found), 1, f"{url}: <script{attributes}> has no nonce")
                    self.assertEqual(nonces, found, url)

    def menu_screens(self):
        """The other admin screens the editors reach from the menu."""
        query = Query.get("budget participatif")
        query.editors_picks.create(page=self.project, sort_order=0)
        site = Site.objects.get(is_default_site=True)
        urls = [
            reverse(name)
            for name in (
                "wagtailsnippets:index",
                "wagtaildocs:index",
                "wagtaildocs:add_multiple",
                "wagtailimages:index",
                "wagtailimages:add_multiple",
                "wagtailredirects:index",
                "wagtailredirects:add",
                "wagtailadmin_reports:locked_pages",
                "wagtailadmin_reports:aging_pages",
                "wagtailadmin_reports:site_history",
                "wagtailsearchpromotions:index",
                "wagtailsearchpromotions:add",
                "wagtailsearchpromotions:search_terms",
            )
        ]
        urls.append(reverse("wagtailsearchpromotions:edit", args=[query.pk]))
        urls.append(reverse("wagtailsnippets_resources_organisation:add"))
        urls.append(
            reverse("wagtailsettings:edit", args=["newsletter", "contactsettings", site.pk])
        )
        urls.append(reverse("wagtail_localize:submit_page_translation", args=[self.dossier.pk]))
        return urls
