"""Extract the text of the PDF documents, page by page, and re-index their dossiers."""

from django.core.management.base import BaseCommand

from resources import documents


class Command(BaseCommand):
    help = (
        "Extract the text of the documents never extracted or whose file changed (--all: every "
        "document) and re-index the dossiers using them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Extract every document again, changed or not."
        )

    def handle(self, **options):
        from resources.models import DocumentText

        if options["all"]:
            DocumentText.objects.all().delete()
        count = documents.extract_missing(
            reindex=True, stdout=self.stdout if options["verbosity"] > 1 else None
        )
        self.stdout.write(f"Extracted the text of {count} document(s)")
