"""Search engine down or hanging: the site keeps working and missed index updates are queued.

A closed port and a server that accepts connections but never answers need no real engine and
run in the default suite; stopping and restarting a real OpenSearch node is marked
``opensearch`` (it starts its own node next to the suite's one, on its own data directory).
"""

import os
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from config.env import search_backends
from resources.models import LibraryPage
from search import indexing
from search.models import PendingIndexUpdate

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


class HangingServer:
    """Accepts TCP connections on 127.0.0.1 and never answers (a stuck engine or proxy)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def closed_port(settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends("opensearch://127.0.0.1:9?timeout=2")


@pytest.fixture
def hanging(settings):
    server = HangingServer()
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        f"opensearch://127.0.0.1:{server.port}?timeout=1"
    )
    yield server
    server.close()


def fresh(page):
    """The page as stored now (the module's library objects may hold rolled-back revisions)."""
    return Page.objects.get(pk=page.pk).specific


def pending_pks():
    return set(PendingIndexUpdate.objects.values_list("object_id", flat=True))


def test_backends_share_one_client_per_engine(settings):
    """modelsearch builds a backend each time one is asked for (twice per search); they share
    the client, so its open connections serve the next searches."""
    settings.WAGTAILSEARCH_BACKENDS = search_backends("opensearch://127.0.0.1:9?timeout=2")
    first, second = get_search_backend("default"), get_search_backend("default")
    assert first is not second
    assert first.es is second.es
    settings.WAGTAILSEARCH_BACKENDS = search_backends("opensearch://127.0.0.1:9?timeout=3")
    assert get_search_backend("default").es is not first.es


def test_publishing_while_the_port_is_closed_queues_the_update(library, closed_port):
    page = fresh(library["items"]["reserve"])
    page.title = "La réserve citoyenne recrute toujours"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live and page.title == "La réserve citoyenne recrute toujours"
    # French page: only the default (French) backend indexes it, so one entry.
    entries = list(PendingIndexUpdate.objects.all())
    assert [(e.object_id, e.index_prefix) for e in entries] == [(str(page.pk), "tec_")]
    assert entries[0].content_type.model_class() is type(page.specific)
    # Publishing again does not queue it twice.
    page.save_revision().publish()
    assert PendingIndexUpdate.objects.count() == 1
    # The engine is still down: the catch-up fails loudly and keeps the entry.
    with pytest.raises(CommandError, match="1 update"):
        call_command("catch_up_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert pending_pks() == {str(page.pk)}


def test_deleting_while_the_port_is_closed_queues_the_removal(library, closed_port):
    page = fresh(library["items"]["grenoble"])
    pk = str(page.pk)
    page.delete()
    assert pk in pending_pks()


def test_hanging_engine_times_out_into_503_and_publishing_still_succeeds(library, hanging):
    client = Client()
    french = client.get("/fr/recherche/", {"q": "démocratie"})
    assert french.status_code == 503
    assert "La recherche est momentanément indisponible" in french.content.decode()
    english = client.get("/en/search/", {"q": "democracy"})
    assert english.status_code == 503
    assert "The search is unavailable for a moment" in english.content.decode()
    assert client.get("/fr/recherche/suggestions/", {"q": "cri"}).status_code == 503
    assert client.get(library["items"]["grenoble"].url).status_code == 200
    assert hanging.accepted, "the search really went to the hanging server"

    page = fresh(library["items"]["reserve"])
    page.title = "La réserve citoyenne attend encore"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "La réserve citoyenne attend encore"
    assert pending_pks() == {str(page.pk)}


@pytest.mark.opensearch
def test_a_search_the_engine_refuses_is_a_503(library, settings):
    """The engine is up but answers the search with an error (here: no such index). The
    faceted search sends its searches together, and the engine reports such an error inside
    its answer, not as an HTTP error: it must still become the readers' 503, not a 500."""
    node = os.environ["SEARCH_URL"].split("?")[0]
    settings.WAGTAILSEARCH_BACKENDS = search_backends(f"{node}?prefix=tec_nowhere_")
    response = Client().get("/fr/recherche/", {"q": "démocratie", "type": "project"})
    assert response.status_code == 503
    assert "La recherche est momentanément indisponible" in response.content.decode()


@pytest.fixture
def few_buckets():
    """The node refuses any aggregation of more than one bucket (``search.max_buckets``): a
    search's hits are answered, its facet counts refused."""
    from opensearchpy import OpenSearch

    node = OpenSearch([os.environ["SEARCH_URL"].split("?")[0].replace("opensearch", "http")])

    def limit(value):
        body = {"transient": {"search.max_buckets": value}}
        node.cluster.put_settings(body=body)

    limit(1)
    yield
    limit(None)


@pytest.mark.opensearch
def test_counts_refused_after_the_hits_were_answered_is_a_503(library, client, few_buckets):
    """The counts are asked in the background while the hits are shown: their failure still
    gives the readers' 503 (page and API), and nothing is logged for a search not shown."""
    from wagtail.contrib.search_promotions.models import Query

    response = client.get("/fr/recherche/", {"q": "démocratie"})
    assert response.status_code == 503
    assert "La recherche est momentanément indisponible" in response.content.decode()
    assert client.get("/api/search/", {"q": "démocratie"}).status_code == 503
    assert not Query.objects.filter(query_string="démocratie").exists()


@pytest.mark.opensearch
def test_a_search_opens_no_throwaway_connection(library, client, caplog):
    """Hits and counts go to the engine at the same time, on connections kept open (a client
    keeping fewer would connect anew and drop the extra connection after every search)."""
    with caplog.at_level("WARNING", logger="urllib3.connectionpool"):
        for query in ("démocratie", "réserve citoyenne", "entraide", "crise sanitaire"):
            assert client.get("/fr/recherche/", {"q": query}).status_code == 200
    assert not [r for r in caplog.records if "pool is full" in r.getMessage()]


# --- a real node, stopped and restarted --------------------------------------------------------


def free_port(low=9250, high=9299):
    for port in range(low, high):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for a second OpenSearch node")


class Node:
    """A dedicated OpenSearch node started with scripts/opensearch in its own directory."""

    def __init__(self, run_dir, port):
        self.env = {**os.environ, "OPENSEARCH_RUN_DIR": str(run_dir), "OPENSEARCH_HEAP": "512m"}
        self.port = port

    def _script(self, *args):
        subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "opensearch"), *args],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    def start(self, keep_data=False):
        self._script("start", "--port", str(self.port), *(["--keep-data"] if keep_data else []))
        self._script("wait", "--timeout", "180")

    def stop(self):
        self._script("stop")


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    node = Node(tmp_path_factory.mktemp("opensearch-node"), free_port())
    node.start()
    yield node
    node.stop()


def found(client, query):
    response = client.get("/fr/recherche/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.opensearch
def test_a_real_node_stopped_then_restarted_catches_up(library, node, settings):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        f"opensearch://127.0.0.1:{node.port}?prefix=outage_&timeout=3"
    )
    call_command("update_index", verbosity=0)
    client = Client()
    grenoble = fresh(library["items"]["grenoble"])
    assert grenoble.url in found(client, "entraide voisins")

    node.stop()
    response = client.get("/fr/recherche/", {"q": "entraide voisins"})
    assert response.status_code == 503
    assert "La recherche est momentanément indisponible" in response.content.decode()
    assert client.get(library["library"].url).status_code == 200
    reserve = fresh(library["items"]["reserve"])
    reserve.title = "La réserve citoyenne cherche des mentors zanzibar"
    reserve.save_revision().publish()
    reserve.refresh_from_db()
    assert reserve.live and "zanzibar" in reserve.title
    assert pending_pks() == {str(reserve.pk)}

    node.start(keep_data=True)
    backends = indexing.engine_backends()
    # Back with its old data: the page published meanwhile is not in the index yet.
    assert grenoble.url in found(client, "entraide voisins")
    assert reserve.url not in found(client, "zanzibar")

    # The next successful update (another page published) replays the queued one.
    grenoble.summary = grenoble.summary + " Kilimandjaro."
    grenoble.save_revision().publish()
    assert pending_pks() == set()
    for backend in backends.values():
        backend.refresh_indexes()
    assert reserve.url in found(client, "zanzibar")
    assert grenoble.url in found(client, "kilimandjaro")


@pytest.mark.opensearch
def test_catch_up_index_replays_and_update_index_clears_the_queue(library):
    backends = indexing.engine_backends()
    assert backends, "run with SEARCH_URL pointing to OpenSearch"
    reserve = fresh(library["items"]["reserve"])
    # Changed without signals, as if the engine had missed the update.
    type(reserve).objects.filter(pk=reserve.pk).update(title="Réserve citoyenne de Tombouctou")
    content_type = reserve.cached_content_type
    for backend in backends.values():
        PendingIndexUpdate.objects.create(
            content_type=content_type, object_id=str(reserve.pk), index_prefix=backend.index_prefix
        )
    client = Client()
    assert reserve.url not in found(client, "tombouctou")

    call_command("catch_up_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not PendingIndexUpdate.objects.exists()
    for backend in backends.values():
        backend.refresh_indexes()
    assert reserve.url in found(client, "tombouctou")

    PendingIndexUpdate.objects.create(
        content_type=content_type, object_id=str(reserve.pk), index_prefix="tec_"
    )
    call_command("update_index", verbosity=0)
    assert not PendingIndexUpdate.objects.exists()


@pytest.mark.opensearch
def test_a_rebuilt_index_is_merged_into_one_segment_before_readers_see_it(library, monkeypatch):
    backends = indexing.engine_backends()
    assert backends, "run with SEARCH_URL pointing to OpenSearch"
    # Small chunks, each made searchable at once: the new index gets a segment per chunk, as a
    # large library does.
    index_class = type(next(iter(backends.values())).get_index_for_model(Page))
    add_items = index_class.add_items

    def add_and_refresh(self, model, items):
        add_items(self, model, items)
        self.refresh()

    monkeypatch.setattr(index_class, "add_items", add_and_refresh)
    call_command("update_index", chunk_size=2, verbosity=0)
    for backend in backends.values():
        for index in backend.get_index_for_model(LibraryPage), backend.get_index_for_model(Page):
            if index is None:
                continue
            shards = backend.es.indices.segments(index=index.name)["indices"]
            assert shards, index.name
            for name, data in shards.items():
                for copies in data["shards"].values():
                    primary = [copy for copy in copies if copy["routing"]["primary"]]
                    assert [len(copy["segments"]) for copy in primary] == [1], name
