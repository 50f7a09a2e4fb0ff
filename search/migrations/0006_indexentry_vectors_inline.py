"""On PostgreSQL, keep the index entries' tsvectors in their rows (compressed), texts outside.

A search reads the ``title`` and ``body`` tsvectors of every entry it matches and ranks. With
the default storage, a long body tsvector goes to the TOAST table (next to ``body_text``) and is
fetched again for every match test and every rank: a broad query at 100,000 items spent most of
its time there. ``MAIN`` keeps them compressed in the row when they fit; the plain texts, only
read to show excerpts elsewhere, go out of line (``EXTERNAL``). Rows written after this (any
``update_index``) are stored this way. Nothing happens on other databases.
"""

from django.db import migrations

ENTRIES = "wagtailsearch_indexentry"
STORAGE = {"title": "MAIN", "body": "MAIN", "title_text": "EXTERNAL", "body_text": "EXTERNAL"}


def set_storage(apps, schema_editor, storage):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [ENTRIES],
        )
        present = {row[0] for row in cursor.fetchall()}
        for column, kind in storage.items():
            if column in present:
                schema_editor.execute(
                    f'ALTER TABLE "{ENTRIES}" ALTER COLUMN "{column}" SET STORAGE {kind}'
                )


def inline(apps, schema_editor):
    set_storage(apps, schema_editor, STORAGE)


def default(apps, schema_editor):
    set_storage(apps, schema_editor, dict.fromkeys(STORAGE, "EXTENDED"))


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0005_autocomplete_words"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(inline, default)]
