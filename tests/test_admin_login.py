"""Sign-in lockout on the Wagtail admin's real login view (django-axes)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, password, address=ATTACKER, language="fr"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def fail_until_locked(client):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, f"wrong-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
    assert sign_in(client, "wrong-last").status_code == 429


def test_right_password_is_refused_after_repeated_failures(client, editor):
    for attempt in range(40):
        sign_in(client, f"guess-{attempt}")
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_lockout_page_speaks_the_readers_language(client, editor):
    fail_until_locked(client)
    french = sign_in(client, PASSWORD, language="fr")
    assert french.status_code == 429
    assert french["Content-Type"].startswith("text/html")
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    assert "Trop de tentatives de connexion" in french.content.decode()
    assert f"dans {minutes} minutes" in french.content.decode()
    english = sign_in(client, PASSWORD, language="en")
    assert "Too many failed sign-in attempts" in english.content.decode()
    assert f"in {minutes} minutes" in english.content.decode()


def test_lockout_is_for_the_username_and_address_pair(client, editor):
    fail_until_locked(client)
    # The editor, elsewhere, still signs in: a stranger cannot lock them out.
    assert sign_in(client, PASSWORD, address=COLLEAGUE).status_code == 302
    assert signed_in(client)


def test_lock_lifts_after_the_cool_off(client, editor):
    fail_until_locked(client)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=5)):
        assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "command, arguments",
    [("axes_reset", []), ("axes_reset_username", ["editor"]), ("axes_reset_ip", [ATTACKER])],
)
def test_an_administrator_unlocks(client, editor, command, arguments):
    fail_until_locked(client)
    call_command(command, *arguments, verbosity=0)
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)
