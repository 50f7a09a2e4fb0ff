import pytest
from django.db import transaction

from home.demo.newsletter import load_demo_newsletter
from tests.newsletter.content import build_seed_site


def _without_search_indexing(settings_obj):
    backends = {name: dict(conf) for name, conf in settings_obj.WAGTAILSEARCH_BACKENDS.items()}
    for conf in backends.values():
        conf["AUTO_UPDATE"] = False
    return backends


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in Django's cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def mail_worker(monkeypatch):
    """Run the real task worker (``manage.py db_worker --backend mail``) until the queue is
    empty: what the production worker does with queued mail.

    It runs inside the test's transaction, so its closing of stale connections between tasks
    (which would close the test's own connection on PostgreSQL) is left out here."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command(
            "db_worker",
            "--batch",
            "--backend",
            "mail",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )

    return run


@pytest.fixture(autouse=True)
def _no_search_indexing(settings):
    """Newsletter tests do not search: keep the index out of their page saves."""
    settings.WAGTAILSEARCH_BACKENDS = _without_search_indexing(settings)


@pytest.fixture(scope="module")
def seed_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed site and the July 2021 issue, built once per test module and rolled back after.

    Each test then runs in a savepoint inside this transaction (pytest-django's ``db``).
    """
    from django.conf import settings
    from django.test.utils import override_settings

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock():
        with override_settings(
            WAGTAILSEARCH_BACKENDS=_without_search_indexing(settings), MEDIA_ROOT=media
        ):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                pages = build_seed_site()
                pages["issue"] = load_demo_newsletter()
                pages["media_root"] = media
                yield pages
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


@pytest.fixture
def seed(db, seed_module, settings):
    settings.MEDIA_ROOT = seed_module["media_root"]
    return {
        key: (type(p).objects.get(pk=p.pk) if hasattr(p, "pk") else p)
        for key, p in seed_module.items()
    }


@pytest.fixture
def issue(seed):
    return seed["issue"]


@pytest.fixture
def smtp(request, settings):
    """A real SMTP server; Django sends to it through its SMTP backend. Parametrize it
    (``indirect=True``) with True to have the server offer PIPELINING."""
    from tests.newsletter.smtp import SMTPSink

    with SMTPSink(pipelining=getattr(request, "param", False)) as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield sink.store
