# On SQLite, the full-text copy of the index entries (FTS5) follows updates of the indexed
# columns only: refreshing the title norms (not in FTS5) no longer rewrites every FTS5 row.

from django.db import migrations


def trigger_on(columns):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
                " AND name LIKE 'update%%fts'",
                [table],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER "{name}"')
                cursor.execute(
                    f'CREATE TRIGGER "{name}" AFTER UPDATE{columns} ON "{table}" BEGIN'
                    f' UPDATE "{table}_fts" SET title=NEW.title, body=NEW.body,'
                    " autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END"
                )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0013_drop_tsvector_agg"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(trigger_on(" OF title, body, autocomplete"), trigger_on("")),
    ]
