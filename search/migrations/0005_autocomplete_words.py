"""A small full-text table of the index entries' autocomplete words (SQLite and PostgreSQL).

The search box's suggestions must cost the same whatever the size of the library. modelsearch's
FTS5 table holds the autocomplete words with the titles and bodies, so a prefix is looked up
through every body that contains a word with it, and the candidates are ranked one by one before
the best few are kept. This table holds only the autocomplete words (the folded words of the
titles), with the 1 to 3 letter prefixes indexed, and each entry's row number says how good a
suggestion it is: ``(1000 - number of words) << 32 | entry id``. Walking a match from the highest
row number down yields the shortest titles first, the newest first among equals, and stops as soon
as enough are found (see ``search.backends.autocomplete``).

Triggers on the index entries keep it up to date, whoever writes them. On PostgreSQL the table is a
narrow copy (entry, object, words, rank) with its own GIN index: the matches are read from a few
pages instead of the wide index entries, then sorted by rank.
"""

from django.db import migrations

TABLE = "search_autocomplete"
ENTRIES = "wagtailsearch_indexentry"


def key(row):
    words = f"(length({row}.autocomplete) - length(replace({row}.autocomplete, ' ', '')) + 1)"
    return f"((1000 - min(999, {words})) * 4294967296 + {row}.id)"


def has(row):
    return f"coalesce({row}.autocomplete, '') <> ''"


def insert(row):
    return (
        f"INSERT INTO {TABLE}(rowid, words) SELECT {key(row)}, {row}.autocomplete WHERE {has(row)};"
    )


def delete(row):
    return (
        f"INSERT INTO {TABLE}({TABLE}, rowid, words) "
        f"SELECT 'delete', {key(row)}, {row}.autocomplete WHERE {has(row)};"
    )


FORWARD = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(words, content='', columnsize=0, prefix='1 2 3')",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {ENTRIES} BEGIN {insert('NEW')} END",
    f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {ENTRIES} BEGIN {delete('OLD')} END",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF autocomplete ON {ENTRIES} "
    f"WHEN OLD.autocomplete IS NOT NEW.autocomplete BEGIN {delete('OLD')} {insert('NEW')} END",
    f"INSERT INTO {TABLE}(rowid, words) SELECT {key('e')}, e.autocomplete FROM {ENTRIES} AS e "  # noqa: S608 - constant names
    f"WHERE {has('e')}",
]
BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {TABLE}_update",
    f"DROP TABLE IF EXISTS {TABLE}",
]


WORDS = (
    "(SELECT coalesce(sum(array_length(u.positions, 1)), 0) FROM unnest({row}.autocomplete) AS u)"
)


def pg_key(row):
    return f"((1000 - least(999, {WORDS.format(row=row)})) * 4294967296::bigint + {row}.id)"


PG_FORWARD = [
    f"CREATE TABLE {TABLE} (entry_id integer PRIMARY KEY, content_type_id integer NOT NULL, "
    "object_id varchar(50) NOT NULL, words tsvector NOT NULL, rank bigint NOT NULL)",
    f"CREATE INDEX {TABLE}_words ON {TABLE} USING gin (words)",
    f"CREATE FUNCTION {TABLE}_sync() RETURNS trigger LANGUAGE plpgsql AS "  # noqa: S608 - names
    f"""$$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM {TABLE} WHERE entry_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND length(NEW.autocomplete) > 0 THEN
        INSERT INTO {TABLE} SELECT NEW.id, NEW.content_type_id, NEW.object_id, NEW.autocomplete,
            {pg_key("NEW")};
    END IF;
    RETURN NULL;
END $$""",
    f"CREATE TRIGGER {TABLE}_insert AFTER INSERT OR DELETE ON {ENTRIES} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_sync()",
    f"CREATE TRIGGER {TABLE}_update AFTER UPDATE OF autocomplete ON {ENTRIES} FOR EACH ROW "
    f"WHEN (OLD.autocomplete IS DISTINCT FROM NEW.autocomplete) EXECUTE FUNCTION {TABLE}_sync()",
    f"INSERT INTO {TABLE} SELECT e.id, e.content_type_id, e.object_id, e.autocomplete, "  # noqa: S608 - constant names
    f"{pg_key('e')} FROM {ENTRIES} AS e WHERE length(e.autocomplete) > 0",
]
PG_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_insert ON {ENTRIES}",
    f"DROP TRIGGER IF EXISTS {TABLE}_update ON {ENTRIES}",
    f"DROP FUNCTION IF EXISTS {TABLE}_sync()",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def _applies(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return True
    if schema_editor.connection.vendor != "sqlite":
        return False
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [f"{ENTRIES}_fts"]
        )
        return cursor.fetchone() is not None


def forward(apps, schema_editor):
    if _applies(schema_editor):
        postgres = schema_editor.connection.vendor == "postgresql"
        for statement in PG_FORWARD if postgres else FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    statements = {"postgresql": PG_BACKWARD, "sqlite": BACKWARD}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_facet_index_version"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forward, backward)]
