"""Replay the index updates the search engine missed while it was down."""

from django.core.management.base import BaseCommand, CommandError

from search import indexing


class Command(BaseCommand):
    help = "Apply the queued index updates (saves and deletions made while the engine was down)."

    def handle(self, **options):
        left_total = 0
        for name, backend in indexing.engine_backends().items():
            applied, left = indexing.replay(backend)
            left_total += left or 0
            self.stdout.write(f"{name}: {applied} update(s) applied, {left} left")
        if left_total:
            raise CommandError(f"{left_total} update(s) still pending: is the engine reachable?")
