"""Drop what the library query replaced: the facet index's version token, the stored result
cards, the term index and the autocomplete words' table with its triggers.

Earlier migrations built them; a fresh database builds and drops them here, an existing one
drops them. Going back recreates empty tables (``update_index`` fills the term index again).
"""

import importlib

from django.db import migrations

autocomplete_words = importlib.import_module("search.migrations.0005_autocomplete_words")


class Migration(migrations.Migration):
    dependencies = [("search", "0010_result_cards")]

    operations = [
        migrations.RunPython(autocomplete_words.backward, autocomplete_words.forward),
        migrations.DeleteModel(name="ResultCard"),
        migrations.DeleteModel(name="TermPostings"),
        migrations.DeleteModel(name="ChangedEntry"),
        migrations.DeleteModel(name="PostingsState"),
        migrations.DeleteModel(name="FacetIndexVersion"),
    ]
