from django.db import migrations, models

# Keep one link per item and tag (the oldest) before the constraint forbids repeats: one
# statement, whatever the number of links.
FORGET_REPEATED_TAGS = """
DELETE FROM resources_librarypagetag WHERE id NOT IN (
    SELECT MIN(id) FROM resources_librarypagetag GROUP BY content_object_id, tag_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_library_item_date"),
    ]

    operations = [
        migrations.RunSQL(FORGET_REPEATED_TAGS, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="librarypagetag",
            constraint=models.UniqueConstraint(
                fields=("content_object", "tag"), name="library_tag_once"
            ),
        ),
    ]
