"""Load the demo into a file database and list the requests a real server must answer.

Run as ``python -m tests.server_site`` with DJANGO_SETTINGS_MODULE, DATABASE_URL and MEDIA_ROOT:
it runs ``load_demo`` on that (migrated) database, then prints, as JSON, one entry per request:
its ``path``, the ``kind`` of answer (html, rss, ical, json) and a ``marker``, a piece of text
only the right answer holds (a page's <title>, the title of an item a listing or search must
show). Used by ``tests/test_threaded_server.py``.
"""

import io
import json
import sys
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

SITE_NAME = "Territoires en Commun"
SEARCHES_PER_LANGUAGE = 5


def html_title(text):
    from django.utils.html import escape

    return f"<title>{escape(text)} · {SITE_NAME}</title>"


def html_text(text):
    from django.utils.html import escape

    return escape(text)


def json_text(text):
    return json.dumps(text, ensure_ascii=False)


def with_query(path, **params):
    return f"{path}?{urlencode(params)}"


def requests_for(language):
    """Every kind of public request in ``language``, each with what its answer must hold."""
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale

    from events.models import EventIndexPage, EventPage, upcoming_events
    from home.models import HomePage
    from resources.models import LibraryIndexPage, LibraryTag, ThemeIndexPage, ThemePage
    from resources.models.pages import library_items

    locale = Locale.objects.get(language_code=language)

    def newest(items):
        return items.order_by("-publication_date", "-pk").specific().first()

    def title_of(page):
        return page.seo_title or page.title

    wanted = []

    def add(path, kind, marker):
        wanted.append({"path": path, "kind": kind, "marker": marker})

    sections = [
        model.objects.live().public().get(locale=locale)
        for model in (HomePage, LibraryIndexPage, ThemeIndexPage, EventIndexPage)
    ]
    home, library, themes, agenda = sections
    add(home.url, "html", html_text(home.intro[:60]))
    for section in (library, themes, agenda):
        add(section.url, "html", html_title(title_of(section)))

    items = library_items(locale)
    for item in items.specific().order_by("pk"):
        add(item.url, "html", html_title(title_of(item)))
    for event in EventPage.objects.live().public().filter(locale=locale):
        add(event.url + "calendar/", "ical", "BEGIN:VEVENT")

    for theme in ThemePage.objects.live().public().filter(locale=locale):
        add(theme.url, "html", html_title(title_of(theme)))
        listed = newest(items.filter(themes__translation_key=theme.translation_key))
        if listed:
            add(theme.url + "feed/", "rss", xml_escape(listed.title))
            add(with_query(library.url, theme=theme.slug), "html", html_text(listed.title))

    for kind in ("project", "dossier", "concept", "news", "event"):
        listed = newest(items.filter(content_type__model=f"{kind}page"))
        if listed:
            add(with_query(library.url, type=kind), "html", html_text(listed.title))
    listed = newest(items.filter(publication_date__year=2021))
    add(with_query(library.url, year=2021), "html", html_text(listed.title))
    add(library.url + "feed/", "rss", xml_escape(newest(items).title))

    tags = LibraryTag.objects.filter(tagged_items__content_object__in=items).distinct()
    for tag in tags.order_by("slug")[:6]:
        listed = newest(items.filter(tagged_items__tag=tag))
        add(f"{library.url}tags/{tag.slug}/", "html", html_text(listed.title))
        add(with_query(library.url, tag=tag.slug), "html", html_text(listed.title))

    add(with_query(agenda.url, period="past"), "html", html_title(title_of(agenda)))
    upcoming = upcoming_events(locale).first()
    add(agenda.url + "calendar/", "ical", "BEGIN:VCALENDAR")
    if upcoming:
        add(agenda.url, "html", html_text(upcoming.title))

    with translation.override(language):
        search_path = reverse("search")
        suggestions_path = reverse("search_suggestions")
    add(search_path, "html", "<form")
    # Searches for items by their own title: the item must be among the results, with a facet
    # it carries selected too. Suggestions complete the title's last word.
    found = list(items.specific().order_by("pk")[:: max(1, items.count() // SEARCHES_PER_LANGUAGE)])
    for item in found[:SEARCHES_PER_LANGUAGE]:
        kind = item.specific_class._meta.model_name.removesuffix("page")
        title = item.title
        add(with_query(search_path, q=title), "html", html_text(title))
        add(with_query(search_path, q=title, type=kind), "html", html_text(title))
        add(with_query(search_path, q=title, sort="date"), "html", html_text(title))
        theme = item.themes.first()
        if theme:
            add(with_query(search_path, q=title, theme=theme.pk), "html", html_text(title))
        tag = item.tags.first()
        if tag:
            add(with_query(search_path, q=title, tag=tag.slug), "html", html_text(title))
        add(with_query("/api/search/", q=title, locale=language), "json", json_text(title))
        add(
            with_query("/api/search/", q=title, type=kind, locale=language),
            "json",
            json_text(title),
        )
        add(with_query(suggestions_path, q=title[:-2]), "json", json_text(title))
        add(f"/api/v2/pages/{item.pk}/", "json", json_text(title))
    add(
        with_query("/api/v2/pages/", locale=language, type="resources.ThemePage", fields="title"),
        "json",
        json_text(ThemePage.objects.live().public().filter(locale=locale).first().title),
    )
    add(with_query("/api/v2/pages/", locale=language, limit=20), "json", '"total_count"')
    return wanted


def main():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    wanted = [entry for language in ("fr", "en") for entry in requests_for(language)]
    json.dump(wanted, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
