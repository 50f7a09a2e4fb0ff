"""Data migrations keep what they must, whatever the size of the library.

- The texts of PDF documents extracted while the search app held them survive the move: the
  models moved from ``search`` to ``resources`` without touching their tables, a database migrated
  before the move keeps its rows, and the two content types (with their permissions) change app
  instead of being duplicated.
- Repeated tag links are merged before a tag may be linked to an item only once.
"""

import sqlite3
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Collection, Locale, Page

from resources.models import DocumentPageText, DocumentText, LibraryTag
from tests.factories import DocumentFactory, NewsPageFactory

BEFORE_THE_MOVE = [("search", "0011_drop_search_machinery"), ("resources", "0001_initial")]
BEFORE_THE_CONSTRAINT = [("resources", "0003_library_item_date")]


def migrate(targets=None):
    """Migrate the test database to ``targets`` (default: the latest); the models at that point."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_texts_extracted_before_the_move_are_read_by_the_library():
    if not Collection.objects.exists():  # an earlier transactional test emptied the tables
        Collection.add_root(name="Root")
    document = DocumentFactory()
    DocumentPageText.objects.all().delete()
    DocumentText.objects.all().delete()
    ContentType.objects.filter(model__in=["documenttext", "documentpagetext"]).delete()
    try:
        old = migrate(BEFORE_THE_MOVE)
        old_types = old.get_model("contenttypes", "ContentType").objects
        type_ids = {
            model: old_types.create(app_label="search", model=model).pk
            for model in ("documenttext", "documentpagetext")
        }
        old.get_model("search", "DocumentText").objects.create(
            document_id=document.pk, source="old.pdf|abc", status="ok", pages=2
        )
        old_pages = old.get_model("search", "DocumentPageText").objects
        old_pages.create(document_id=document.pk, page_number=1, text="Budget participatif")
        old_pages.create(document_id=document.pk, page_number=2, text="Conseil de quartier")
    finally:
        migrate()
    ContentType.objects.clear_cache()

    extraction = DocumentText.objects.get(document=document)
    assert (extraction.source, extraction.status, extraction.pages) == ("old.pdf|abc", "ok", 2)
    assert list(
        DocumentPageText.objects.filter(document=document).values_list("page_number", "text")
    ) == [(1, "Budget participatif"), (2, "Conseil de quartier")]
    kept = ContentType.objects.filter(model__in=["documenttext", "documentpagetext"])
    assert {(kind.app_label, kind.model): kind.pk for kind in kept} == {
        ("resources", model): pk for model, pk in type_ids.items()
    }
    assert ContentType.objects.get_for_model(DocumentText).pk == type_ids["documenttext"]


@contextmanager
def few_parameters():
    """SQLite accepting at most 999 parameters in a statement, older builds' default."""
    if connection.vendor != "sqlite":
        yield
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    try:
        yield
    finally:
        connection.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)


def links():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, content_object_id, tag_id FROM resources_librarypagetag")
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_repeated_tag_links_are_merged_before_a_tag_is_linked_once():
    """More links than a statement may have parameters, each made twice and a few more times:
    the oldest link of each item and tag stays, nothing else goes."""
    # An earlier transactional test may have emptied the tables, the tree's root included.
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    items = [NewsPageFactory(parent=root, bare=True).pk for _ in range(4)]
    tags = LibraryTag.objects.bulk_create(
        LibraryTag(name=f"t{n}", slug=f"t{n}") for n in range(500)
    )
    pairs = [(item, tag.pk) for item in items for tag in tags]
    migrate(BEFORE_THE_CONSTRAINT)
    try:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO resources_librarypagetag (content_object_id, tag_id) VALUES (%s, %s)",
                pairs + pairs + pairs[:10] * 3,
            )
        oldest = {}
        for pk, item, tag in sorted(links()):
            oldest.setdefault((item, tag), pk)
        with few_parameters():
            migrate()
    finally:
        migrate()
    kept = links()
    assert len(kept) == len(pairs) == len(oldest)
    assert {(item, tag): pk for pk, item, tag in kept} == oldest
