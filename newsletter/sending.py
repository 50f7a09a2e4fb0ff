"""Send an issue to its audience without losing or duplicating messages.

The ``Delivery`` rows are the queue. A worker repeatedly:

1. *claims* a batch: one conditional ``UPDATE ... SET status='sending', claim_token=T,
   lease_until=now+lease WHERE id IN (...) AND (status='pending' OR lease expired)``. On
   PostgreSQL the candidate rows are first locked with ``SELECT ... FOR UPDATE SKIP LOCKED``;
   on SQLite (no row locks) the UPDATE itself is the claim: SQLite serialises writers, and the
   WHERE clause is evaluated again inside the write, so two workers never claim the same row.
2. *sends* each claimed row over one SMTP connection per batch, with the Message-ID stored on the
   row when the send was prepared (before any SMTP traffic);
3. *marks* the row ``sent`` (``WHERE claim_token=T``), committed right after the SMTP server
   accepted the message — one row at a time.

A worker killed at any line leaves its claimed rows in ``sending`` with a lease; once the lease
expires another worker takes them again. Rows never claimed stay ``pending``. What cannot be
closed without the receiving server's help: a crash after the server accepted a message's DATA
and before the ``sent`` mark committed makes that one message go out again (with the same
Message-ID, which lets mail programs recognise it). That window holds at most one message per
crashed worker.
"""

import logging
import smtplib
import socket
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import OperationalError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.utils import timezone

from newsletter.mail import MessageTemplate, content_of, issue_message, smtp_deliver
from newsletter.models import Campaign, Delivery, NewsletterPage, Subscriber
from newsletter.rendering import render_email

logger = logging.getLogger(__name__)


def setting(name, default):
    return getattr(settings, name, default)


def max_attempts():
    return setting("NEWSLETTER_MAX_ATTEMPTS", 5)


def lease_seconds():
    return setting("NEWSLETTER_LEASE_SECONDS", 300)


# --- Audience and scheduling -------------------------------------------------------------------


def audience(languages, theme_keys=()):
    """Confirmed subscribers of the given languages, following any of the themes if given."""
    queryset = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, language__in=languages)
    if theme_keys:
        queryset = queryset.filter(themes__translation_key__in=list(theme_keys)).distinct()
    return queryset


def issue_versions(page):
    """For each site language: the live issue version sent to its readers, and whether it falls
    back to the source language because the translation is missing."""
    versions = {}
    live = {
        p.locale.language_code: p
        for p in NewsletterPage.objects.live()
        .filter(translation_key=page.translation_key)
        .select_related("locale")
    }
    default_language = settings.LANGUAGE_CODE
    source = live.get(default_language) or page
    for code, _label in settings.LANGUAGES:
        if code in live:
            versions[code] = (live[code], False)
        else:
            versions[code] = (source, True)
    return versions


def schedule(page, *, languages, theme_keys=(), when=None, user=None):
    return Campaign.objects.create(
        newsletter=page,
        languages=list(languages),
        theme_keys=[str(k) for k in theme_keys],
        scheduled_at=when or timezone.now(),
        created_by=user,
    )


def message_id_for(campaign_pk, subscriber_pk):
    from email.utils import parseaddr

    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<tec.{campaign_pk}.{subscriber_pk}@{domain}>"


def prepare_due_campaigns(now=None):
    """Freeze the content and create the delivery rows of campaigns whose time has come.

    All in one transaction: a crash leaves the campaign scheduled and nothing half-made; the
    conditional status update makes sure only one worker prepares a campaign.
    """
    now = now or timezone.now()
    prepared = 0
    for campaign_pk in Campaign.objects.filter(
        status=Campaign.Status.SCHEDULED, scheduled_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Campaign.objects.filter(
                pk=campaign_pk, status=Campaign.Status.SCHEDULED
            ).update(status=Campaign.Status.SENDING, started_at=now)
            if not claimed:
                continue
            campaign = Campaign.objects.select_related("newsletter").get(pk=campaign_pk)
            versions = issue_versions(campaign.newsletter)
            content = {}
            for language in campaign.languages:
                page, fallback = versions[language]
                content[language] = {**content_of(render_email(page)), "fallback": fallback}
                content[language]["language"] = language
                content[language]["page_id"] = page.pk
            campaign.content = content
            campaign.save(update_fields=["content"])
            recipients = audience(campaign.languages, campaign.theme_keys).values_list(
                "pk", "email", "language"
            )
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        campaign=campaign,
                        subscriber_id=pk,
                        email=email,
                        language=language,
                        message_id=message_id_for(campaign.pk, pk),
                    )
                    for pk, email, language in recipients.iterator(chunk_size=2000)
                ],
                batch_size=500,
                ignore_conflicts=True,
            )
            prepared += 1
    return prepared


def finish_campaigns():
    now = timezone.now()
    return (
        Campaign.objects.filter(status=Campaign.Status.SENDING)
        .exclude(deliveries__status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING])
        .update(status=Campaign.Status.DONE, finished_at=now)
    )


# --- Claim, send, mark ------------------------------------------------------------------------


def claimable(now):
    return Delivery.objects.filter(campaign__status=Campaign.Status.SENDING).filter(
        Q(status=Delivery.Status.PENDING)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        | Q(status=Delivery.Status.SENDING, lease_until__lt=now)
    )


def claim(batch_size=100, now=None):
    """Take up to ``batch_size`` rows for this worker; returns (token, rows)."""
    now = now or timezone.now()
    token = uuid.uuid4()
    values = {
        "status": Delivery.Status.SENDING,
        "claim_token": token,
        "lease_until": now + timedelta(seconds=lease_seconds()),
        "attempts": F("attempts") + 1,
    }
    candidates = claimable(now).order_by("pk")
    if db_connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            locked = candidates.select_for_update(skip_locked=True, of=("self",))
            ids = list(locked.values_list("pk", flat=True)[:batch_size])
            if ids:
                claimable(now).filter(pk__in=ids).update(**values)
    else:
        # No row locks (SQLite): the single conditional UPDATE below is the claim. It runs in
        # autocommit, so it waits for the write lock instead of failing a lock upgrade.
        ids = list(candidates.values_list("pk", flat=True)[:batch_size])
        if ids:
            claimable(now).filter(pk__in=ids).update(**values)
    if not ids:
        return token, []
    rows = list(
        Delivery.objects.filter(claim_token=token)
        .select_related("subscriber")
        .order_by("pk")
        .only(
            "pk",
            "campaign_id",
            "email",
            "language",
            "attempts",
            "message_id",
            "lease_until",
            "subscriber__status",
        )
    )
    return token, rows


def _mark(delivery, token, **fields):
    return Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
        claim_token=None, lease_until=None, **fields
    )


def mark_sent(delivery, token):
    """The hot path's mark, committed at once (autocommit): one UPDATE by primary key, written
    in SQL because the ORM's query building cost as much as the statement itself."""
    table = db_connection.ops.quote_name(Delivery._meta.db_table)
    token_field = Delivery._meta.get_field("claim_token")
    # The table name comes from the model.
    sql = f"UPDATE {table} SET status = %s, sent_at = %s, claim_token = NULL, lease_until = NULL"  # noqa: S608
    sql += " WHERE id = %s AND claim_token = %s"
    with db_connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                Delivery.Status.SENT.value,
                timezone.now(),
                delivery.pk,
                token_field.get_db_prep_value(token, db_connection),
            ],
        )
        return cursor.rowcount


def _release(rows, token):
    """Give back rows this worker claimed but did not try (no attempt counted)."""
    Delivery.objects.filter(pk__in=[r.pk for r in rows], claim_token=token).update(
        status=Delivery.Status.PENDING,
        claim_token=None,
        lease_until=None,
        attempts=F("attempts") - 1,
    )


def is_permanent(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    code = getattr(error, "smtp_code", None)
    return code is not None and code >= 500


TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


class Pacer:
    """At most ``rate`` messages per second (0: no limit)."""

    def __init__(self, rate):
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = time.monotonic()

    def wait(self):
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval


class Sender:
    """Sends claimed rows; one instance per worker process."""

    def __init__(self, *, rate=None, stop=lambda: False):
        self.contents = {}
        self.templates = {}
        rate = setting("NEWSLETTER_MAX_PER_SECOND", 0) if rate is None else rate
        self.pacer = Pacer(rate)
        self.stop = stop
        self.sent = 0
        self.failed = 0

    def content(self, campaign_pk, language):
        if campaign_pk not in self.contents:
            self.contents[campaign_pk] = Campaign.objects.values_list("content", flat=True).get(
                pk=campaign_pk
            )
        content = self.contents[campaign_pk]
        return content.get(language) or next(iter(content.values()))

    def template(self, campaign_pk, language):
        key = (campaign_pk, language)
        if key not in self.templates:
            self.templates[key] = MessageTemplate(self.content(campaign_pk, language))
        return self.templates[key]

    def send_one(self, connection, row):
        """Through Django's SMTP backend's connection: the pre-serialised message, filled in for
        this recipient. Other backends (console, in-memory) get a full EmailMessage."""
        smtp = getattr(connection, "connection", None)
        if isinstance(connection, SMTPBackend) and smtp is not None:
            template = self.template(row.campaign_id, row.language)
            data = template.render_data(
                subscriber_pk=row.subscriber_id, to=row.email, message_id=row.message_id
            )
            smtp_deliver(smtp, template.from_email, row.email, data)
            return
        message = issue_message(
            self.content(row.campaign_id, row.language),
            subscriber_pk=row.subscriber_id,
            to=row.email,
            message_id=row.message_id,
            connection=connection,
        )
        connection.send_messages([message])

    def send_batch(self, token, rows):
        connection = get_connection(fail_silently=False)
        opened = False
        safety = timedelta(seconds=min(30, lease_seconds() / 4))
        try:
            for index, row in enumerate(rows):
                if self.stop() or timezone.now() > row.lease_until - safety:
                    _release(rows[index:], token)
                    return
                if row.subscriber is None or row.subscriber.status != Subscriber.Status.CONFIRMED:
                    _mark(row, token, status=Delivery.Status.SKIPPED)
                    continue
                self.pacer.wait()
                try:
                    if not opened:
                        connection.open()
                        opened = True
                    self.send_one(connection, row)
                except ValueError as error:  # an address no SMTP server would take
                    _mark(row, token, status=Delivery.Status.FAILED, last_error=str(error))
                    self.failed += 1
                    continue
                except TRANSIENT_ERRORS as error:
                    self._failed(row, token, error)
                    if not isinstance(error, smtplib.SMTPRecipientsRefused):
                        # The connection may be unusable: start a fresh one for the next row.
                        self._close(connection)
                        opened = False
                    continue
                mark_sent(row, token)
                self.sent += 1
        finally:
            if opened:
                self._close(connection)

    @staticmethod
    def _close(connection):
        try:
            connection.close()
        except Exception:  # noqa: BLE001, S110 - closing a broken connection may fail too
            pass

    def _failed(self, row, token, error):
        text = f"{type(error).__name__}: {error}"[:1000]
        if is_permanent(error) or row.attempts >= max_attempts():
            _mark(row, token, status=Delivery.Status.FAILED, last_error=text)
            self.failed += 1
            return
        delay = setting("NEWSLETTER_RETRY_DELAY", 60) * (2 ** (row.attempts - 1))
        _mark(
            row,
            token,
            status=Delivery.Status.PENDING,
            last_error=text,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
        )


def tune_database():
    """Let each per-message commit skip waiting for the disk flush.

    SQLite: WAL with synchronous=NORMAL. PostgreSQL: ``synchronous_commit = off`` for the
    worker's own session. Both stay consistent when the worker is killed (what the
    claim-send-mark cycle must survive); only a crash of the machine (or of the PostgreSQL
    server) can lose the last commits, i.e. re-send the last few messages.
    """
    if db_connection.in_atomic_block:
        return
    with db_connection.cursor() as cursor:
        if db_connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode")
            if cursor.fetchone()[0] != "wal":
                # Normally done once by migrate (home.apps): switching needs the file to
                # itself, so a worker that cannot switch now keeps the rollback journal.
                try:
                    cursor.execute("PRAGMA journal_mode=WAL")
                except OperationalError:
                    logger.warning("SQLite database busy: sending without write-ahead log")
            cursor.execute("PRAGMA synchronous=NORMAL")
        elif db_connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")


def run(*, batch_size=100, poll=2.0, until_idle=False, stop=lambda: False, rate=None, log=None):
    """The worker loop; returns (sent, failed) when idle (``until_idle``) or stopped."""
    sender = Sender(rate=rate, stop=stop)
    tune_database()
    while not stop():
        prepare_due_campaigns()
        token, rows = claim(batch_size)
        if rows:
            sender.send_batch(token, rows)
            continue
        finish_campaigns()
        if until_idle and not waiting_rows():
            break
        time.sleep(poll)
    if log:
        log(f"sent {sender.sent}, failed {sender.failed}")
    return sender.sent, sender.failed


def waiting_rows():
    """Whether anything is still to be sent, now or later (retries, leases, schedules)."""
    return (
        Delivery.objects.filter(
            campaign__status=Campaign.Status.SENDING,
            status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING],
        ).exists()
        or Campaign.objects.filter(
            status=Campaign.Status.SCHEDULED, scheduled_at__lte=timezone.now()
        ).exists()
    )
