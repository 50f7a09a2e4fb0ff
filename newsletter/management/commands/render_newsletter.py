from django.core.management.base import BaseCommand

from newsletter.mail import content_of, issue_message
from newsletter.rendering import render_email
from newsletter.sending import message_id_for

from ._issue import find_issue


class Command(BaseCommand):
    help = "Print an issue's email exactly as sent, for a placeholder recipient."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--text", action="store_true", help="Print the text/plain part.")
        parser.add_argument("--raw", action="store_true", help="Print the whole MIME message.")
        parser.add_argument("--lang", default=None, help="Language version (fr, en).")

    def handle(self, slug, text=False, raw=False, lang=None, **options):
        issue = find_issue(slug, lang)
        content = content_of(render_email(issue))
        message = issue_message(
            content, subscriber_pk=0, to="recipient@example.org", message_id=message_id_for(0, 0)
        )
        if raw:
            self.stdout.write(message.message().as_string())
        elif text:
            self.stdout.write(message.body)
        else:
            self.stdout.write(message.alternatives[0][0])
