"""Build the messages the newsletter sends: issues, confirmations, tests."""

from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsletter.rendering import absolute, personalize, recipient_links
from newsletter.tokens import make_confirm_token


def one_line(value: str) -> str:
    """Header values on one line: CR, LF and other whitespace runs become one space."""
    return " ".join(str(value or "").split())


def unsubscribe_mailto() -> str:
    configured = getattr(settings, "NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
    if configured:
        return configured
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"unsubscribe@{domain}"


def new_message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(idstring="tec", domain=domain)


def issue_message(content: dict, *, subscriber_pk: int, to: str, message_id: str, connection=None):
    """One recipient's message from an issue's frozen content (subject, html, text, language)."""
    links = recipient_links(subscriber_pk, content["language"])
    token = links["unsubscribe"].rstrip("/").rpartition("/")[2]
    headers = {
        "Message-ID": message_id,
        "List-Unsubscribe": (
            f"<{links['unsubscribe']}>, <mailto:{unsubscribe_mailto()}?subject=unsubscribe-{token}>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Territoires en Commun <newsletter.{unsubscribe_mailto().rpartition('@')[2]}>",
        "Content-Language": content["language"],
    }
    message = EmailMultiAlternatives(
        subject=one_line(content["subject"]),
        body=personalize(content["text"], links),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[one_line(to)],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(personalize(content["html"], links), "text/html")
    return message


def content_of(rendered) -> dict:
    return {
        "language": rendered.language,
        "subject": rendered.subject,
        "html": rendered.html,
        "text": rendered.text,
    }


def send_confirmation(subscriber, connection=None):
    """The double opt-in message, in the subscriber's language."""
    with translation.override(subscriber.language):
        url = absolute(reverse("newsletter:confirm", args=[make_confirm_token(subscriber)]))
        context = {"url": url, "subscriber": subscriber}
        subject = one_line(render_to_string("newsletter/email/confirm_subject.txt", context))
        body = render_to_string("newsletter/email/confirm.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        connection=connection,
    )
    message.send()
