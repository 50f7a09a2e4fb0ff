"""``update_index`` (Wagtail's), which also clears the queued updates of the backends it rebuilt.

It first extracts the text of the PDF documents never extracted (or whose file changed), so
that the dossiers are indexed with it.
"""

from django.utils import timezone
from modelsearch.backends import get_search_backend
from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from search import documents, indexing


class Command(RebuildCommand):
    def handle(self, **options):
        if not options.get("schema_only"):
            extracted = documents.extract_missing()
            if extracted and options["verbosity"] > 0:
                self.stdout.write(f"Extracted the text of {extracted} document(s)")
        return super().handle(**options)

    def update_backend(self, backend_name, schema_only=False, **kwargs):
        started = timezone.now()
        super().update_backend(backend_name, schema_only=schema_only, **kwargs)
        backend = get_search_backend(backend_name)
        if not schema_only and getattr(backend, "keeps_pending_updates", False):
            indexing.clear(backend, before=started)
