"""On PostgreSQL, an aggregate joining tsvectors with ``||``, in a given order.

The index entries are written by one ``INSERT … SELECT`` per chunk (``search.backends.database``)
that computes the vectors in the database: an entry's body is the concatenation, in field order,
of one weighted vector per indexed field, as modelsearch builds it with ``||`` (which shifts the
positions of the right-hand vector after those of the left-hand one). This aggregate does the
same for a variable number of fields: ``search_tsvector_agg(v ORDER BY …)``. Nothing happens on
other databases.
"""

from django.db import migrations

AGGREGATE = "search_tsvector_agg"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE AGGREGATE {AGGREGATE}(tsvector) "
            "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP AGGREGATE IF EXISTS {AGGREGATE}(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0006_indexentry_vectors_inline")]

    operations = [migrations.RunPython(create, drop)]
