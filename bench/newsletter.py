"""Newsletter benchmark: rendering the July 2021 issue, and sending it to 10,000 subscribers
through a local SMTP sink (in its own process) with one worker, then two worker processes.

Uses its own temporary file SQLite database (or DATABASE_URL if it points to PostgreSQL).
``python -m bench newsletter`` or ``python -m bench.newsletter [subscribers] [counting|aiosmtpd]``
(the SMTP sink; counting by default).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The SMTP sinks the workers send to, each in a process of its own (no GIL shared with the
# worker). "counting": a minimal SMTP server (EHLO with PIPELINING, MAIL, RCPT, DATA, RSET,
# QUIT) that only counts the messages, so that the figures measure the worker; "aiosmtpd": the
# test suite's server, with a handler that only counts (it costs about 1 ms of CPU a message).
SINKS = {
    "counting": """
import asyncio, sys

class Sink(asyncio.Protocol):
    count = 0

    def connection_made(self, transport):
        self.transport, self.buffer, self.in_data = transport, b"", False
        transport.write(b"220 sink ESMTP\\r\\n")

    def data_received(self, chunk):
        self.buffer += chunk
        replies = []
        while True:
            if self.in_data:
                end = self.buffer.find(b"\\r\\n.\\r\\n")
                if end < 0:
                    break
                self.buffer, self.in_data = self.buffer[end + 5 :], False
                Sink.count += 1
                replies.append(b"250 OK\\r\\n")
                continue
            end = self.buffer.find(b"\\r\\n")
            if end < 0:
                break
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            verb = line[:4].upper()
            if verb == b"EHLO":
                replies.append(b"250-sink\\r\\n250-PIPELINING\\r\\n250 8BITMIME\\r\\n")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                replies.append(b"250 OK\\r\\n")
            elif verb == b"DATA":
                # the CRLF that ended the DATA line also starts the end-of-data marker
                self.buffer, self.in_data = b"\\r\\n" + self.buffer, True
                replies.append(b"354 go on\\r\\n")
            elif verb == b"QUIT":
                replies.append(b"221 bye\\r\\n")
                self.transport.write(b"".join(replies))
                self.transport.close()
                return
            else:
                replies.append(b"502 not here\\r\\n")
        if replies:
            self.transport.write(b"".join(replies))

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Sink, "127.0.0.1", int(sys.argv[1]))
    sys.stdout.write("ready\\n"); sys.stdout.flush()
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()
    sys.stdout.write(f"{Sink.count}\\n")

asyncio.run(main())
""",
    "aiosmtpd": """
import sys
from aiosmtpd.controller import Controller
class Count:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Count.n += 1
        return "250 OK"
c = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.read()
c.stop()
sys.stdout.write(f"{Count.n}\\n")
""",
}


def table(title, rows):
    width = max(len(r[0]) for r in rows)
    print(f"{title}\n")
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for name, value in rows:
        print(f"| {name.ljust(width)} | {value} |")
    print()


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def setup_django(tmp):
    import warnings

    warnings.filterwarnings("ignore", module="bs4")
    warnings.filterwarnings("ignore", message=".*looks more like a URL.*")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["VAR_DIR"] = tmp
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }
    settings.MEDIA_ROOT = Path(tmp) / "media"
    call_command("migrate", verbosity=0, interactive=False)


def bench_rendering():
    from home.demo.newsletter import load_demo_newsletter
    from newsletter.rendering import render_email
    from tests.newsletter.content import build_seed_site

    build_seed_site()
    issue = load_demo_newsletter()
    render_email(issue)  # renditions made once
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        rendered = render_email(issue)
    elapsed = (time.perf_counter() - start) / runs
    table(
        "Rendering the July 2021 issue (HTML with inlined CSS + text), French",
        [
            ("time per render (ms)", f"{elapsed * 1000:.1f}"),
            ("HTML size (KB)", f"{len(rendered.html.encode()) / 1024:.1f}"),
            ("text size (KB)", f"{len(rendered.text.encode()) / 1024:.1f}"),
        ],
    )
    return issue


def bench_sending(issue, count, sink_name):
    from django.conf import settings
    from django.utils import timezone

    from newsletter import sending
    from newsletter.models import Delivery, Subscriber

    port = free_port()
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SINKS[sink_name], str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    rows = []
    try:
        Subscriber.objects.bulk_create(
            (
                Subscriber(
                    email=f"reader{i}@example.org",
                    language="fr" if i % 4 else "en",
                    status="confirmed",
                    confirmed_at=timezone.now(),
                )
                for i in range(count)
            ),
            batch_size=1000,
        )
        start = time.perf_counter()
        sending.schedule(issue, languages=["fr", "en"])
        sending.prepare_due_campaigns()
        prepared = time.perf_counter() - start
        start = time.perf_counter()
        sent, failed = sending.run(batch_size=200, poll=0, until_idle=True, rate=0)
        elapsed = time.perf_counter() - start
        rows += [
            ("subscribers", f"{count}"),
            ("freeze content + create deliveries (s)", f"{prepared:.2f}"),
            ("1 worker: total send time (s)", f"{elapsed:.1f}"),
            ("1 worker: messages per second", f"{sent / elapsed:.0f}"),
            ("sent / failed", f"{sent} / {failed}"),
            (
                "deliveries marked sent",
                f"{Delivery.objects.filter(status='sent').count()}",
            ),
        ]
        # The same audience again, with two worker processes side by side.
        sending.schedule(issue, languages=["fr", "en"])
        sending.prepare_due_campaigns()
        env = dict(os.environ, EMAIL_URL=f"smtp://127.0.0.1:{port}", PYTHONPATH=str(ROOT))
        env["DJANGO_SETTINGS_MODULE"] = "tests.newsletter.worker_settings"
        command = [sys.executable, str(ROOT / "manage.py"), "send_worker", "--until-idle"]
        start = time.perf_counter()
        workers = [
            subprocess.Popen(command + ["--batch", "200", "--poll", "0.1"], env=env, cwd=ROOT)  # noqa: S603
            for _ in range(2)
        ]
        for worker in workers:
            worker.wait()
        elapsed = time.perf_counter() - start
        sent_twice = Delivery.objects.filter(status="sent").count() - sent
        rows += [
            ("2 worker processes: total time incl. start-up (s)", f"{elapsed:.1f}"),
            ("2 worker processes: messages per second", f"{sent_twice / elapsed:.0f}"),
        ]
    finally:
        received, _errors = sink.communicate(timeout=30)
    rows.append(("messages the sink received (both runs)", received.strip()))
    table(f"Sending through a local SMTP sink ({sink_name}; one connection per batch of 200)", rows)


def main():
    sys.path.insert(0, str(ROOT))
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sink_name = sys.argv[2] if len(sys.argv) > 2 else "counting"
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        issue = bench_rendering()
        bench_sending(issue, count, sink_name)


if __name__ == "__main__":
    main()
