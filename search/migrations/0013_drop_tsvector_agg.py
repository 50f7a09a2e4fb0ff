# The PostgreSQL index entries are written through modelsearch's vector expressions again: the
# ordered tsvector aggregate of migration 0007 has no user left.

from django.db import migrations

AGGREGATE = "search_tsvector_agg"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP AGGREGATE IF EXISTS {AGGREGATE}(tsvector)")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE AGGREGATE {AGGREGATE}(tsvector) "
            "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0012_move_document_texts_to_resources")]

    operations = [migrations.RunPython(drop, create)]
