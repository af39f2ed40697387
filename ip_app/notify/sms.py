"""SMS through an HTTP gateway (issue 22, part 2): one JSON POST per message, as the usual
Norwegian gateways take it. Pluggable: the runner takes anything with send/close.

    POST IP_SMS_URL
    X-Api-Key: IP_SMS_KEY            (and Authorization: Bearer IP_SMS_KEY)
    Idempotency-Key: minplan-<id>    (the same for every try of one notice)
    {"recipient": "+4740000000", "sender": IP_SMS_SENDER, "text": "...",
     "reference": "minplan-<id>"}

A 2xx answer is delivered; anything else (or no answer) raises, and the outbox tries again
later. The reference lets the gateway drop a second copy of a notice whose first try it
accepted just before this worker died (see outbox.py: a row is only marked sent after).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from ip_app.notify.rules import Sms
from ip_app.notify.settings import SmsSettings


class SmsError(RuntimeError):
    pass


def normalise_number(raw: str) -> str:
    """"+47 400 02 203" -> "+4740002203"; a Norwegian 8-digit number gets +47."""
    digits = "".join(ch for ch in raw if ch.isdigit() or ch == "+")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if len(digits) == 8 and not digits.startswith("+"):
        digits = "+47" + digits
    return digits


class HttpSmsGateway:
    def __init__(self, cfg: SmsSettings) -> None:
        self.cfg = cfg

    def send(self, sms: Sms, reference: str = "") -> None:
        body = json.dumps({"recipient": normalise_number(sms.to), "sender": self.cfg.sender,
                           "text": sms.text, "reference": reference}).encode()
        req = urllib.request.Request(self.cfg.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Accept": "application/json",
            "X-Api-Key": self.cfg.key, "Authorization": f"Bearer {self.cfg.key}",
            **({"Idempotency-Key": reference} if reference else {})})
        try:
            with urllib.request.urlopen(req, timeout=self.cfg.timeout) as resp:  # noqa: S310
                if not 200 <= resp.status < 300:
                    raise SmsError(f"gateway answered {resp.status}")
        except urllib.error.HTTPError as exc:
            raise SmsError(f"gateway answered {exc.code}") from None

    def close(self) -> None:
        pass
