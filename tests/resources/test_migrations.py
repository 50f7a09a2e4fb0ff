"""Data migrations on a library of any size: what they must keep, kept, whatever the count."""

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from resources.models import LibraryTag
from tests.factories import NewsPageFactory, build_bilingual_tree

BEFORE = [("resources", "0003_library_item_date")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)


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
    tree = build_bilingual_tree()
    items = [NewsPageFactory(parent=tree.fr.library, bare=True).pk for _ in range(4)]
    tags = LibraryTag.objects.bulk_create(
        LibraryTag(name=f"t{n}", slug=f"t{n}") for n in range(500)
    )
    pairs = [(item, tag.pk) for item in items for tag in tags]
    migrate(BEFORE)
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
            migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    kept = links()
    assert len(kept) == len(pairs) == len(oldest)
    assert {(item, tag): pk for pk, item, tag in kept} == oldest
