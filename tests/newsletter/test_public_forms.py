"""The public forms under abuse: rate limits, mail through the worker, single-use confirmation
links, private themes, IP-literal addresses, and any POST body."""

import base64
import datetime
import re
import socket

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from newsletter.forms import PreferencesForm, SubscribeForm
from newsletter.models import Consent, Subscriber
from newsletter.tokens import confirm_token_hash, make_preferences_token
from tests.newsletter.test_subscriptions import confirmation_link, subscribe


def post_as(client, url, data=None, ip="203.0.113.7", **headers):
    return client.post(url, data or {}, REMOTE_ADDR=ip, **headers)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Rate limits


def test_sixty_subscriptions_of_one_address_make_one_consent_and_one_message(
    client, smtp, db, mail_worker
):
    answers = [subscribe(client).status_code for _ in range(60)]
    assert answers.count(200) == 5  # the address budget (5 an hour)
    assert answers[5:] == [429] * 55
    assert Subscriber.objects.count() == 1
    assert Consent.objects.count() == 1  # one confirmation per address per interval
    mail_worker()
    assert len(smtp.to("anne@example.org")) == 1


def test_one_ip_runs_out_of_subscriptions_another_does_not(client, db, settings):
    settings.PUBLIC_FORM_RATES = {
        **settings.PUBLIC_FORM_RATES,
        "subscribe": {"ip": "3/h", "address": "5/h"},
    }
    url = reverse("newsletter:subscribe")
    data = {"language": "fr", "consent": "on"}
    codes = [
        post_as(client, url, {**data, "email": f"p{i}@example.org"}).status_code for i in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    other = post_as(client, url, {**data, "email": "q@example.org"}, ip="198.51.100.9")
    assert other.status_code == 200
    assert Subscriber.objects.count() == 4


def test_too_many_answer_is_in_the_readers_language_with_retry_after(client, db, settings):
    settings.PUBLIC_FORM_RATES = {
        **settings.PUBLIC_FORM_RATES,
        "subscribe": {"ip": "1/h", "address": "5/h"},
    }
    with translation.override("fr"):
        url_fr = reverse("newsletter:subscribe")
    with translation.override("en"):
        url_en = reverse("newsletter:subscribe")
    data = {"email": "a@example.org", "language": "fr", "consent": "on"}
    post_as(client, url_fr, data)
    french = post_as(client, url_fr, data)
    assert french.status_code == 429 and int(french["Retry-After"]) > 0
    assert "Trop de tentatives" in french.content.decode()
    english = post_as(client, url_en, data)
    assert english.status_code == 429 and "Too many attempts" in english.content.decode()
    as_json = post_as(client, url_fr, data, HTTP_ACCEPT="application/json")
    assert as_json.status_code == 429
    assert as_json.json()["error"] == "Trop de tentatives"


def test_preferences_posts_are_limited_per_subscriber(client, db):
    person = Subscriber.objects.create(email="anne@example.org", status="confirmed")
    url = reverse("newsletter:preferences", args=[make_preferences_token(person.pk)])
    codes = [post_as(client, url, {"language": "en"}).status_code for _ in range(21)]
    assert codes == [200] * 20 + [429]


def test_one_click_unsubscribe_from_one_provider_address_for_many_readers(db):
    """A mail provider sends RFC 8058 POSTs for all its users from a few addresses."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    people = Subscriber.objects.bulk_create(
        Subscriber(email=f"r{i}@example.org", status="confirmed") for i in range(40)
    )
    for person in people:
        url = reverse("newsletter:unsubscribe", args=[make_preferences_token(person.pk)])
        response = post_as(client, url, {"List-Unsubscribe": "One-Click"}, ip="192.0.2.25")
        assert response.status_code == 200
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"unsubscribed"}
    # One link replayed in a loop is stopped; the reader stays unsubscribed.
    url = reverse("newsletter:unsubscribe", args=[make_preferences_token(people[0].pk)])
    codes = [post_as(client, url, ip="192.0.2.26").status_code for _ in range(10)]
    assert codes == [200] * 9 + [429]


def test_confirmation_posts_are_limited(client, db):
    url = reverse("newsletter:confirm", args=["a-token-guessed-by-someone"])
    codes = [post_as(client, url).status_code for _ in range(11)]
    assert codes == [400] * 10 + [429]


def test_a_new_confirmation_only_after_the_interval(client, smtp, db, mail_worker, settings):
    settings.NEWSLETTER_CONFIRM_INTERVAL = 600
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        subscribe(client)
    with time_machine.travel(start + datetime.timedelta(seconds=599), tick=False):
        subscribe(client)
    mail_worker()
    assert len(smtp.to("anne@example.org")) == 1
    cache.clear()  # a new hour of rate limits
    with time_machine.travel(start + datetime.timedelta(seconds=601), tick=False):
        subscribe(client)
    mail_worker()
    assert len(smtp.to("anne@example.org")) == 2
    assert Consent.objects.count() == 2


# Confirmation mail through the worker


def test_confirmation_is_queued_and_sent_by_the_worker(client, smtp, db, mail_worker):
    response = subscribe(client)
    assert response.status_code == 200
    assert smtp.count() == 0  # nothing sent in the request
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.backend_name == "mail"
    mail_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    [message] = smtp.to("anne@example.org")
    assert message["Subject"] and "confirm" in message.get_content()
    assert client.post(confirmation_link(smtp, "anne@example.org")).status_code == 200
    assert Subscriber.objects.get().status == "confirmed"


def _answer(response):
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    return response.status_code, body


def test_mail_server_down_same_page_for_every_address(client, db, settings, mail_worker):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    Subscriber.objects.create(email="confirmed@example.org", status="confirmed")
    Subscriber.objects.create(email="gone@example.org", status="unsubscribed")
    subscribe(client, email="waiting@example.org")
    cache.clear()
    answers = {
        email: _answer(subscribe(client, email=email))
        for email in [
            "new@example.org",
            "confirmed@example.org",
            "waiting@example.org",
            "gone@example.org",
        ]
    }
    assert len(set(answers.values())) == 1
    assert answers["new@example.org"][0] == 200
    mail_worker()  # the worker meets the dead server: the tasks fail, nothing else does
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    assert failed == 3  # new, waiting (its first) and gone: one each


def test_wagtail_tasks_stay_immediate(seed):
    """Wagtail's own tasks (reference index, search index) still run in the editor's request:
    publishing rebuilds the page's references at once, and nothing waits for the worker."""
    from django_tasks import task_backends
    from wagtail.models import ReferenceIndex
    from wagtail.tasks import update_reference_index_task

    assert update_reference_index_task.get_backend() is task_backends["default"]
    page = seed["voisins"]
    references = ReferenceIndex.get_references_for_object(page)
    assert references.exists()  # its listing image and themes
    references.delete()
    page.save_revision().publish()
    assert ReferenceIndex.get_references_for_object(page).exists()
    assert not DBTaskResult.objects.exists()


# Confirmation links


def _token(link):
    return link.rstrip("/").rpartition("/")[2]


def _b64_parts(token):
    for part in re.split(r"[:.]", token):
        try:
            yield base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue


def test_confirmation_link_holds_no_address_and_is_stored_hashed(client, smtp, db, mail_worker):
    subscribe(client)
    mail_worker()
    token = _token(confirmation_link(smtp, "anne@example.org"))
    assert all(b"anne" not in part.lower() for part in _b64_parts(token))
    assert Consent.objects.get().token_hash == confirm_token_hash(token)
    with connection.cursor() as cursor:  # the raw token is nowhere in the database
        for table in connection.introspection.django_table_names(only_existing=True):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE %s',  # noqa: S608
                    [f"%{token}%"],
                )
                assert cursor.fetchone()[0] == 0, (table, column)


def test_confirmation_link_works_once(client, smtp, db, mail_worker):
    subscribe(client)
    mail_worker()
    link = confirmation_link(smtp, "anne@example.org")
    assert client.post(link).status_code == 200
    assert client.post(link).status_code == 400
    assert client.get(link).status_code == 400


def test_old_link_does_not_resubscribe_after_unsubscribing(client, smtp, db, mail_worker):
    subscribe(client)
    mail_worker()
    link = confirmation_link(smtp, "anne@example.org")
    assert client.post(link).status_code == 200
    person = Subscriber.objects.get()
    client.post(reverse("newsletter:unsubscribe", args=[make_preferences_token(person.pk)]))
    assert client.post(link).status_code == 400
    person.refresh_from_db()
    assert person.status == "unsubscribed"


def test_unused_link_dies_when_the_reader_unsubscribes(client, smtp, db, mail_worker):
    subscribe(client)
    mail_worker()
    link = confirmation_link(smtp, "anne@example.org")
    person = Subscriber.objects.get()
    client.post(reverse("newsletter:unsubscribe", args=[make_preferences_token(person.pk)]))
    assert client.post(link).status_code == 400
    person.refresh_from_db()
    assert person.status == "unsubscribed" and person.confirmed_at is None


def test_subscribing_again_after_unsubscribing_sends_a_new_link(client, smtp, db, mail_worker):
    subscribe(client)
    mail_worker()
    first = confirmation_link(smtp, "anne@example.org")
    person = Subscriber.objects.get()
    client.post(reverse("newsletter:unsubscribe", args=[make_preferences_token(person.pk)]))
    subscribe(client)  # within the interval, but a new consent after leaving
    mail_worker()
    links = [
        re.search(r"http://testserver(/fr/newsletter/confirm/[^/\s]+/)", m.get_content()).group(1)
        for m in smtp.to("anne@example.org")
    ]
    assert len(links) == 2 and links[0] == first
    assert client.post(first).status_code == 400
    assert client.post(links[1]).status_code == 200
    assert Subscriber.objects.get().status == "confirmed"


def test_links_of_the_old_signed_format_no_longer_confirm(client, db):
    person = Subscriber.objects.create(email="anne@example.org")
    old = signing.dumps([person.pk, person.email], salt="newsletter.confirm")
    response = client.post(reverse("newsletter:confirm", args=[old]))
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.status == "pending"


# Themes and addresses


def test_private_and_unpublished_themes_are_not_offered(client, seed):
    theme, young = seed["theme"], seed["young"]
    PageViewRestriction.objects.create(page=young, restriction_type="password", password="x")
    with translation.override("fr"):
        offered = set(SubscribeForm().fields["themes"].queryset)
        assert young not in offered and theme in offered
        assert young not in set(PreferencesForm().fields["themes"].queryset)
        theme.unpublish()
        assert not SubscribeForm().fields["themes"].queryset.filter(pk=theme.pk).exists()
    person = Subscriber.objects.create(email="anne@example.org", status="confirmed")
    url = reverse("newsletter:preferences", args=[make_preferences_token(person.pk)])
    page = client.get(url).content.decode()
    assert young.title not in page and theme.title not in page
    assert subscribe(client, themes=[young.pk]).status_code == 400
    assert not Subscriber.objects.filter(email="anne@example.org", themes=young).exists()


@pytest.mark.parametrize(
    "address",
    ["anne@[192.0.2.1]", "anne@[IPv6:2001:db8::1]", "anne@192.0.2.1", "anne@[2001:db8::1]"],
)
def test_addresses_at_an_ip_are_refused_with_a_clear_message(client, db, address):
    response = subscribe(client, email=address)
    assert response.status_code == 400
    assert "pas une adresse IP" in response.content.decode()
    assert not Subscriber.objects.exists()


# Any POST body

FIELDS = ["email", "language", "consent", "source", "themes", "csrfmiddlewaretoken", "x"]
values = st.one_of(
    st.text(max_size=80),
    st.emails(),
    st.sampled_from(["on", "fr", "en", "1", "-1", "99999999999999999999", "[1]", "\x00"]),
)
bodies = st.dictionaries(st.sampled_from(FIELDS), st.lists(values, max_size=3), max_size=7)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies, target=st.sampled_from(["subscribe", "preferences", "unsubscribe", "confirm"]))
@example(body={"themes": [str(2**63)]}, target="subscribe")
@example(body={"themes": [str(-(2**63) - 1), "1"]}, target="preferences")
def test_any_post_body_is_never_a_5xx_and_leaves_no_half_record(client, body, target):
    cache.clear()
    person, _ = Subscriber.objects.get_or_create(
        email="known@example.org", defaults={"status": "confirmed"}
    )
    before = (Subscriber.objects.count(), Consent.objects.count(), DBTaskResult.objects.count())
    with translation.override("fr"):
        if target == "subscribe":
            url = reverse("newsletter:subscribe")
        elif target == "confirm":
            url = reverse("newsletter:confirm", args=["not-a-token"])
        else:
            url = reverse(f"newsletter:{target}", args=[make_preferences_token(person.pk)])
    response = client.post(url, body)
    assert response.status_code < 500
    after = (Subscriber.objects.count(), Consent.objects.count(), DBTaskResult.objects.count())
    if target == "subscribe" and response.status_code != 200:
        assert after == before  # a refused subscription writes nothing
    if target == "subscribe" and response.status_code == 200:
        new_subscribers, new_consents, new_tasks = (
            a - b for a, b in zip(after, before, strict=True)
        )
        assert new_subscribers <= 1 and new_consents == new_tasks <= 1
