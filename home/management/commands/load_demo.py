"""``manage.py load_demo``: the July 2021 newsletter's world, in French and English."""

from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo.loader import DemoLoader
from home.demo.newsletter import load_demo_newsletter


class Command(BaseCommand):
    help = (
        "Create the demo content (locales, page tree, the July 2021 newsletter's items in French "
        "and English, images, contact details, an admin account). Safe to run again: it only "
        "adds what is missing and never changes content it did not create."
    )

    def handle(self, *args, **options):
        """Load what is missing, in one transaction, then summarise."""
        report = DemoLoader().run()
        with transaction.atomic():
            load_demo_newsletter(self.stdout if options["verbosity"] else None)
        if report.admin_password:
            # Printed whatever the verbosity: it is shown once and stored nowhere.
            self.stdout.write(
                f"Created the superuser “admin” with the password: {report.admin_password}"
            )
        if options["verbosity"] == 0:
            return
        for note in report.notes:
            self.stdout.write(note)
        if report.is_empty:
            self.stdout.write("Nothing to do: the demo content is already loaded.")
            return
        summary = ", ".join(f"{name} {count}" for name, count in report.created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Created (French and English): {summary}."))
