"""Build the messages the newsletter sends: issues, confirmations, tests."""

from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsletter.rendering import absolute, personalize, recipient_links
from newsletter.tokens import make_confirm_token, make_preferences_token


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


def issue_message(
    content: dict, *, subscriber_pk: int, to: str, message_id: str, connection=None, links=None
):
    """One recipient's message from an issue's frozen content (subject, html, text, language)."""
    links = links or recipient_links(subscriber_pk, content["language"])
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


TOKEN_SLOT = "tectokenslot"  # noqa: S105 - a placeholder, not a secret
TO_SLOT = "tec-recipient-slot@newsletter.invalid"
ID_SLOT = "<tec-message-id-slot@newsletter.invalid>"


class MessageTemplate:
    """An issue's message serialised once per language, with slots for the recipient's address,
    Message-ID and link token: building each recipient's message is then a few byte replaces.

    The bodies are 8-bit (lines are kept short when rendering), so the slots survive
    serialisation unchanged; the result is byte for byte what ``issue_message`` builds.
    """

    def __init__(self, content: dict):
        language = content["language"]
        with translation.override(language):
            links = {
                "preferences": absolute(reverse("newsletter:preferences", args=[TOKEN_SLOT])),
                "unsubscribe": absolute(reverse("newsletter:unsubscribe", args=[TOKEN_SLOT])),
            }
        message = issue_message(
            content, subscriber_pk=0, to=TO_SLOT, message_id=ID_SLOT, links=links
        )
        self.raw = message.message().as_bytes(linesep="\r\n")
        self.from_email = sanitize_address(message.from_email, settings.DEFAULT_CHARSET)
        if self.raw.count(TOKEN_SLOT.encode()) < 3 or b"quoted-printable" in self.raw:
            raise ValueError("message template lost its slots")

    def render(self, *, subscriber_pk: int, to: str, message_id: str) -> bytes:
        to = one_line(to)
        if not to.isascii() or any(c in to for c in '<>,;"\\'):
            raise ValueError(f"unsupported recipient address {to!r}")
        token = make_preferences_token(subscriber_pk)
        return (
            self.raw.replace(TOKEN_SLOT.encode(), token.encode())
            .replace(TO_SLOT.encode(), to.encode())
            .replace(ID_SLOT.encode(), one_line(message_id).encode())
        )


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
