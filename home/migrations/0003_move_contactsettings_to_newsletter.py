# The contact details move to the newsletter app (newsletter 0003 renames their table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0002_page_depth_path_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ContactSettings')],
            database_operations=[],
        ),
    ]
