# The text of PDF documents now belongs to the library (resources 0002 takes over the models):
# the search app forgets them; their tables stay as they are, with no SQL.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0002_documenttext_documentpagetext'),
        ('search', '0011_drop_search_machinery'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='DocumentPageText'),
                migrations.DeleteModel(name='DocumentText'),
            ],
            database_operations=[],
        ),
    ]
