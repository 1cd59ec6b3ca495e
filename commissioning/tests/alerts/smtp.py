"""A real SMTP server on a loopback port (aiosmtpd), for the tests that
deliver digests through Django's SMTP backend."""

from __future__ import annotations

import asyncio
import socket
import threading
from contextlib import contextmanager
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Accepts every message, unless told to refuse the next ones or to hold
    the next one without answering (as a server that hangs)."""

    def __init__(self):
        self.received = []
        self.refusals_left = 0
        self.refused = 0
        self.hold_next = False
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.hold_next:
            self.hold_next = False
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Closing: the sender went away"
        if self.refusals_left:
            self.refusals_left -= 1
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


@contextmanager
def smtp_server(settings):
    """Start the server and point Django's email at it over plain SMTP."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield mailbox, port
    finally:
        mailbox.release.set()
        controller.stop()
