from django.db import migrations, models
from django.db.models import Min


def forget_repeated_tags(apps, schema_editor):
    """Keep one link per item and tag (the oldest) before the constraint forbids repeats."""
    links = apps.get_model("resources", "LibraryPageTag").objects
    kept = links.values("content_object_id", "tag_id").annotate(first=Min("id"))
    links.exclude(id__in=[row["first"] for row in kept]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_library_item_date"),
    ]

    operations = [
        migrations.RunPython(forget_repeated_tags, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="librarypagetag",
            constraint=models.UniqueConstraint(
                fields=("content_object", "tag"), name="library_tag_once"
            ),
        ),
    ]
