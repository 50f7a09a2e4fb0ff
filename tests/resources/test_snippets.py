"""The library's vocabulary in the Wagtail admin: listed, searchable, filterable, editable."""

from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

from resources.models import Audience, LibraryTag, Organisation, Territory
from tests.factories import (
    AudienceFactory,
    LibraryTagFactory,
    OrganisationFactory,
    TerritoryFactory,
    english,
    translate_snippet,
)


def admin_url(model, action, *args):
    return reverse(f"wagtailsnippets_resources_{model._meta.model_name}:{action}", args=args)


class TaxonomyAdminTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anct = OrganisationFactory(
            name="Agence nationale de la cohésion des territoires",
            acronym="ANCT",
            kind=Organisation.Kind.STATE_AGENCY,
            is_network_member=True,
        )
        cls.icpc = OrganisationFactory(name="Institut de la concertation", acronym="ICPC")
        cls.anct_en = translate_snippet(
            cls.anct, english(), name="National Agency for Territorial Cohesion"
        )
        cls.isere = TerritoryFactory(name="Isère", kind=Territory.Kind.DEPARTEMENT, insee_code="38")
        cls.grenoble = TerritoryFactory(name="Grenoble", insee_code="38185", parent=cls.isere)
        cls.elected = AudienceFactory(name="Élus locaux")
        cls.agents = AudienceFactory(name="Agents publics")
        cls.budget = LibraryTagFactory(
            name="budget participatif",
            slug="budget-participatif",
            name_en="participatory budgeting",
        )
        cls.debate = LibraryTagFactory(name="débat public", slug="debat-public", name_en="")

    def setUp(self):
        # force_login: django-axes wants the request that client.login() does not pass.
        self.client.force_login(self.create_superuser("admin"))

    def assertListed(self, model, params, shown, hidden):
        response = self.client.get(admin_url(model, "list"), params)
        self.assertEqual(response.status_code, 200)
        for obj in shown:
            self.assertContains(response, admin_url(model, "edit", obj.pk))
        for obj in hidden:
            self.assertNotContains(response, admin_url(model, "edit", obj.pk))

    def test_organisations(self):
        self.assertListed(Organisation, {}, [self.anct, self.icpc, self.anct_en], [])
        self.assertListed(Organisation, {"q": "cohésion"}, [self.anct], [self.icpc])
        self.assertListed(Organisation, {"q": "ICPC"}, [self.icpc], [self.anct])
        self.assertListed(
            Organisation, {"kind": Organisation.Kind.STATE_AGENCY}, [self.anct], [self.icpc]
        )
        self.assertListed(Organisation, {"is_network_member": "true"}, [self.anct], [self.icpc])
        self.assertListed(
            Organisation,
            {"locale": "en"},
            [self.anct_en],
            [self.anct, self.icpc],
        )

    def test_territories(self):
        self.assertListed(Territory, {}, [self.isere, self.grenoble], [])
        self.assertListed(Territory, {"q": "Grenoble"}, [self.grenoble], [self.isere])
        self.assertListed(Territory, {"q": "38185"}, [self.grenoble], [self.isere])
        self.assertListed(
            Territory, {"kind": Territory.Kind.DEPARTEMENT}, [self.isere], [self.grenoble]
        )

    def test_audiences(self):
        self.assertListed(Audience, {"q": "locaux"}, [self.elected], [self.agents])
        self.assertListed(Audience, {"locale": "fr"}, [self.elected, self.agents], [])

    def test_tags(self):
        self.assertListed(LibraryTag, {}, [self.budget, self.debate], [])
        self.assertListed(LibraryTag, {"q": "participatory"}, [self.budget], [self.debate])
        self.assertListed(LibraryTag, {"q": "débat"}, [self.debate], [self.budget])

    def test_edit_and_add_views(self):
        for obj in (self.anct, self.grenoble, self.elected, self.budget):
            model = type(obj)
            with self.subTest(model=model.__name__):
                self.assertEqual(self.client.get(admin_url(model, "edit", obj.pk)).status_code, 200)
                # Translatable ones first redirect to the add view of the default locale.
                response = self.client.get(admin_url(model, "add"), follow=True)
                self.assertEqual(response.status_code, 200)

    def test_a_translated_organisation_keeps_its_translation_key(self):
        self.assertEqual(self.anct_en.translation_key, self.anct.translation_key)
        self.assertEqual(self.anct_en.locale, Locale.objects.get(language_code="en"))
