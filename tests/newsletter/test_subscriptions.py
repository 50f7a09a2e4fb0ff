"""Double opt-in, preferences, one-click unsubscribe, clicks, and bad input."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter.models import Click, Consent, Subscriber
from newsletter.tokens import make_click_token, make_preferences_token


def subscribe(client, **data):
    payload = {"email": "anne@example.org", "language": "fr", "consent": "on", "source": "home"}
    payload.update(data)
    with translation.override("fr"):
        return client.post(reverse("newsletter:subscribe"), payload)


def confirmation_link(smtp, address):
    [message] = smtp.to(address)
    body = message.get_content()
    return re.search(r"http://testserver(/fr/newsletter/confirm/[^/\s]+/)", body).group(1)


def test_double_opt_in(client, smtp, seed, mail_worker):
    response = subscribe(client, themes=[seed["theme"].pk])
    assert response.status_code == 200
    person = Subscriber.objects.get()
    assert person.status == "pending" and person.confirmed_at is None
    assert list(person.themes.all()) == [seed["theme"]]
    consent = Consent.objects.get()
    assert (consent.source, consent.confirmed_at) == ("form:home", None)
    mail_worker()
    link = confirmation_link(smtp, "anne@example.org")
    assert client.get(link).status_code == 200
    assert Subscriber.objects.get().status == "pending"  # a GET (link scanners) does not confirm
    assert client.post(link).status_code == 200
    person.refresh_from_db()
    assert person.status == "confirmed" and person.confirmed_at
    assert Consent.objects.get().confirmed_at == person.confirmed_at


def test_double_submission_makes_one_subscriber(client, smtp, db, mail_worker):
    subscribe(client)
    subscribe(client, email="ANNE@EXAMPLE.ORG ")  # within the interval: no second message
    assert Subscriber.objects.count() == 1 and Consent.objects.count() == 1
    mail_worker()
    client.post(_first_link(smtp))
    subscribe(client)  # already confirmed: no new message, same answer
    mail_worker()
    assert smtp.count() == 1


def _first_link(smtp):
    body = smtp.messages[0][1].get_content()
    return re.search(r"http://testserver(/fr/newsletter/confirm/[^/\s]+/)", body).group(1)


def test_consent_is_required_and_not_pre_ticked(client, smtp, db):
    response = subscribe(client, consent="")
    assert response.status_code == 400
    assert "tick the box" in response.content.decode().lower() or "cochez" in (
        response.content.decode().lower()
    )
    assert not Subscriber.objects.exists() and smtp.count() == 0


def test_forged_or_expired_confirmation_is_a_clear_400(client, smtp, settings, db, mail_worker):
    subscribe(client)
    mail_worker()
    link = _first_link(smtp)
    assert client.post(link[:-5] + "xxxx/").status_code == 400
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    response = client.post(link)
    assert response.status_code == 400
    assert Subscriber.objects.get().status == "pending"


def test_preferences_by_signed_link(client, seed):
    person = Subscriber.objects.create(email="anne@example.org", status="confirmed")
    url = reverse("newsletter:preferences", args=[make_preferences_token(person.pk)])
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "en", "themes": [seed["theme"].pk]})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.language == "en" and list(person.themes.all()) == [seed["theme"]]
    token = make_preferences_token(person.pk)
    forged = token.replace(":", ":" + ("B" if token.split(":")[2][0] != "B" else "C"), 2)
    forged_url = reverse("newsletter:preferences", args=[forged.replace(":B", ":", 1)])
    assert forged_url != url
    assert client.get(forged_url).status_code == 400
    other = reverse("newsletter:preferences", args=[make_preferences_token(person.pk + 1)])
    assert client.get(other).status_code == 400  # a genuine token for nobody


def test_one_click_unsubscribe_post_without_csrf_and_get_only_asks(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    person = Subscriber.objects.create(email="anne@example.org", status="confirmed")
    url = reverse("newsletter:unsubscribe", args=[make_preferences_token(person.pk)])
    response = client.get(url)
    assert response.status_code == 200 and "<form" in response.content.decode()
    person.refresh_from_db()
    assert person.status == "confirmed"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.status == "unsubscribed" and person.unsubscribed_at
    assert client.post(url).status_code == 200  # replay: still fine, still unsubscribed


def test_click_tracking_counts_and_redirects_on_site(client, seed, issue):
    token = make_click_token(issue.pk, seed["voisins"].pk)
    url = reverse("newsletter:click", args=[token])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == seed["voisins"].url
    client.get(url)
    assert Click.objects.get(newsletter=issue, item=seed["voisins"]).count == 2


def test_tampered_click_token_is_400_never_a_redirect(client, seed, issue):
    token = make_click_token(issue.pk, seed["voisins"].pk)
    for bad in [token[:-2] + "zz", "abc", token.replace(":", "-"), "W10:1:2"]:
        response = client.get(reverse("newsletter:click", args=[bad]))
        assert response.status_code == 400
    assert (
        client.get(
            reverse("newsletter:click", args=[make_click_token(issue.pk, 999999)])
        ).status_code
        == 404
    )
    assert not Click.objects.exists()


# A db test (examples share its transaction): it runs before the transactional tests, whose
# flush would leave it without the locales the migrations made.
@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    email=st.one_of(st.emails(), st.text(max_size=300)),
    language=st.sampled_from(["fr", "en", "de", "", "fr\r\nBcc: x@y.z"]),
    consent=st.sampled_from(["on", "", "1"]),
)
def test_subscribe_form_never_fails_on_any_input(client, email, language, consent):
    cache.clear()  # each example starts with the rate limits unspent
    response = subscribe(client, email=email, language=language, consent=consent)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "<form" in response.content.decode()
