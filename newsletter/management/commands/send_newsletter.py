from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from newsletter.mail import content_of, issue_message, new_message_id
from newsletter.rendering import render_email

from ._issue import find_issue


class Command(BaseCommand):
    help = "Send one test message of an issue to an address (no subscriber is involved)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--to", required=True)
        parser.add_argument("--lang", default=None)

    def handle(self, slug, to, lang=None, **options):
        try:
            validate_email(to)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {to!r}") from error
        issue = find_issue(slug, lang)
        message = issue_message(
            content_of(render_email(issue)), subscriber_pk=0, to=to, message_id=new_message_id()
        )
        message.send()
        self.stdout.write(f"Sent “{message.subject}” to {to}.")
