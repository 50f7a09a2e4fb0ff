import pytest
from django.core.management import call_command
from django.db import transaction

from tests.search.content import build_library


@pytest.fixture(scope="module")
def library(django_db_setup, django_db_blocker):
    """The small bilingual library, built once per module and rolled back after it.

    ``update_index`` rebuilds the index from it: on a search engine that drops documents left by
    other modules (their rows were rolled back) and makes the new ones searchable at once.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        content = build_library()
        call_command("update_index", verbosity=0)
        yield content
        transaction.set_rollback(True)
