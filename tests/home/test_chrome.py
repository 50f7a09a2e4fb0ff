"""The header menu and the footer's partners: kept per process, always as published."""

from django.test import Client

from tests.base import BilingualTreeTestCase
from tests.factories import OrganisationFactory


def menu_titles(response):
    return [item["title"] for item in response.context["main_menu"]]


def partner_names(response):
    return [partner.name for partner in response.context["network_partners"]]


class ChromeFollowsTheContentTests(BilingualTreeTestCase):
    def test_the_menu_follows_renaming_and_unpublishing_without_restart(self):
        client = Client()
        library = self.tree.fr.library
        assert library.title in menu_titles(client.get("/fr/"))

        library.title = "La médiathèque"
        library.save_revision().publish()
        assert "La médiathèque" in menu_titles(client.get("/fr/"))

        library.unpublish()
        assert "La médiathèque" not in menu_titles(client.get("/fr/"))
        # The English menu is kept apart and unchanged.
        assert "Library" in menu_titles(client.get("/en/"))

    def test_the_current_section_is_marked_for_each_request(self):
        client = Client()
        library = client.get(self.tree.fr.library.url)
        current = [item for item in library.context["main_menu"] if item["current"]]
        assert [item["current"] for item in current] == ["page"]
        home = client.get("/fr/")
        assert not any(item["current"] for item in home.context["main_menu"])

    def test_the_partners_follow_organisation_edits(self):
        client = Client()
        partner = OrganisationFactory(name="Réseau des communes", is_network_member=True)
        assert "Réseau des communes" in partner_names(client.get("/fr/"))

        partner.name = "Réseau des villes"
        partner.save()
        assert partner_names(client.get("/fr/")).count("Réseau des villes") == 1

        partner.is_network_member = False
        partner.save()
        assert "Réseau des villes" not in partner_names(client.get("/fr/"))

    def test_the_footer_contact_follows_settings_edits(self):
        from wagtail.models import Site

        from home.models import ContactSettings

        client = Client()
        site = Site.objects.get(is_default_site=True)
        settings = ContactSettings.for_site(site)
        settings.contact_email = "contact@territoires.example"
        settings.save()
        assert "contact@territoires.example" in client.get("/fr/").content.decode()

        settings.contact_email = "bonjour@territoires.example"
        settings.save()
        html = client.get("/fr/").content.decode()
        assert "bonjour@territoires.example" in html
        assert "contact@territoires.example" not in html

    def test_a_site_renamed_host_is_served_at_once(self):
        from wagtail.models import Site

        client = Client()
        assert client.get("/fr/").status_code == 200
        site = Site.objects.get(is_default_site=True)
        Site.objects.create(hostname="autre.example", root_page=site.root_page)
        # The other host has its own site from the first request on.
        response = client.get("/fr/", HTTP_HOST="autre.example")
        assert response.status_code == 200
        assert response.wsgi_request._wagtail_site.hostname == "autre.example"
        assert client.get("/fr/").wsgi_request._wagtail_site.pk == site.pk
