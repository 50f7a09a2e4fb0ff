"""The site under a real threaded server: many readers at once get the right pages, never a 500.

gunicorn with its threaded worker (as in production) serves the demo content from a SQLite file,
in a process of its own; 20 client threads then send a few hundred mixed requests at once: pages
in both languages, library filters, tag pages, the agenda and its calendar, feeds, the search page
with words and facets, the search API, the suggestions and Wagtail's API. Each answer must be the
page asked for (status, content type, and a piece of text only that page holds), as it is when
the requests come one at a time. State shared between requests shows up here as errors or wrong
pages; the in-process test client, one request at a time, cannot show it.
"""

import collections
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

pytestmark = [pytest.mark.server, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[1]
SERVER_THREADS = 8
CLIENT_THREADS = 20
ROUNDS = 3  # each planned request is sent this many times, in a shuffled order
CONTENT_TYPES = {
    "html": "text/html",
    "rss": "application/rss+xml",
    "ical": "text/calendar",
    "json": "application/json",
}


@dataclass
class ServedSite:
    url: str
    requests: list
    log: Path

    def log_tail(self, lines=60):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def copy_migrated_database(target: Path, env: dict):
    """A migrated SQLite file: a copy of the test database when it is SQLite in memory (already
    migrated, and still empty: database tests roll back, and run before transactional ones),
    else a fresh ``migrate``."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")  # as migrate leaves a file database
        return
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )


def start_server(env, log: Path):
    """gunicorn's threaded worker on a free loopback port; returns (process, base URL)."""
    process = subprocess.Popen(  # noqa: S603 - the project's own WSGI application
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--worker-class",
            "gthread",
            "--workers",
            "1",
            "--threads",
            str(SERVER_THREADS),
            "--bind",
            "127.0.0.1:0",
            "--no-control-socket",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
        if found:
            return process, found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")


@pytest.fixture(scope="module")
def served_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site in a file database, served by gunicorn's threaded worker."""
    folder = tmp_path_factory.mktemp("served-site")
    env = {key: value for key, value in os.environ.items() if key != "SEARCH_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        PYTHONPATH=str(ROOT),
        PYTHONWARNINGS="ignore",
    )
    with django_db_blocker.unblock():
        copy_migrated_database(folder / "db.sqlite3", env)
    loaded = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.server_site"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    requests = json.loads(loaded.stdout)
    log = folder / "gunicorn.log"
    process, url = start_server(env, log)
    try:
        yield ServedSite(url=url, requests=requests, log=log)
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(base_url, path):
    """(status, content type, body) of a GET."""
    try:
        with urllib.request.urlopen(base_url + path, timeout=120) as response:  # noqa: S310
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def check(base_url, wanted):
    """What is wrong with the answer to one planned request (None: it is the right page)."""
    status, content_type, body = fetch(base_url, wanted["path"])
    if status != 200:
        return status, f"{status} {wanted['path']}"
    if not content_type.startswith(CONTENT_TYPES[wanted["kind"]]):
        return status, f"content type {content_type!r} for {wanted['path']}"
    # Templates put non-breaking spaces in French typography ("titre : sous-titre").
    text = body.decode().replace("\xa0", " ").replace("\u202f", " ")
    if wanted["marker"] not in text:
        return status, f"{wanted['marker']!r} missing from {wanted['path']}"
    return None


def assert_right(answers, served_site):
    wrong = [answer for answer in answers if answer is not None]
    statuses = collections.Counter(status for status, _problem in wrong)
    summary = (
        f"{len(wrong)} of {len(answers)} requests went wrong (by status: {dict(statuses)}):\n"
        + "\n".join(problem for _status, problem in wrong[:20])
    )
    assert not wrong, summary + "\n\nServer log:\n" + served_site.log_tail()


def test_the_plan_covers_every_kind_of_request(served_site):
    paths = [wanted["path"] for wanted in served_site.requests]
    for language, search in (("fr", "/fr/recherche/?"), ("en", "/en/search/?")):
        assert any(path == f"/{language}/" for path in paths)
        assert any(path.startswith(search) and "&type=" in path for path in paths)
        assert any(path.startswith(search) and "&theme=" in path for path in paths)
        assert any(path.startswith(f"/{language}/") and "/tags/" in path for path in paths)
        assert any(path.startswith(f"/{language}/") and "/suggestions/" in path for path in paths)
    for part in ("/api/search/?", "/api/v2/pages/", "/calendar/", "/feed/", "?period=past"):
        assert any(part in path for path in paths), part
    assert len(paths) * ROUNDS >= 400


def test_each_request_alone_gets_its_page(served_site):
    """One at a time, as the test client would: the plan itself is right."""
    answers = [check(served_site.url, wanted) for wanted in served_site.requests]
    assert_right(answers, served_site)


def test_twenty_readers_at_once_get_their_pages(served_site):
    batch = served_site.requests * ROUNDS
    random.Random(13).shuffle(batch)
    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as clients:
        answers = list(clients.map(lambda wanted: check(served_site.url, wanted), batch))
    assert_right(answers, served_site)
