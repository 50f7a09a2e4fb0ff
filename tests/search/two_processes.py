"""Helpers run in their own process by ``test_two_processes``.

``python -m tests.search.two_processes populate``: the test library, indexed.
``python -m tests.search.two_processes publish TITLE``: search once (as a server process would
have), then publish a news item titled TITLE.
Run with DJANGO_SETTINGS_MODULE and DATABASE_URL (a file database shared with a server).
"""

import sys


def populate():
    from django.core.management import call_command

    from tests.search.content import build_library

    build_library()
    call_command("update_index", verbosity=0)


def publish(title):
    from django.test import Client

    from resources.models import LibraryIndexPage
    from tests.factories import NewsPageFactory, publish

    assert Client().get("/fr/recherche/", {"q": title}).status_code == 200
    library = LibraryIndexPage.objects.get(locale__language_code="fr")
    publish(NewsPageFactory(parent=library, bare=True, title=title))


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "populate":
        populate()
    else:
        publish(sys.argv[2])
