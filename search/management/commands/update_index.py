"""``update_index`` (Wagtail's), which also clears the queued updates of the backends it rebuilt."""

from django.utils import timezone
from modelsearch.backends import get_search_backend
from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from search import indexing


class Command(RebuildCommand):
    def update_backend(self, backend_name, schema_only=False, **kwargs):
        started = timezone.now()
        super().update_backend(backend_name, schema_only=schema_only, **kwargs)
        backend = get_search_backend(backend_name)
        if not schema_only and getattr(backend, "keeps_pending_updates", False):
            indexing.clear(backend, before=started)
