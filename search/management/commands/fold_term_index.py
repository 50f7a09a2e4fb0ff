"""Fold the entries written since the last rebuild into the database backend's term index."""

from django.core.management.base import BaseCommand

from search import postings
from search.models import ChangedEntry


class Command(BaseCommand):
    help = (
        "Fold the search entries written since the last update_index into the term index of "
        "the database backend (searches then read fewer rows). Nothing is analysed again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-over",
            type=int,
            default=0,
            metavar="N",
            help="Only fold when more than N entries were written since (for a frequent cron).",
        )

    def handle(self, **options):
        waiting = ChangedEntry.objects.count()
        if waiting <= options["if_over"]:
            self.stdout.write(f"{waiting} entries written since the last fold: nothing to do")
            return
        folded = postings.fold()
        self.stdout.write(f"{folded} entries folded into the term index")
