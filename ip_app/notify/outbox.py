"""The notification outbox: schedule, claim, and record what happened. Rows are never deleted.

Several workers or processes may run this at the same time:

* a notice is one row per channel, at most one per (reason, object, recipient, channel) —
  the unique index `ix_notification_outbox_notice` refuses a second, and the loser skips
  it; for unread messages also at most one pending/retrying row per recipient, thread and
  channel (`ix_notification_outbox_active`);
* a sender owns a row only after its conditional UPDATE (status active, due, no live lease)
  changed exactly that row; on PostgreSQL the second UPDATE waits for the first and then sees
  the lease, on SQLite writes are serialised. Every later write names the claim token, so a
  sender whose lease ran out cannot overwrite the newer owner's result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ip_app.notify.rules import (
    ACTIVE, REASON_UNREAD, CancelReason, Channel, Notice, OutboxStatus, Pref, Rules,
    channels_for, due_at,
)

from ip_app.kernel.models import (
    Account, Message, NotificationOutbox as O, Thread, ThreadMember as TM,
)
from ip_app.notify import data

_ACTIVE = [str(x) for x in ACTIVE]


def _last_email_at(s: Session, recipient_id: int, thread_id: int,
                   exclude_id: Optional[int] = None, exclude_key: str = "") -> Optional[datetime]:
    """When the last notice about this thread went out (any channel); not counting the
    row being sent nor the other channels of the same notice."""
    q = select(sa.func.max(O.sent_at)).where(
        O.recipient_id == recipient_id, O.thread_id == thread_id, O.status == OutboxStatus.SENT)
    if exclude_id is not None:
        q = q.where(O.id != exclude_id)
    if exclude_key:
        q = q.where(O.object_key != exclude_key)
    return s.exec(q).one()


def _insert(s: Session, rows: list[O]) -> bool:
    """All channels of one notice, or none of them (another scheduler was first)."""
    try:
        with s.begin_nested():
            s.add_all(rows)
    except IntegrityError:  # another scheduler was first: its rows cover this
        return False
    return True


def _channels(pref: Pref, c: "data.Contact", reason: str) -> list[Channel]:
    return channels_for(reason, pref, reserved=c.reserved, email=c.email, phone=c.phone)


def schedule(s: Session, *, now: datetime, rules: Rules, lookback: timedelta) -> int:
    """Add a pending row per chosen channel for every person with an unread message from
    someone else (sent within `lookback`) not already covered by a notice or a pending row.
    Returns how many notices (not rows) were added."""
    last_sent = (select(sa.func.max(O.sent_at))
                 .where(O.recipient_id == TM.account_id, O.thread_id == TM.thread_id,
                        O.status == OutboxStatus.SENT)
                 .scalar_subquery())
    active = (sa.exists().where(O.recipient_id == TM.account_id, O.thread_id == TM.thread_id,
                                O.status.in_(_ACTIVE)))
    q = (select(TM.account_id, TM.thread_id, sa.func.min(Message.sent_at), sa.func.min(Message.id))
         .join(Message, Message.thread_id == TM.thread_id)
         .join(Account, Account.id == TM.account_id)
         .where(Account.kind == "person",
                Message.sender_id != TM.account_id,
                Message.sent_at >= now - lookback,
                sa.or_(TM.last_read_at.is_(None), Message.sent_at > TM.last_read_at),
                sa.or_(last_sent.is_(None), Message.sent_at > last_sent),
                ~active)
         .group_by(TM.account_id, TM.thread_id))
    found = s.exec(q).all()
    ids = sorted({r[0] for r in found})
    prefs, people = data.prefs_of(s, ids), data.contacts(s, ids)
    plans = dict(s.exec(select(Thread.id, Thread.plan_id).where(
        Thread.id.in_({r[1] for r in found}))).all()) if found else {}
    added = 0
    for recipient_id, thread_id, first_unread, message_id in found:
        channels = _channels(prefs[recipient_id], people[recipient_id], REASON_UNREAD)
        if not channels:
            continue  # no address or nothing chosen: looked at again when that changes
        when = due_at(first_unread, _last_email_at(s, recipient_id, thread_id), rules)
        rows = [O(recipient_id=recipient_id, thread_id=thread_id, message_id=message_id,
                  reason=REASON_UNREAD, object_key=f"message:{message_id}",
                  plan_id=plans.get(thread_id), channel=str(ch), status=OutboxStatus.PENDING,
                  due_at=when, next_attempt_at=when, created_at=now, updated_at=now)
                 for ch in channels]
        added += _insert(s, rows)
    return added


def schedule_notices(s: Session, notices: list[Notice], *, now: datetime) -> int:
    """A row per chosen channel for each notice never scheduled before; a notice the
    recipient chose no channel for is kept as one cancelled row ("not_chosen"), so it is
    decided once. Returns how many notices were added."""
    done = data.scheduled(s, notices)
    todo = list(dict.fromkeys(n for n in notices
                              if (str(n.reason), n.object_key, n.recipient_id) not in done))
    ids = sorted({n.recipient_id for n in todo})
    prefs, people = data.prefs_of(s, ids), data.contacts(s, ids)
    added = 0
    for n in todo:
        if n.recipient_id not in people:
            continue
        channels = _channels(prefs[n.recipient_id], people[n.recipient_id], n.reason)
        base = dict(recipient_id=n.recipient_id, reason=str(n.reason), object_key=n.object_key,
                    plan_id=n.plan_id, due_at=now, next_attempt_at=now, created_at=now,
                    updated_at=now)
        rows = ([O(channel=str(ch), status=OutboxStatus.PENDING, **base) for ch in channels]
                or [O(channel=str(Channel.NONE), status=OutboxStatus.CANCELLED,
                      cancel_reason=str(CancelReason.NOT_CHOSEN), **base)])
        added += _insert(s, rows)
    return added


def claimable_ids(s: Session, *, now: datetime, limit: int) -> list[int]:
    return list(s.exec(
        select(O.id).where(O.status.in_(_ACTIVE), O.next_attempt_at <= now,
                           sa.or_(O.claimed_until.is_(None), O.claimed_until < now))
        .order_by(O.next_attempt_at, O.id).limit(limit)).all())


def new_token() -> str:
    return str(uuid.uuid4())


def claim(s: Session, outbox_id: int, *, token: str, now: datetime, lease: timedelta) -> bool:
    """Take one row for this sender; True only if this UPDATE changed it."""
    res = s.execute(sa.update(O).where(
        O.id == outbox_id, O.status.in_(_ACTIVE), O.next_attempt_at <= now,
        sa.or_(O.claimed_until.is_(None), O.claimed_until < now),
    ).values(claim_token=token, claimed_until=now + lease, updated_at=now))
    return res.rowcount == 1


@dataclass(frozen=True)
class Facts:
    """What the rule needs to know about a claimed row, read right before sending."""
    outbox_id: int
    attempts: int
    recipient_kind: str
    recipient_email: str
    recipient_lang: str
    unread_sent_at: list[datetime]
    last_email_at: Optional[datetime]
    reason: str = REASON_UNREAD
    object_key: str = ""
    recipient_id: int = 0
    channel: str = "email"
    recipient_phone: str = ""
    reserved: bool = False


def facts(s: Session, outbox_id: int) -> Facts:
    row = s.get(O, outbox_id)
    acct = s.get(Account, row.recipient_id)
    if row.reason != REASON_UNREAD:
        return Facts(outbox_id=outbox_id, attempts=row.attempts, recipient_kind=acct.kind,
                     recipient_email=acct.email or "", recipient_lang=acct.preferred_language
                     or "nb", unread_sent_at=[], last_email_at=None, reason=row.reason,
                     object_key=row.object_key, recipient_id=row.recipient_id,
                     channel=row.channel, recipient_phone=acct.phone or "",
                     reserved=bool(acct.contact_reserved))
    last_read = s.exec(select(TM.last_read_at).where(
        TM.thread_id == row.thread_id, TM.account_id == row.recipient_id)).first()
    unread = select(Message.sent_at).where(Message.thread_id == row.thread_id,
                                           Message.sender_id != row.recipient_id)
    if last_read is not None:
        unread = unread.where(Message.sent_at > last_read)
    return Facts(outbox_id=outbox_id, attempts=row.attempts, recipient_kind=acct.kind,
                 recipient_email=acct.email or "", recipient_lang=acct.preferred_language or "nb",
                 unread_sent_at=list(s.exec(unread).all()),
                 last_email_at=_last_email_at(s, row.recipient_id, row.thread_id, outbox_id,
                                               row.object_key),
                 reason=row.reason, object_key=row.object_key, recipient_id=row.recipient_id,
                 channel=row.channel, recipient_phone=acct.phone or "",
                 reserved=bool(acct.contact_reserved))


def _finish(s: Session, outbox_id: int, token: str, now: datetime, **values) -> bool:
    res = s.execute(sa.update(O).where(O.id == outbox_id, O.claim_token == token)
                    .values(claimed_until=None, updated_at=now, **values))
    return res.rowcount == 1


def mark_sent(s: Session, outbox_id: int, *, token: str, now: datetime) -> bool:
    return _finish(s, outbox_id, token, now, status=OutboxStatus.SENT, sent_at=now,
                   attempts=O.attempts + 1)


def mark_failed(s: Session, outbox_id: int, *, token: str, now: datetime, error: str,
                retry_at: datetime) -> bool:
    return _finish(s, outbox_id, token, now, status=OutboxStatus.RETRYING,
                   attempts=O.attempts + 1, last_error=error[:1000], next_attempt_at=retry_at)


def mark_cancelled(s: Session, outbox_id: int, *, token: str, now: datetime, reason: str) -> bool:
    return _finish(s, outbox_id, token, now, status=OutboxStatus.CANCELLED, cancel_reason=reason)


def postpone(s: Session, outbox_id: int, *, token: str, now: datetime, until: datetime) -> bool:
    return _finish(s, outbox_id, token, now, due_at=until, next_attempt_at=until)


def status_counts(s: Session) -> dict[str, int]:
    return dict(s.exec(select(O.status, sa.func.count(O.id)).group_by(O.status)).all())


def failing(s: Session, *, min_attempts: int = 1, limit: int = 50) -> list[O]:
    """Rows that are still being retried, most attempts first: for operators."""
    return list(s.exec(select(O).where(O.status == OutboxStatus.RETRYING,
                                       O.attempts >= min_attempts)
                       .order_by(O.attempts.desc(), O.id).limit(limit)).all())
