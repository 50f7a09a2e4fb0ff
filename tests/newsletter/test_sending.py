"""Sending through a real SMTP server: MIME parts, headers, links, language, retries."""

import re

import pytest
from django.utils import timezone

from newsletter import sending
from newsletter.models import Campaign, Delivery, Subscriber


def subscriber(email, language="fr", status=Subscriber.Status.CONFIRMED, themes=()):
    person = Subscriber.objects.create(email=email, language=language, status=status)
    person.themes.set(themes)
    return person


def send_all(page, languages=("fr", "en"), theme_keys=()):
    campaign = sending.schedule(page, languages=languages, theme_keys=theme_keys)
    sending.run(until_idle=True, poll=0)
    campaign.refresh_from_db()
    return campaign


def header(message, name):
    value = message[name]
    return None if value is None else str(value).strip()


def part(message, subtype):
    return next(
        p for p in message.walk() if p.get_content_type() == f"text/{subtype}"
    ).get_content()


@pytest.mark.parametrize("smtp", [False, True], ids=["plain", "pipelining"], indirect=True)
def test_issue_reaches_each_reader_in_their_language_with_their_own_links(smtp, seed, issue):
    french = subscriber("anne@example.org")
    english = subscriber("bob@example.org", language="en")
    subscriber("pending@example.org", status=Subscriber.Status.PENDING)
    subscriber("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    campaign = send_all(issue)

    assert campaign.status == Campaign.Status.DONE
    assert campaign.progress() == {"total": 2, "sent": 2, "failed": 0, "skipped": 0, "remaining": 0}
    assert smtp.count() == 2
    [fr_message] = smtp.to("anne@example.org")
    [en_message] = smtp.to("bob@example.org")
    assert header(fr_message, "Subject") == issue.title
    assert header(en_message, "Subject") == "Health democracy and new local cooperation"
    assert "Territoires en Commun" in header(fr_message, "From")
    assert header(fr_message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
    https, mailto = [u.strip(" <>") for u in header(fr_message, "List-Unsubscribe").split(",")]
    assert https.startswith("http://testserver/fr/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:unsubscribe@")
    html, text = part(fr_message, "html"), part(fr_message, "plain")
    assert https in html and https in text  # this reader's own link, in both parts
    en_https = header(en_message, "List-Unsubscribe").split(",")[0].strip(" <>")
    assert en_https != https and en_https.startswith("http://testserver/en/")
    assert 'lang="fr"' in html and 'lang="en"' in part(en_message, "html")
    links = re.findall(r'href="([^"]+)"', html)
    assert all(link.startswith(("http://testserver/", "https://", "mailto:")) for link in links)
    assert Delivery.objects.filter(status="sent").count() == 2
    assert (
        header(fr_message, "Message-ID")
        == Delivery.objects.get(email="anne@example.org").message_id
    )
    assert french.pk != english.pk


def test_english_readers_get_french_when_translation_is_missing(smtp, seed, issue):
    english = issue.get_translation(seed["home_en"].locale)
    english.unpublish()
    subscriber("bob@example.org", language="en")
    campaign = send_all(issue, languages=["en"])
    assert campaign.content["en"]["fallback"] is True
    assert header(smtp.to("bob@example.org")[0], "Subject") == issue.title


def test_theme_audience_only_reaches_followers(smtp, seed, issue):
    subscriber("follows@example.org", themes=[seed["theme"]])
    subscriber("other@example.org", themes=[seed["young"]])
    send_all(issue, languages=["fr"], theme_keys=[seed["theme"].translation_key])
    assert smtp.to("follows@example.org") and not smtp.to("other@example.org")


def test_sending_twice_the_same_campaign_does_not_duplicate(smtp, seed, issue):
    subscriber("anne@example.org")
    campaign = send_all(issue)
    sending.run(until_idle=True, poll=0)  # nothing left: no second message
    assert len(smtp.to("anne@example.org")) == 1
    assert campaign.deliveries.count() == 1


@pytest.mark.parametrize("smtp", [False, True], ids=["plain", "pipelining"], indirect=True)
def test_permanent_refusal_is_failed_and_temporary_is_retried(smtp, settings, seed, issue):
    settings.NEWSLETTER_RETRY_DELAY = 0
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    subscriber("bad@example.org")
    subscriber("later@example.org")
    subscriber("ok@example.org")
    smtp.refuse["bad@example.org"] = "550 No such user"
    smtp.refuse["later@example.org"] = "451 Try again later"
    campaign = sending.schedule(issue, languages=["fr"])
    sending.run(until_idle=True, poll=0)
    bad = Delivery.objects.get(email="bad@example.org")
    later = Delivery.objects.get(email="later@example.org")
    assert (bad.status, bad.attempts) == ("failed", 1) and "550" in bad.last_error
    assert (later.status, later.attempts) == ("failed", 3) and "451" in later.last_error
    assert len(smtp.to("ok@example.org")) == 1
    campaign.refresh_from_db()
    assert campaign.progress()["failed"] == 2


@pytest.mark.parametrize("smtp", [False, True], ids=["plain", "pipelining"], indirect=True)
def test_transient_then_accepted_is_sent_once(smtp, settings, seed, issue):
    settings.NEWSLETTER_RETRY_DELAY = 0
    subscriber("later@example.org")
    smtp.refuse["later@example.org"] = "451 Try again later"
    sending.schedule(issue, languages=["fr"])
    sending.prepare_due_campaigns()
    token, rows = sending.claim()
    sending.Sender().send_batch(token, rows)
    assert Delivery.objects.get().status == "pending"
    del smtp.refuse["later@example.org"]
    sending.run(until_idle=True, poll=0)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(smtp.to("later@example.org")) == 1


@pytest.mark.parametrize("smtp", [False, True], ids=["plain", "pipelining"], indirect=True)
def test_lines_starting_with_a_dot_arrive_intact(smtp, seed, issue):
    """The worker's pre-stuffed DATA form (RFC 5321 4.5.2) keeps lines that start with dots."""
    subscriber("anne@example.org")
    campaign = sending.schedule(issue, languages=["fr"])
    sending.prepare_due_campaigns()
    campaign.refresh_from_db()
    text = campaign.content["fr"]["text"]
    campaign.content["fr"]["text"] = f".\n.hidden line\n..two dots\n{text}\n."
    campaign.save(update_fields=["content"])
    sending.run(until_idle=True, poll=0)
    [message] = smtp.to("anne@example.org")
    assert part(message, "plain").splitlines()[:3] == [".", ".hidden line", "..two dots"]
    assert part(message, "plain").rstrip().endswith("\n.")
    assert Delivery.objects.get().status == "sent"


def test_unsubscribed_after_scheduling_is_skipped(smtp, seed, issue):
    person = subscriber("anne@example.org")
    sending.schedule(issue, languages=["fr"])
    sending.prepare_due_campaigns()
    Subscriber.objects.filter(pk=person.pk).update(status="unsubscribed")
    sending.run(until_idle=True, poll=0)
    assert smtp.count() == 0
    assert Delivery.objects.get().status == "skipped"


def test_header_injection_in_title_stays_on_one_line(smtp, seed, issue):
    issue.title = "Numéro\r\nBcc: victim@example.org"
    issue.save_revision().publish()
    subscriber("anne@example.org")
    send_all(issue, languages=["fr"])
    [message] = smtp.to("anne@example.org")
    assert header(message, "Bcc") is None
    assert header(message, "Subject") == "Numéro Bcc: victim@example.org"
    assert not smtp.to("victim@example.org")


def test_scheduled_in_the_future_waits(smtp, seed, issue):
    subscriber("anne@example.org")
    sending.schedule(issue, languages=["fr"], when=timezone.now() + timezone.timedelta(hours=1))
    sending.run(until_idle=True, poll=0)
    assert smtp.count() == 0


@pytest.mark.parametrize("option", [[], ["--text"], ["--lang", "en"]])
def test_render_newsletter_command(issue, option):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("render_newsletter", issue.slug, *option, stdout=out)
    output = out.getvalue()
    assert "/newsletter/unsubscribe/" in output
    assert ("<table" in output) == ("--text" not in option)


def test_send_newsletter_command_sends_one_test(smtp, issue):
    from django.core.management import call_command

    call_command("send_newsletter", issue.slug, "--to", "me@example.org")
    assert len(smtp.to("me@example.org")) == 1
