"""Tokens in the newsletter's links: confirmation (random, single use), preferences and clicks
(signed)."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing

PREFERENCES_SALT = "newsletter.preferences"
CLICK_SALT = "newsletter.click"


class BadToken(Exception):
    """The token is forged, damaged or expired."""


def confirm_max_age():
    return getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", 3 * 24 * 3600)


def preferences_max_age():
    return getattr(settings, "NEWSLETTER_PREFERENCES_MAX_AGE", 2 * 365 * 24 * 3600)


def new_confirm_token() -> tuple[str, str]:
    """A random confirmation token and the hash the database keeps of it (never the token)."""
    token = secrets.token_urlsafe(32)
    return token, confirm_token_hash(token)


def confirm_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def make_preferences_token(subscriber_pk: int) -> str:
    return signing.dumps(subscriber_pk, salt=PREFERENCES_SALT)


def make_click_token(newsletter_pk: int, page_pk: int) -> str:
    return signing.dumps([newsletter_pk, page_pk], salt=CLICK_SALT)


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
