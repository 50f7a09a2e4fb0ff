"""Real worker processes against a real database and a real SMTP server: kill, restart, race.

On PostgreSQL the workers use the test's own database (committed rows: transactional test),
whose name reaches them through DATABASE_URL. pytest-django's in-memory SQLite cannot be shared
with another process, so on SQLite these tests build their own file database instead.
"""

import collections
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.newsletter.smtp import SMTPSink

# serialized_rollback: the flush after each test must not leave the next ones without the rows
# the migrations made (root page, locale).
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = 300


def shared_database_url():
    """The URL of the database this test runs on (the test database, not the configured one)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    host = db["HOST"] or "localhost"
    return f"postgres://{credentials}{host}:{db['PORT'] or 5432}/{db['NAME']}"


def env_for(database_url, smtp_url, **extra):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.newsletter.worker_settings",
        DATABASE_URL=database_url,
        EMAIL_URL=smtp_url,
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, **kwargs
    )


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    """A migrated file database, made once; each SQLite test gets a copy."""
    path = tmp_path_factory.mktemp("workerdb") / "template.sqlite3"
    env = env_for(f"sqlite:///{path}", "smtp://127.0.0.1:1")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    with closing(sqlite3.connect(path)) as db:
        # migrate left the file in write-ahead-log mode, which the workers rely on (two
        # processes switching it at once can fail); fold the log back so a copy is whole.
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def worker_database(request, transactional_db, tmp_path):
    """The database URL the test and its worker processes share."""
    if connection.vendor == "postgresql":
        return shared_database_url()
    assert connection.vendor == "sqlite", f"no worker test set-up for {connection.vendor}"
    db_file = tmp_path / "db.sqlite3"
    shutil.copy(request.getfixturevalue("sqlite_template"), db_file)
    return f"sqlite:///{db_file}"


@pytest.fixture
def worker_env(worker_database):
    with SMTPSink() as sink:
        env = env_for(worker_database, sink.url, NEWSLETTER_LEASE_SECONDS="4")
        subprocess.run(  # noqa: S603 - our own module
            [sys.executable, "-m", "tests.newsletter.worker_db", str(RECIPIENTS)],
            env=env,
            cwd=ROOT,
            check=True,
        )
        yield env, sink.store


def start_worker(env, *args):
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "send_worker", "--poll", "0.2", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def received(store):
    """address -> list of Message-IDs received."""
    by_address = collections.defaultdict(list)
    with store.lock:
        for rcpt, message in store.messages:
            for address in rcpt:
                by_address[address].append(str(message["Message-ID"]).strip())
    return by_address


def db_statuses(env):
    out = manage(
        env,
        "shell",
        "-c",
        "import json; from collections import Counter; from newsletter.models import Delivery; "
        "print(json.dumps(Counter(Delivery.objects.values_list('status', flat=True))))",
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_killed_worker_restarted_sends_everyone_exactly_once(worker_env):
    env, store = worker_env
    worker = start_worker(env, "--batch", "20", "--rate", "150")
    assert wait_for(lambda: store.count() >= 80), worker.stderr.read() if worker.poll() else ""
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    sent_before_restart = store.count()
    assert 0 < sent_before_restart < RECIPIENTS  # killed mid-send
    restarted = start_worker(env, "--batch", "20", "--until-idle")
    assert restarted.wait(timeout=180) == 0, restarted.stderr.read()
    by_address = received(store)
    expected = {f"reader{i}@example.org" for i in range(RECIPIENTS)}
    assert set(by_address) == expected  # nobody lost
    # One message per person. A crash exactly between the server's acceptance and the commit of
    # the "sent" mark re-sends that one message, with the same Message-ID: at most one such
    # duplicate per kill, and never a second distinct message.
    assert all(len(set(ids)) == 1 for ids in by_address.values())
    duplicates = sum(len(ids) - 1 for ids in by_address.values())
    assert duplicates <= 1
    assert db_statuses(env) == {"sent": RECIPIENTS}


def test_two_workers_in_parallel_never_send_twice(worker_env):
    env, store = worker_env
    workers = [start_worker(env, "--batch", "10", "--until-idle") for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=180) == 0, worker.stderr.read()
    by_address = received(store)
    assert len(by_address) == RECIPIENTS
    assert all(len(ids) == 1 for ids in by_address.values())
    assert db_statuses(env) == {"sent": RECIPIENTS}
    outputs = [w.stdout.read().decode() for w in workers]
    assert all("sent" in out for out in outputs)
