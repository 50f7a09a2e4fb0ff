"""An index on Wagtail's page tree by (depth, path).

Treebeard finds a page's children with ``depth = d AND path BETWEEN …``; no index serves that
pair, so listing the home page's menu items read every page of the language (tens of thousands in
a large library). Wagtail's own migrations do not create it, hence this one, on its table.
"""

from django.db import migrations

INDEX = "tec_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
