"""One pass of the notifier (schedule, then send what is due), and the loop around it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Optional, Protocol

from ip_app.kernel import db
from ip_app.kernel.i18n import t
from ip_app.notify import outbox
from ip_app.notify.rules import Cancel, Email, Send, Wait, compose, decide, retry_delay

from ip_app.notify.mailer import SmtpMailer
from ip_app.notify.settings import NotifySettings

log = logging.getLogger("ip_app.notify")


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...
    def close(self) -> None: ...


@dataclass
class PassResult:
    scheduled: int = 0
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    postponed: int = 0
    errors: list[str] = field(default_factory=list)


def _utcnow() -> datetime:
    from ip_app.kernel.models import utcnow
    return utcnow()


def run_once(cfg: Optional[NotifySettings] = None, *, mailer: Optional[Mailer] = None,
             clock: Callable[[], datetime] = _utcnow) -> PassResult:
    """Schedule new notifications, then claim and handle every due row (up to `cfg.batch`)."""
    cfg = cfg or NotifySettings.from_env()
    result = PassResult()
    with db.session() as s:
        result.scheduled = outbox.schedule(s, now=clock(), rules=cfg.rules, lookback=cfg.lookback)
    with db.session() as s:
        ids = outbox.claimable_ids(s, now=clock(), limit=cfg.batch)
    token = outbox.new_token()
    own_mailer = mailer is None
    mailer = mailer or SmtpMailer(cfg.smtp)
    try:
        for outbox_id in ids:
            with db.session() as s:
                if not outbox.claim(s, outbox_id, token=token, now=clock(), lease=cfg.lease):
                    continue  # another sender has it
            _handle(outbox_id, token, cfg, mailer, result, clock)
    finally:
        if own_mailer:
            mailer.close()
    return result


def _handle(outbox_id: int, token: str, cfg: NotifySettings, mailer: Mailer,
            result: PassResult, clock: Callable[[], datetime]) -> None:
    with db.session() as s:  # the read state right before sending
        f = outbox.facts(s, outbox_id)
    now = clock()
    decision = decide(now=now, recipient_kind=f.recipient_kind, recipient_email=f.recipient_email,
                      unread_sent_at=f.unread_sent_at, last_email_at=f.last_email_at,
                      rules=cfg.rules)
    if isinstance(decision, Cancel):
        with db.session() as s:
            outbox.mark_cancelled(s, outbox_id, token=token, now=now, reason=decision.reason)
        result.cancelled += 1
        return
    if isinstance(decision, Wait):
        with db.session() as s:
            outbox.postpone(s, outbox_id, token=token, now=now, until=decision.until)
        result.postponed += 1
        return
    assert isinstance(decision, Send)
    email = compose(to=f.recipient_email, lang=f.recipient_lang, app_url=cfg.app_url, t=t)
    try:
        mailer.send(email)
    except Exception as exc:  # noqa: BLE001 - any failure: keep the row, try again later
        now = clock()
        error = f"{type(exc).__name__}: {exc}"
        with db.session() as s:
            outbox.mark_failed(s, outbox_id, token=token, now=now, error=error,
                               retry_at=now + retry_delay(f.attempts + 1, cfg.rules))
        result.failed += 1
        result.errors.append(error)
        log.warning("notification %s not sent (attempt %s): %s", outbox_id, f.attempts + 1, error)
        return
    with db.session() as s:
        outbox.mark_sent(s, outbox_id, token=token, now=clock())
    result.sent += 1


async def run_forever(cfg: Optional[NotifySettings] = None,
                      stop: Optional[asyncio.Event] = None) -> None:
    """Run a pass every `cfg.interval` seconds until `stop` is set (or the task is cancelled).
    A failing pass (database away, ...) is logged and the loop goes on."""
    cfg = cfg or NotifySettings.from_env()
    stop = stop or asyncio.Event()
    log.info("notifier running every %ss (SMTP %s:%s)", cfg.interval, cfg.smtp.host, cfg.smtp.port)
    while not stop.is_set():
        try:
            res = await asyncio.to_thread(run_once, cfg)
            if res.scheduled or res.sent or res.failed or res.cancelled:
                log.info("notifier pass: %s", res)
        except Exception:  # noqa: BLE001
            log.exception("notifier pass failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=cfg.interval)
        except asyncio.TimeoutError:
            pass


async def lifespan_task() -> None:
    """Registered on the Reflex app: off unless IP_SMTP_HOST is set."""
    cfg = NotifySettings.from_env()
    if not cfg.enabled:
        return
    await run_forever(cfg)
