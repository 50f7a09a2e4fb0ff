"""The header menu, the footer and the partners: kept in Django's cache, always as published."""

import os

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, Site

from config.env import cache_settings
from home.chrome import chrome_keys
from newsletter.models import ContactSettings
from tests.base import BilingualTreeTestCase
from tests.factories import ImageFactory, LibraryIndexPageFactory, OrganisationFactory


def menu(response, where="nav.site-nav"):
    """(title, aria-current) of each menu link, the home link left out."""
    nav = BeautifulSoup(response.content, "html.parser").select_one(where)
    return [
        (link.get_text(), link.get("aria-current"))
        for link in nav.select("a")
        if link.get_text() not in ("Accueil", "Home", "Rechercher dans la bibliothèque")
    ]


def menu_titles(response):
    return [title for title, _current in menu(response)]


def footer_titles(response):
    return [title for title, _current in menu(response, "nav.site-footer__nav")]


def partner_names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        item.select_one(".partners__name").get_text()
        for item in soup.select(".site-footer__partners .partners__item")
    ]


def cached_chrome():
    """The chrome's entries present in the cache."""
    site_ids = Site.objects.values_list("pk", flat=True)
    return [key for key in chrome_keys(site_ids) if cache.get(key) is not None]


class MenuFollowsPublishingTests(BilingualTreeTestCase):
    def setUp(self):
        super().setUp()
        self.client = Client()
        # Filled by a first visit: what follows must drop it to show the change.
        assert menu_titles(self.client.get("/fr/")) == ["Bibliothèque", "Thématiques", "Agenda"]

    def test_a_published_page_appears_in_the_next_menu(self):
        home = self.tree.fr.home
        page = LibraryIndexPageFactory.build(title="Ressources", slug="ressources", live=False)
        home.add_child(instance=page)
        assert "Ressources" not in menu_titles(self.client.get("/fr/"))

        page.save_revision().publish()
        response = self.client.get(self.tree.fr.library.url)
        assert "Ressources" in menu_titles(response)
        assert "Ressources" in footer_titles(response)

    def test_renaming_and_unpublishing_show_at_once(self):
        library = self.tree.fr.library
        library.title = "La médiathèque"
        library.save_revision().publish()
        assert "La médiathèque" in menu_titles(self.client.get("/fr/"))

        library.unpublish()
        response = self.client.get("/fr/")
        assert "La médiathèque" not in menu_titles(response)
        assert "La médiathèque" not in footer_titles(response)
        # The English menu is kept apart and unchanged.
        assert "Library" in menu_titles(self.client.get("/en/"))

    def test_moves_reorder_and_remove_entries(self):
        events = self.tree.fr.events
        events.move(self.tree.fr.library, pos="left")
        assert menu_titles(self.client.get("/fr/")) == ["Agenda", "Bibliothèque", "Thématiques"]

        themes = Page.objects.get(pk=self.tree.fr.themes.pk)
        themes.move(self.tree.fr.library, pos="last-child")
        response = self.client.get("/fr/")
        assert menu_titles(response) == ["Agenda", "Bibliothèque"]
        assert footer_titles(response) == ["Agenda", "Bibliothèque"]

    def test_a_deleted_page_leaves_the_menu(self):
        Page.objects.get(pk=self.tree.fr.themes.pk).delete()
        assert menu_titles(self.client.get("/fr/")) == ["Bibliothèque", "Agenda"]


class CurrentEntryTests(BilingualTreeTestCase):
    def test_the_current_section_is_marked_for_each_request(self):
        client = Client()
        library = self.tree.fr.library
        child = LibraryIndexPageFactory(parent=library, title="Sous-rubrique", slug="sous")
        # The home page fills the cache; the other pages mark their own entry from it.
        assert [current for _title, current in menu(client.get("/fr/"))] == [None] * 3
        assert ("Bibliothèque", "page") in menu(client.get(library.url))
        assert ("Bibliothèque", "true") in menu(client.get(child.url))
        assert [current for _title, current in menu(client.get(self.tree.fr.events.url))] == [
            None,
            None,
            "page",
        ]


class MenuCacheTests(BilingualTreeTestCase):
    def render_menu(self, request):
        with translation.override("fr"):
            return Template("{% load navigation_tags %}{% main_menu %}").render(
                Context({"request": request})
            )

    def test_a_second_rendering_runs_no_query(self):
        request = RequestFactory().get(self.tree.fr.library.url)
        Site.find_for_request(request)  # the page's own view looks the site up anyway
        with self.assertNumQueries(3):
            first = self.render_menu(request)
        with self.assertNumQueries(0):
            second = self.render_menu(request)
        assert first == second
        assert 'aria-current="page"' in second

    def test_a_second_visit_reads_neither_menu_nor_footer(self):
        client = Client()
        client.get("/fr/")
        client.get(self.tree.fr.themes.url)
        with CaptureQueriesContext(connection) as warm:
            client.get(self.tree.fr.themes.url)
        cache.delete_many(chrome_keys([self.tree.site.pk]))
        with CaptureQueriesContext(connection) as cold:
            client.get(self.tree.fr.themes.url)
        chrome_tables = (
            'AND "wagtailcore_page"."show_in_menus"',
            'FROM "resources_organisation"',
            'FROM "newsletter_contactsettings"',
        )

        def chrome_queries(captured):
            return [q for q in captured if any(t in q["sql"] for t in chrome_tables)]

        assert chrome_queries(warm) == []
        assert len(chrome_queries(cold)) == 4  # menu, partners (2 languages tried), contact
        # The menu also reads its home page and locale, the partners the default locale.
        assert len(cold) - len(warm) == 7


class PreviewTests(BilingualTreeTestCase):
    def test_a_preview_neither_fills_nor_reads_the_cache(self):
        home = self.tree.fr.home
        partner = OrganisationFactory(name="Réseau des communes", is_network_member=True)
        response = home.make_preview_request()
        assert response.status_code == 200
        assert "Thématiques" in menu_titles(response)
        assert cached_chrome() == []

        public = Client().get("/fr/")
        assert "Thématiques" in menu_titles(public)
        assert cached_chrome() != []
        # A change the signals do not see (a bulk update) leaves the cached chrome as it was,
        # but a preview shows the database as it is.
        Page.objects.filter(pk=self.tree.fr.themes.pk).update(title="Dossiers")
        type(partner).objects.filter(pk=partner.pk).update(name="Réseau des villes")
        assert "Thématiques" in menu_titles(Client().get("/fr/"))
        preview = self.tree.fr.library.make_preview_request()
        assert "Dossiers" in menu_titles(preview)
        assert "Dossiers" in footer_titles(preview)
        assert partner_names(preview) == ["Réseau des villes"]


class FooterFollowsEditsTests(BilingualTreeTestCase):
    def test_the_partners_follow_organisation_edits(self):
        client = Client()
        partner = OrganisationFactory(name="Réseau des communes", is_network_member=True)
        library = self.tree.fr.library.url
        assert partner_names(client.get(library)) == ["Réseau des communes"]

        partner.name = "Réseau des villes"
        partner.save()
        assert partner_names(client.get(library)) == ["Réseau des villes"]

        partner.is_network_member = False
        partner.save()
        assert partner_names(client.get(library)) == []

    def test_the_home_page_partners_follow_organisation_edits(self):
        client = Client()
        partner = OrganisationFactory(name="Réseau des communes", is_network_member=True)
        assert "Réseau des communes" in client.get("/fr/").content.decode()
        partner.delete()
        assert "Réseau des communes" not in client.get("/fr/").content.decode()

    def test_saving_a_partner_logo_drops_the_fragments_and_another_image_does_not(self):
        logo, other = ImageFactory(), ImageFactory()
        OrganisationFactory(name="Réseau des communes", is_network_member=True, logo=logo)
        Client().get(self.tree.fr.library.url)
        cached = cached_chrome()
        assert len(cached) == 3  # menu, footer, footer partners
        other.title = "Une autre image"
        other.save()
        assert cached_chrome() == cached
        logo.title = "Logo redessiné"
        logo.save()
        assert cached_chrome() == []

    def test_a_page_view_creates_no_contact_details_row(self):
        response = Client().get(self.tree.fr.library.url)
        assert "footer-contact" in response.content.decode()
        assert not ContactSettings.objects.exists()

    def test_the_footer_contact_follows_settings_edits(self):
        client = Client()
        settings = ContactSettings.for_site(self.tree.site)
        settings.contact_email = "contact@territoires.example"
        settings.save()
        assert "contact@territoires.example" in client.get("/fr/").content.decode()

        settings.contact_email = "bonjour@territoires.example"
        settings.save()
        html = client.get("/fr/").content.decode()
        assert "bonjour@territoires.example" in html
        assert "contact@territoires.example" not in html


class SitesTests(BilingualTreeTestCase):
    def test_each_site_has_its_own_menu(self):
        client = Client()
        LibraryIndexPageFactory(parent=self.tree.fr.library, title="Sous-rubrique", slug="sous")
        assert menu_titles(client.get("/fr/")) == ["Bibliothèque", "Thématiques", "Agenda"]
        Site.objects.create(hostname="autre.example", root_page=self.tree.fr.library)
        response = client.get("/fr/", HTTP_HOST="autre.example")
        assert response.wsgi_request._wagtail_site.hostname == "autre.example"
        assert menu_titles(response) == ["Sous-rubrique"]
        response = client.get("/fr/")
        assert response.wsgi_request._wagtail_site.pk == self.tree.site.pk
        assert menu_titles(response) == ["Bibliothèque", "Thématiques", "Agenda"]


@override_settings(CACHES=cache_settings("db://chrome_cache"))
class DatabaseCacheTests(BilingualTreeTestCase):
    """The same chrome through Django's database cache (``CACHE_URL=db://...``), which every
    server process of a deployment shares."""

    @classmethod
    def setUpTestData(cls):
        call_command("createcachetable", verbosity=0)
        super().setUpTestData()

    def test_the_menu_is_shared_through_the_table_and_follows_publishing(self):
        client = Client()
        assert "Bibliothèque" in menu_titles(client.get("/fr/"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM chrome_cache")
            stored = {row[0] for row in cursor.fetchall()}
        assert f":1:home.menu.{self.tree.site.pk}.fr" in stored

        library = self.tree.fr.library
        library.title = "La médiathèque"
        library.save_revision().publish()
        assert "La médiathèque" in menu_titles(client.get("/fr/"))


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6391/0")


@pytest.mark.redis
@override_settings(CACHES=cache_settings(REDIS_URL))
class RedisCacheTests(BilingualTreeTestCase):
    """The same chrome through a real Redis server (``scripts/redis``, run by ``make test-all``)."""

    def test_the_menu_is_kept_in_redis_and_dropped_on_publish(self):
        from redis import Redis

        server = Redis.from_url(REDIS_URL)
        key = f":1:home.menu.{self.tree.site.pk}.fr"
        client = Client()
        assert "Bibliothèque" in menu_titles(client.get("/fr/"))
        assert server.exists(key)

        library = self.tree.fr.library
        library.title = "La médiathèque"
        library.save_revision().publish()
        assert not server.exists(key)
        assert "La médiathèque" in menu_titles(client.get("/fr/"))
        assert server.exists(key)
