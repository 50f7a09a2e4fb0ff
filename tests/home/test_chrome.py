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
