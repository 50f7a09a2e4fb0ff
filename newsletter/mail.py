"""Build the messages the newsletter sends: issues, confirmations, tests."""

import re
import smtplib
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsletter.rendering import absolute, personalize, recipient_links
from newsletter.tokens import make_preferences_token


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
        # The SMTP DATA form, made once: CRLF line ends, dot-stuffing, final "." line. The slots
        # never start a line and what fills them has no dot or line break at its start, so
        # filling the slots after stuffing gives what stuffing the filled message would.
        for slot in (TOKEN_SLOT, TO_SLOT, ID_SLOT):
            if re.search(rb"(?:^|[\r\n])" + re.escape(slot.encode()), self.raw):
                raise ValueError("a message template slot starts a line")
        data = re.sub(rb"\r\n|\n|\r", b"\r\n", self.raw)
        data = re.sub(rb"(?m)^\.", b"..", data)
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        self.data = data + b".\r\n"

    def _fill(self, source: bytes, subscriber_pk: int, to: str, message_id: str) -> bytes:
        to = one_line(to)
        if not to.isascii() or any(c in to for c in '<>,;"\\'):
            raise ValueError(f"unsupported recipient address {to!r}")
        token = make_preferences_token(subscriber_pk)
        return (
            source.replace(TOKEN_SLOT.encode(), token.encode())
            .replace(TO_SLOT.encode(), to.encode())
            .replace(ID_SLOT.encode(), one_line(message_id).encode())
        )

    def render(self, *, subscriber_pk: int, to: str, message_id: str) -> bytes:
        """The recipient's message, as ``issue_message`` would serialise it."""
        return self._fill(self.raw, subscriber_pk, to, message_id)

    def render_data(self, *, subscriber_pk: int, to: str, message_id: str) -> bytes:
        """The recipient's message ready for the SMTP DATA phase (stuffed, "." line included)."""
        return self._fill(self.data, subscriber_pk, to, message_id)


def _reset(smtp):
    try:
        smtp.rset()
    except smtplib.SMTPServerDisconnected:
        pass


def smtp_deliver(smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> None:
    """Send one message (``data`` from ``MessageTemplate.render_data``) to one recipient over an
    open ``smtplib`` connection; returns once the server accepted it.

    Raises what ``SMTP.sendmail`` raises for one recipient (``SMTPSenderRefused``,
    ``SMTPRecipientsRefused``, ``SMTPDataError``, ``SMTPServerDisconnected``, ``OSError``).
    When the server offers PIPELINING (RFC 2920), MAIL, RCPT and DATA go out together: two
    round trips per message instead of four.
    """
    smtp.ehlo_or_helo_if_needed()
    options = f" size={len(data)}" if smtp.has_extn("size") else ""
    commands = [
        f"mail FROM:{smtplib.quoteaddr(sender)}{options}",
        f"rcpt TO:{smtplib.quoteaddr(recipient)}",
        "data",
    ]
    if smtp.has_extn("pipelining"):
        smtp.send(("\r\n".join(commands) + "\r\n").encode("ascii"))
        replies = [smtp.getreply() for _command in commands]
    else:
        replies = []
        for command in commands:
            smtp.putcmd(command)
            replies.append(smtp.getreply())
            if replies[-1][0] not in (250, 251, 354):
                break
    (mail_code, mail_text), *rest = replies
    rcpt_code, rcpt_text = rest[0] if rest else (None, b"")
    data_code, data_text = rest[1] if len(rest) > 1 else (None, b"")
    if data_code == 354 and (mail_code != 250 or rcpt_code not in (250, 251)):
        smtp.send(b".\r\n")  # the server took DATA after a refusal: close it empty
        smtp.getreply()
    if mail_code != 250:
        if mail_code == 421:
            smtp.close()
        else:
            _reset(smtp)
        raise smtplib.SMTPSenderRefused(mail_code, mail_text, sender)
    if rcpt_code not in (250, 251):
        _reset(smtp)
        raise smtplib.SMTPRecipientsRefused({recipient: (rcpt_code, rcpt_text)})
    if data_code != 354:
        _reset(smtp)
        raise smtplib.SMTPDataError(data_code, data_text)
    smtp.send(data)
    code, text = smtp.getreply()
    if code != 250:
        if code == 421:
            smtp.close()
        else:
            _reset(smtp)
        raise smtplib.SMTPDataError(code, text)


def content_of(rendered) -> dict:
    return {
        "language": rendered.language,
        "subject": rendered.subject,
        "html": rendered.html,
        "text": rendered.text,
    }


def send_confirmation(subscriber, token, connection=None):
    """The double opt-in message with the confirmation link's token, in the subscriber's language.

    Sent by the background worker (``newsletter.tasks``), never in a reader's request.
    """
    with translation.override(subscriber.language):
        url = absolute(reverse("newsletter:confirm", args=[token]))
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
