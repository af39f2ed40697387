"""A small SMS gateway on 127.0.0.1 (stdlib http.server in a thread) for the notice tests.

It takes what the app's HttpSmsGateway sends (a JSON POST with recipient, sender, text,
reference; the API key in X-Api-Key) and behaves as a real gateway: a wrong key is 401, a
second request with an Idempotency-Key it has accepted before is answered 200 but not
delivered again. `fail_next` makes the next requests answer 503; `on_request` runs before
the answer (e.g. to kill the sender mid-request).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional

from tests.utils.server import free_port


@dataclass
class Sms:
    recipient: str
    sender: str
    text: str
    reference: str
    headers: dict
    at: float


class SmsReceiver:
    def __init__(self, key: str = "test-key") -> None:
        self.key = key
        self.port = free_port()
        self.requests: list[Sms] = []  # every POST that was accepted (200)
        self.delivered: list[Sms] = []  # without the copies of one reference
        self.fail_next = 0
        self.on_request: Optional[Callable[[Sms], None]] = None
        self.lock = threading.Lock()
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms/send"

    def start(self) -> "SmsReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # noqa: ANN002
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("X-Api-Key") != receiver.key:
                    return self._answer(401, {"error": "bad key"})
                try:
                    d = json.loads(body)
                    sms = Sms(d["recipient"], d["sender"], d["text"], d.get("reference", ""),
                              dict(self.headers), time.time())
                except (ValueError, KeyError):
                    return self._answer(400, {"error": "bad request"})
                with receiver.lock:
                    if receiver.fail_next > 0:
                        receiver.fail_next -= 1
                        return self._answer(503, {"error": "busy"})
                    receiver.requests.append(sms)
                    key = sms.headers.get("Idempotency-Key", "")
                    duplicate = bool(key) and any(
                        x.headers.get("Idempotency-Key") == key for x in receiver.delivered)
                    if not duplicate:
                        receiver.delivered.append(sms)
                if receiver.on_request is not None:
                    receiver.on_request(sms)
                self._answer(200, {"status": "duplicate" if duplicate else "queued"})

            def _answer(self, code: int, payload: dict) -> None:
                out = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                try:
                    self.wfile.write(out)
                except OSError:
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def to(self, number: str) -> list[Sms]:
        with self.lock:
            return [x for x in self.delivered if x.recipient == number]

    def wait_for(self, number: str, timeout: float = 30, count: int = 1) -> list[Sms]:
        end = time.time() + timeout
        while time.time() < end:
            found = self.to(number)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no SMS to {number} within {timeout} s: {self.delivered}")
