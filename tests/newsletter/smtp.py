"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it accepts."""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, pipelining=False):
        self.lock = threading.Lock()
        self.messages = []
        self.refuse = {}  # address -> "550 ..." / "451 ..."
        self.pipelining = pipelining  # offer PIPELINING (RFC 2920) in the EHLO reply

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            # aiosmtpd reads one command line at a time, so commands sent together work
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refuse.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]

    def count(self):
        with self.lock:
            return len(self.messages)


class SMTPSink:
    def __init__(self, pipelining=False):
        self.store = Store(pipelining=pipelining)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self.store, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"
