import pytest
from django.db import transaction

from tests.search.content import build_library


@pytest.fixture(scope="module")
def library(django_db_setup, django_db_blocker):
    """The small bilingual library, built once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_library()
        transaction.set_rollback(True)
