"""The agenda's page types, in French and in English."""

import datetime
from zoneinfo import ZoneInfo

import time_machine
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from resources.models import LibraryIndexPage, ThemeIndexPage
from tests.base import BilingualTreeTestCase
from tests.factories import (
    EventPageFactory,
    ImageFactory,
    build_taxonomy,
    classified,
    translate_page,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2021, 7, 15, 10, 0, tzinfo=PARIS)


class CreationRulesTests(WagtailPageTestCase):
    def test_agenda_holds_events(self):
        self.assertAllowedSubpageTypes(EventIndexPage, [EventPage])
        self.assertAllowedParentPageTypes(EventIndexPage, [HomePage])
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanCreateAt(EventIndexPage, EventPage)
        for parent in (Page, LibraryIndexPage, ThemeIndexPage, EventIndexPage):
            with self.subTest(parent=parent):
                self.assertCanNotCreateAt(parent, EventIndexPage)

    def test_events_live_in_the_agenda_only(self):
        self.assertAllowedParentPageTypes(EventPage, [EventIndexPage])
        self.assertAllowedSubpageTypes(EventPage, [])
        for parent in (Page, HomePage, LibraryIndexPage, ThemeIndexPage, EventPage):
            with self.subTest(parent=parent):
                self.assertCanNotCreateAt(parent, EventPage)


class EventPagesTests(BilingualTreeTestCase):
    """An upcoming and a past event, in French and in English, seen on 15 July 2021."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        taxonomy = build_taxonomy(cls.tree)
        agenda = cls.tree.fr.events
        upcoming = EventPageFactory(
            parent=agenda,
            title="Rencontre nationale de la participation",
            starts_at=datetime.datetime(2021, 9, 23, 9, 30, tzinfo=PARIS),
            ends_at=datetime.datetime(2021, 9, 24, 17, 0, tzinfo=PARIS),
            listing_image=ImageFactory(),
            **classified(taxonomy),
        )
        past = EventPageFactory(
            parent=agenda,
            title="Webinaire sur les budgets participatifs",
            starts_at=datetime.datetime(2021, 6, 10, 14, 0, tzinfo=PARIS),
            ends_at=None,
            is_online=True,
            city="",
            **classified(taxonomy),
        )
        cls.events = {
            "fr": {"upcoming": upcoming, "past": past},
            "en": {
                "upcoming": translate_page(
                    upcoming,
                    cls.tree.locale_en,
                    title="National meeting on participation",
                    slug="national-meeting",
                ),
                "past": translate_page(
                    past,
                    cls.tree.locale_en,
                    title="Webinar on participatory budgets",
                    slug="webinar-participatory-budgets",
                ),
            },
        }

    def setUp(self):
        super().setUp()
        self.enterContext(time_machine.travel(NOW, tick=False))

    def test_agenda_shows_upcoming_events_first_in_both_languages(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                events = self.events[language]
                response = self.assertPageIsServed(getattr(self.tree, language).events)
                self.assertContains(response, events["upcoming"].url)
                self.assertNotContains(response, events["past"].url)

    def test_past_events_route_in_both_languages(self):
        for language in ("fr", "en"):
            with self.subTest(language=language):
                events = self.events[language]
                response = self.assertPageIsServed(
                    getattr(self.tree, language).events,
                    query_data={"period": "past"},
                )
                self.assertContains(response, events["past"].url)
                self.assertNotContains(response, events["upcoming"].url)

    def test_event_pages_are_served_in_both_languages(self):
        for language in ("fr", "en"):
            for event in self.events[language].values():
                with self.subTest(language=language, event=event.title):
                    self.assertPageIsServed(event)

    def test_event_pages_work_in_the_admin(self):
        for language in ("fr", "en"):
            pages = [getattr(self.tree, language).events, *self.events[language].values()]
            for page in pages:
                with self.subTest(language=language, page=page.title):
                    self.assertPageWorksInAdmin(page)

    def test_editors_create_events_in_both_languages(self):
        self.client.force_login(self.superuser)
        for language in ("fr", "en"):
            with self.subTest(language=language):
                agenda = getattr(self.tree, language).events
                data = nested_form_data(
                    {
                        "title": f"Formation {language}",
                        "slug": f"formation-{language}",
                        "summary": "Une formation à la concertation.",
                        "publication_date": "2021-07-01",
                        "body": streamfield([]),
                        "starts_at": "2021-10-05 09:00",
                        "ends_at": "2021-10-05 12:00",
                        "city": "Lyon",
                        "comments": inline_formset([]),
                    }
                )
                self.assertCanCreate(agenda, EventPage, data)
                created = EventPage.objects.get(slug=data["slug"])
                self.assertEqual(created.locale, agenda.locale)
                self.assertEqual(created.starts_at, datetime.datetime(2021, 10, 5, 9, tzinfo=PARIS))

    def test_an_event_needs_a_city_or_to_be_online(self):
        self.client.force_login(self.superuser)
        data = nested_form_data(
            {
                "title": "Sans lieu",
                "slug": "sans-lieu",
                "summary": "Où ?",
                "publication_date": "2021-07-01",
                "body": streamfield([]),
                "starts_at": "2021-10-05 09:00",
                "comments": inline_formset([]),
            }
        )
        with self.assertRaisesMessage(AssertionError, "city"):
            self.assertCanCreate(self.tree.fr.events, EventPage, data)
        self.assertFalse(EventPage.objects.filter(slug="sans-lieu").exists())
