"""One pass of the notifier (schedule, then send what is due), and the loop around it.

Exactly once across restarts: a row is claimed with a lease before it is sent and marked
sent right after; a worker that dies in between leaves the row to the next worker once
the lease has run out. The one notice that may then go out twice (accepted by the gateway
just before the worker died) carries the same reference both times (`ref`: the SMS
gateway's Idempotency-Key, the e-mail's Message-ID), so the receiver keeps one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Optional, Protocol

from zoneinfo import ZoneInfo

from ip_app.kernel import db
from ip_app.kernel.i18n import t
from ip_app.notify import data as notice_data, outbox
from ip_app.notify.rules import (
    REASON_UNREAD, Cancel, CancelReason, Channel, Email, Send, Sms, Wait, compose_notice,
    decide, decide_notice, retry_delay,
)

from ip_app.notify.mailer import SmtpMailer
from ip_app.notify.settings import NotifySettings
from ip_app.notify.sms import HttpSmsGateway

log = logging.getLogger("ip_app.notify")


class Mailer(Protocol):
    def send(self, email: Email) -> None: ...
    def close(self) -> None: ...


class SmsGateway(Protocol):
    def send(self, sms: Sms, reference: str = "") -> None: ...
    def close(self) -> None: ...


OSLO = ZoneInfo("Europe/Oslo")


def ref(outbox_id: int) -> str:
    """The same for every try of one row: what a receiver de-duplicates on."""
    return f"minplan-{outbox_id}"


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
             sms: Optional[SmsGateway] = None,
             clock: Callable[[], datetime] = _utcnow) -> PassResult:
    """Schedule new notices, then claim and handle every due row (up to `cfg.batch`)."""
    cfg = cfg or NotifySettings.from_env()
    result = PassResult()
    due: set[tuple[str, str, int]] = set()  # (reason, object, recipient) due right now
    with db.session() as s:
        now = clock()
        if REASON_UNREAD in cfg.reasons:
            result.scheduled = outbox.schedule(s, now=now, rules=cfg.rules,
                                               lookback=cfg.lookback)
    others = cfg.reasons - {str(REASON_UNREAD)}
    if others:
        with db.session() as s:
            now = clock()
            notices = [n for n in notice_data.current_notices(
                s, now=now, today=now.astimezone(OSLO).date(), lookback=cfg.lookback)
                if str(n.reason) in others]
            due = {(str(n.reason), n.object_key, n.recipient_id) for n in notices}
            result.scheduled += outbox.schedule_notices(s, notices, now=now)
    with db.session() as s:
        ids = outbox.claimable_ids(s, now=clock(), limit=cfg.batch)
    token = outbox.new_token()
    own_mailer, own_sms = mailer is None, sms is None
    mailer = mailer or (SmtpMailer(cfg.smtp) if cfg.smtp.host else None)
    sms = sms or (HttpSmsGateway(cfg.sms) if cfg.sms.url else None)
    try:
        for outbox_id in ids:
            with db.session() as s:
                if not outbox.claim(s, outbox_id, token=token, now=clock(), lease=cfg.lease):
                    continue  # another sender has it
            _handle(outbox_id, token, cfg, mailer, sms, due, result, clock)
    finally:
        if own_mailer and mailer is not None:
            mailer.close()
        if own_sms and sms is not None:
            sms.close()
    return result


def _decision(f: outbox.Facts, due: set, cfg: NotifySettings, now: datetime):  # noqa: ANN202
    channel = Channel(f.channel)
    if f.reason == REASON_UNREAD:
        # the read state decides; the address only matters for the row's own channel
        decision = decide(now=now, recipient_kind=f.recipient_kind,
                          recipient_email=f.recipient_email if channel == Channel.EMAIL else "-",
                          unread_sent_at=f.unread_sent_at, last_email_at=f.last_email_at,
                          rules=cfg.rules)
        if not isinstance(decision, Send):
            return decision
        still_due = True
    else:
        still_due = (f.reason, f.object_key, f.recipient_id) in due
    return decide_notice(channel=channel, recipient_email=f.recipient_email,
                         recipient_phone=f.recipient_phone, reserved=f.reserved,
                         still_due=still_due)


def _deliver(f: outbox.Facts, cfg: NotifySettings, mailer: Optional[Mailer],
             sms: Optional[SmsGateway]) -> Optional[CancelReason]:
    """Send one row on its channel; a letter is delivered by being in the print list.
    Returns why not, when this server has no way to send on that channel."""
    channel = Channel(f.channel)
    if channel == Channel.LETTER:
        return None
    to = f.recipient_phone if channel == Channel.SMS else f.recipient_email
    msg = compose_notice(reason=f.reason, channel=channel, to=to, lang=f.recipient_lang,
                         app_url=cfg.app_url, t=t)
    if channel == Channel.SMS:
        if sms is None:
            return CancelReason.NO_GATEWAY
        sms.send(msg, reference=ref(f.outbox_id))
        return None
    if mailer is None:
        return CancelReason.NO_GATEWAY
    mailer.send(dataclasses.replace(msg, ref=ref(f.outbox_id)))
    return None


def _handle(outbox_id: int, token: str, cfg: NotifySettings, mailer: Optional[Mailer],
            sms: Optional[SmsGateway], due: set, result: PassResult,
            clock: Callable[[], datetime]) -> None:
    with db.session() as s:  # the facts right before sending
        f = outbox.facts(s, outbox_id)
    now = clock()
    decision = _decision(f, due, cfg, now)
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
    try:
        missing = _deliver(f, cfg, mailer, sms)
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
    if missing is not None:
        with db.session() as s:
            outbox.mark_cancelled(s, outbox_id, token=token, now=clock(), reason=missing)
        result.cancelled += 1
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
    log.info("notifier running every %ss (SMTP %s:%s, SMS %s)", cfg.interval, cfg.smtp.host,
             cfg.smtp.port, "on" if cfg.sms.url else "off")
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
    """Registered on the Reflex app: off unless IP_SMTP_HOST or IP_SMS_URL is set."""
    cfg = NotifySettings.from_env()
    if not cfg.enabled:
        return
    await run_forever(cfg)
