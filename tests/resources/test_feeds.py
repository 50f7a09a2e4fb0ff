"""RSS feeds of the library and of a theme; iCalendar export of the agenda and of one event."""

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from events.ical import escape_text, fold
from tests.base import BilingualTreeTestCase
from tests.factories import EventPageFactory, ProjectPageFactory, ThemePageFactory


class FeedTests(BilingualTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.theme = ThemePageFactory(parent=cls.tree.fr.themes, title="Démocratie sanitaire")
        cls.project = ProjectPageFactory(
            parent=cls.tree.fr.library,
            title="Réserve citoyenne",
            publication_date=datetime.date(2021, 7, 2),
            taxonomy__themes=[cls.theme],
        )
        cls.other = ProjectPageFactory(
            parent=cls.tree.fr.library,
            title="Sans thème",
            publication_date=datetime.date(2021, 6, 1),
        )
        starts = timezone.now() + datetime.timedelta(days=10)
        cls.event = EventPageFactory(
            parent=cls.tree.fr.events,
            title="Rencontres, européennes; de la participation",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(days=4),
            publication_date=datetime.date(2021, 1, 1),
        )
        cls.past_event = EventPageFactory(
            parent=cls.tree.fr.events,
            title="Formation passée",
            starts_at=timezone.now() - datetime.timedelta(days=10),
            ends_at=timezone.now() - datetime.timedelta(days=9),
            publication_date=datetime.date(2021, 1, 1),
        )

    def rss_titles(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own output
        return channel, [item.findtext("title") for item in channel.findall("item")]

    def test_library_feed_lists_items_newest_first(self):
        channel, titles = self.rss_titles(self.tree.fr.library.url + "feed/")
        self.assertEqual(titles[:2], ["Réserve citoyenne", "Sans thème"])
        self.assertEqual(channel.findtext("language"), "fr")

    def test_theme_feed_lists_only_its_items(self):
        _channel, titles = self.rss_titles(self.theme.url + "feed/")
        self.assertEqual(titles, ["Réserve citoyenne"])

    def test_theme_page_advertises_its_feed(self):
        response = self.client.get(self.theme.url)
        self.assertContains(response, 'type="application/rss+xml"')
        self.assertContains(response, self.theme.url + "feed/")

    def test_agenda_calendar_holds_upcoming_events_only(self):
        response = self.client.get(self.tree.fr.events.url + "calendar/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        body = response.content.decode()
        self.assertTrue(body.startswith("BEGIN:VCALENDAR\r\n"))
        self.assertEqual(body.count("BEGIN:VEVENT"), 1)
        self.assertIn("SUMMARY:Rencontres\\, européennes\\; de la participation", body)
        self.assertNotIn("Formation passée", body)
        for line in body.split("\r\n"):
            self.assertLessEqual(len(line.encode()), 75)

    def test_single_event_calendar_file(self):
        response = self.client.get(self.event.url + "calendar/")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        start = self.event.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        self.assertIn(f"DTSTART:{start}", body)
        self.assertIn("LOCATION:Maison des associations\\, 1 place de la Mairie", body)


def test_escape_text_protects_separators_and_newlines():
    assert escape_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_fold_keeps_multibyte_characters_whole():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert "".join(parts) == line
