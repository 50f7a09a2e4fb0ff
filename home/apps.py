from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def use_write_ahead_log(using="default", **kwargs):
    """Put a SQLite file database in write-ahead-log mode once, when it is migrated.

    Readers then never wait for a writer (the site keeps serving while a sending worker
    commits). The mode is stored in the file, so later connections need not switch it: a
    switch needs the whole file to itself, and two processes switching at the same moment
    can make one of them fail with "database is locked".
    """
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode=WAL")


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        post_migrate.connect(use_write_ahead_log, sender=self, dispatch_uid="home.wal")

        from home import signals

        signals.connect()
