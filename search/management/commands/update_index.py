"""``update_index`` (Wagtail's), which also clears the queued updates of the backends it rebuilt.

It first extracts the PDF texts never extracted, reads objects in chunks by primary key ranges
(not modelsearch's OFFSET, which skips every row read before), and at the end renews the
library's version in Django's cache (imports made without model signals show up everywhere).
"""

from django.utils import timezone
from modelsearch.backends import get_search_backend
from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand

from resources import documents
from resources.library import renew_library
from search import indexing


class Command(RebuildCommand):
    def handle(self, **options):
        if not options.get("schema_only"):
            extracted = documents.extract_missing()
            if extracted and options["verbosity"] > 0:
                self.stdout.write(f"Extracted the text of {extracted} document(s)")
        result = super().handle(**options)
        renew_library()
        return result

    def queryset_chunks(self, qs, chunk_size=1000):
        if tuple(qs.query.order_by) != ("pk",):
            yield from super().queryset_chunks(qs, chunk_size)
            return
        qs, last = qs.prefetch_related(None), None  # the indexes load relations per chunk
        while items := list((qs if last is None else qs.filter(pk__gt=last))[:chunk_size]):
            yield items
            last = items[-1].pk

    def update_backend(self, backend_name, schema_only=False, **kwargs):
        started = timezone.now()
        super().update_backend(backend_name, schema_only=schema_only, **kwargs)
        backend = get_search_backend(backend_name)
        if not schema_only and getattr(backend, "keeps_pending_updates", False):
            indexing.clear(backend, before=started)
