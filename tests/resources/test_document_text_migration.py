"""The texts of PDF documents extracted while the search app held them survive the move.

The models moved from ``search`` to ``resources`` without touching their tables: a database
migrated before the move keeps its rows, readable through the library's models, and the two
content types (with their permissions) change app instead of being duplicated.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Collection

from resources.models import DocumentPageText, DocumentText
from tests.factories import DocumentFactory

BEFORE_THE_MOVE = [("search", "0011_drop_search_machinery"), ("resources", "0001_initial")]


def migrate(targets=None):
    """Migrate the test database to ``targets`` (default: the latest); the models at that point."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_texts_extracted_before_the_move_are_read_by_the_library():
    if not Collection.objects.exists():  # an earlier transactional test emptied the tables
        Collection.add_root(name="Root")
    document = DocumentFactory()
    DocumentPageText.objects.all().delete()
    DocumentText.objects.all().delete()
    ContentType.objects.filter(model__in=["documenttext", "documentpagetext"]).delete()
    try:
        old = migrate(BEFORE_THE_MOVE)
        old_types = old.get_model("contenttypes", "ContentType").objects
        type_ids = {
            model: old_types.create(app_label="search", model=model).pk
            for model in ("documenttext", "documentpagetext")
        }
        old.get_model("search", "DocumentText").objects.create(
            document_id=document.pk, source="old.pdf|abc", status="ok", pages=2
        )
        old_pages = old.get_model("search", "DocumentPageText").objects
        old_pages.create(document_id=document.pk, page_number=1, text="Budget participatif")
        old_pages.create(document_id=document.pk, page_number=2, text="Conseil de quartier")
    finally:
        migrate()
    ContentType.objects.clear_cache()

    extraction = DocumentText.objects.get(document=document)
    assert (extraction.source, extraction.status, extraction.pages) == ("old.pdf|abc", "ok", 2)
    assert list(
        DocumentPageText.objects.filter(document=document).values_list("page_number", "text")
    ) == [(1, "Budget participatif"), (2, "Conseil de quartier")]
    kept = ContentType.objects.filter(model__in=["documenttext", "documentpagetext"])
    assert {(kind.app_label, kind.model): kind.pk for kind in kept} == {
        ("resources", model): pk for model, pk in type_ids.items()
    }
    assert ContentType.objects.get_for_model(DocumentText).pk == type_ids["documenttext"]
