"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what arrives, for the notification tests."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.utils.server import free_port


@dataclass
class Received:
    envelope_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    at: float  # time.time() when it arrived

    @property
    def body(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()


@dataclass
class _Handler:
    inbox: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.inbox.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg,
                                       time.time()))
        return "250 Message accepted for delivery"


class SmtpServer:
    """start() / stop() may be called again: the port stays the same (SMTP down, then back)."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.handler = _Handler()
        self._controller: Controller | None = None

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def inbox(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.inbox)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.inbox if address in r.rcpt_tos]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.to(address)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        raise AssertionError(f"{len(self.to(address))} e-mail(s) to {address} after {timeout}s, "
                             f"expected {count}")
