"""Signed tokens in the newsletter's links: confirmation, preferences, clicks."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
PREFERENCES_SALT = "newsletter.preferences"
CLICK_SALT = "newsletter.click"


class BadToken(Exception):
    """The token is forged, damaged or expired."""


def confirm_max_age():
    return getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 3600)


def preferences_max_age():
    return getattr(settings, "NEWSLETTER_PREFERENCES_MAX_AGE", 2 * 365 * 24 * 3600)


def make_confirm_token(subscriber) -> str:
    return signing.dumps([subscriber.pk, subscriber.email.lower()], salt=CONFIRM_SALT)


def make_preferences_token(subscriber_pk: int) -> str:
    return signing.dumps(subscriber_pk, salt=PREFERENCES_SALT)


def make_click_token(newsletter_pk: int, page_pk: int) -> str:
    return signing.dumps([newsletter_pk, page_pk], salt=CLICK_SALT)


def read_confirm_token(token: str) -> tuple[int, str]:
    try:
        pk, email = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
        return int(pk), str(email)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken(str(error)) from error


def read_preferences_token(token: str) -> int:
    try:
        return int(signing.loads(token, salt=PREFERENCES_SALT, max_age=preferences_max_age()))
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken(str(error)) from error


def read_click_token(token: str) -> tuple[int, int]:
    try:
        newsletter_pk, page_pk = signing.loads(token, salt=CLICK_SALT)
        return int(newsletter_pk), int(page_pk)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken(str(error)) from error
