"""A real SMTP server in the test process (aiosmtpd), and MAILERS pointing at it."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_mailers(port):
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


class Inbox:
    """What the server received, as parsed messages (with the raw bytes kept)."""

    def __init__(self):
        self.messages = []
        self.raw = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.raw.append(envelope.content)
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings):
    """Start an SMTP server and send the site's mail through it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = smtp_mailers(controller.port)
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
