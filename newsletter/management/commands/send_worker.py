import signal

from django.core.management.base import BaseCommand

from newsletter import sending


class Command(BaseCommand):
    help = "Send scheduled newsletter issues (run one or more; safe to kill at any time)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=100, help="Rows claimed at a time.")
        parser.add_argument("--poll", type=float, default=2.0, help="Seconds between polls.")
        parser.add_argument("--until-idle", action="store_true", help="Exit when nothing is due.")
        parser.add_argument("--rate", type=float, default=None, help="Messages per second.")

    def handle(self, batch, poll, until_idle, rate, **options):
        stopping = []

        def stop_on_signal(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop_on_signal)
        signal.signal(signal.SIGINT, stop_on_signal)
        sending.run(
            batch_size=batch,
            poll=poll,
            until_idle=until_idle,
            stop=lambda: bool(stopping),
            rate=rate,
            log=self.stdout.write,
        )
