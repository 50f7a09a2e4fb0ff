"""Two processes sharing one database: an item published by one is found by a search served by
the other at once, or after the engine's refresh (nothing kept in a process can hide it)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.newsletter.test_workers import env_for, manage

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
# OpenSearch and Elasticsearch make new documents searchable within a second (index refresh);
# the database backends at once.
ENGINE_REFRESH_SECONDS = 5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ask(port, query):
    url = f"http://127.0.0.1:{port}/api/search/?locale=fr&q={query}"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return json.load(response)


def wait_until_serving(port, server):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()
        try:
            return ask(port, "x")
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def test_an_item_published_in_one_process_is_found_in_the_other(tmp_path):
    env = env_for(f"sqlite:///{tmp_path / 'db.sqlite3'}", "smtp://127.0.0.1:1")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    run = [sys.executable, "-m", "tests.search.two_processes"]
    subprocess.run([*run, "populate"], env=env, cwd=ROOT, check=True)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_serving(port, server)
        before = ask(port, "zorglub")
        everything = ask(port, "")
        assert before["count"] == 0
        subprocess.run([*run, "publish", "Zorglub au conseil"], env=env, cwd=ROOT, check=True)  # noqa: S603
        after = ask(port, "zorglub")
        if os.environ.get("SEARCH_URL"):  # an engine shows new documents after its refresh
            deadline = time.monotonic() + ENGINE_REFRESH_SECONDS
            while not after["results"] and time.monotonic() < deadline:
                time.sleep(0.2)
                after = ask(port, "zorglub")
        assert [result["title"] for result in after["results"]] == ["Zorglub au conseil"]
        assert ask(port, "")["count"] == everything["count"] + 1
        (types,) = [facet for facet in after["facets"] if facet["name"] == "type"]
        assert [(bucket["value"], bucket["count"]) for bucket in types["buckets"]] == [("news", 1)]
    except urllib.error.HTTPError as error:  # the server's traceback says why
        server.terminate()
        _out, err = server.communicate(timeout=30)
        raise AssertionError(f"{error}: {err.decode()[-4000:]}") from error
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
