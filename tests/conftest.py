import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(autouse=True)
def _media_root(request, settings, tmp_path):
    """Uploaded files of a test land in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if "demo" in request.fixturenames:
        # The demo's images and documents stay readable from the test's own folder.
        settings.MEDIA_ROOT.mkdir()
        for source in request.getfixturevalue("demo").media_root.iterdir():
            (settings.MEDIA_ROOT / source.name).symlink_to(source, target_is_directory=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (site chrome, Wagtail's site root paths and
    renditions): cached fragments of another test's rolled-back content must not show."""
    cache.clear()


@dataclass
class LoadedDemo:
    output: str
    media_root: Path


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content (``manage.py load_demo``), loaded once for the tests of a module.

    It is loaded in a transaction that stays open while the module's tests run (each test
    rolls back to a savepoint, as with ``setUpTestData``) and is rolled back after them, so
    other modules still start from an empty tree. For ``db`` tests, not ``transactional_db``.
    Pages: ``home.demo.loader.demo_page(key, language)``.
    """
    media_root = tmp_path_factory.mktemp("demo-media")
    output = io.StringIO()
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
            call_command("load_demo", stdout=output)
        yield LoadedDemo(output=output.getvalue(), media_root=media_root)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
