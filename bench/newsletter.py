"""Newsletter benchmark: rendering the July 2021 issue, and sending it to 10,000 subscribers
through a local SMTP sink (aiosmtpd, in its own process) with one, then two workers.

Uses its own temporary file SQLite database (or DATABASE_URL if it points to PostgreSQL).
``python -m bench newsletter`` or ``python -m bench.newsletter [subscribers]``.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINK = """
import asyncio, sys
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
"""


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
    from newsletter.demo import load_demo_newsletter
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


def bench_sending(issue, count):
    from django.conf import settings
    from django.utils import timezone

    from newsletter import sending
    from newsletter.models import Delivery, Subscriber

    port = free_port()
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SINK, str(port)],
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
        sink.stdin.close()
        sink.wait(timeout=10)
    table("Sending through a local aiosmtpd sink (one SMTP connection per batch of 200)", rows)


def main():
    sys.path.insert(0, str(ROOT))
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        issue = bench_rendering()
        bench_sending(issue, count)


if __name__ == "__main__":
    main()
