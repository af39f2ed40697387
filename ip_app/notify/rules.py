"""When a person gets an e-mail about an unread message (issue 5, item 6). No Reflex, no database.

The rule, for one person and one thread:

* a message from someone else that the person has not read (their `last_read_at` is empty
  or earlier than the message) makes a notification due `delay` after that message;
* at most one e-mail per thread per `throttle` (default 30 minutes): a later unread message
  waits until `throttle` after the last e-mail of that thread;
* right before sending, the read state is checked again: read → cancelled, no e-mail
  address → cancelled, unread but not yet old enough → wait;
* the e-mail never carries message content, subject, sender or anything about health:
  only a fixed sentence and a link to the app.

Failed sends are retried with a growing delay (`retry_delay`) and never given up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Optional, Sequence


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    RETRYING = "retrying"  # failed at least once, will be tried again
    CANCELLED = "cancelled"


ACTIVE = (OutboxStatus.PENDING, OutboxStatus.RETRYING)

REASON_UNREAD = "unread_message"


class CancelReason(StrEnum):
    READ = "read"
    NO_EMAIL = "no_email"
    NOT_PERSON = "not_person"


@dataclass(frozen=True)
class Rules:
    delay: timedelta = timedelta(minutes=30)
    throttle: timedelta = timedelta(minutes=30)
    retry_base: timedelta = timedelta(minutes=1)
    retry_max: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class Send:
    pass


@dataclass(frozen=True)
class Cancel:
    reason: CancelReason


@dataclass(frozen=True)
class Wait:
    until: datetime


Decision = Send | Cancel | Wait


def is_unread(sent_at: datetime, last_read_at: Optional[datetime]) -> bool:
    return last_read_at is None or last_read_at < sent_at


def due_at(first_unread_at: datetime, last_email_at: Optional[datetime], rules: Rules) -> datetime:
    """When a notification about messages from `first_unread_at` on may go out."""
    due = first_unread_at + rules.delay
    if last_email_at is not None:
        due = max(due, last_email_at + rules.throttle)
    return due


def decide(*, now: datetime, recipient_kind: str, recipient_email: str,
           unread_sent_at: Sequence[datetime], last_email_at: Optional[datetime],
           rules: Rules) -> Decision:
    """What to do with a due notification, from the facts as they are right now.

    `unread_sent_at`: when each message from others that the recipient has not read was sent.
    """
    if recipient_kind != "person":
        return Cancel(CancelReason.NOT_PERSON)
    if not recipient_email.strip():
        return Cancel(CancelReason.NO_EMAIL)
    if not unread_sent_at:
        return Cancel(CancelReason.READ)
    when = due_at(min(unread_sent_at), last_email_at, rules)
    if when > now:
        return Wait(when)
    return Send()


def retry_delay(attempts: int, rules: Rules) -> timedelta:
    """After the `attempts`-th failure: base, 2×base, 4×base … up to `retry_max`."""
    factor = 2 ** max(0, min(attempts - 1, 30))
    return min(rules.retry_base * factor, rules.retry_max)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def compose(*, to: str, lang: str, app_url: str, t) -> Email:  # noqa: ANN001
    """The e-mail: the catalogue's fixed text in the person's language and a link. Nothing else."""
    link = app_url.rstrip("/") + "/"
    return Email(to=to, subject=t("notify.subject", lang),
                 body=t("notify.body", lang, link=link))
