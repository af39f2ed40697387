"""Who is told what, when and how (issue 5, item 6; issue 22, part 2). No Reflex, no database.

Reasons and who gets them (`notices_for`, from plain facts the scheduler gathers):

* unread message: the person in the conversation (the rule below);
* consent request: the one who decides on it (the person; a guardian for a child);
* new proposal: a tiltak someone else proposed for the person, still a proposal;
* meeting in 24 h: the person and everyone invited, once per start time;
* meeting moved or cancelled: the person and everyone invited but the one who changed it;
* evaluation due in 14 days: the plan's koordinator;
* consent running out in 30 days: both sides (the person and the one who was given it).

Each notice goes out at most once per (reason, object, recipient) and channel; the
person chooses which reasons and which channels (`Pref`); a person reserved against
digital contact (KRR) gets a letter to print instead of e-mail and SMS (`channels_for`).
No text carries content: only "Du har noe nytt i Min plan" and a link.

The rule for unread messages, for one person and one thread:

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
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Iterable, Optional, Sequence


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    RETRYING = "retrying"  # failed at least once, will be tried again
    CANCELLED = "cancelled"


ACTIVE = (OutboxStatus.PENDING, OutboxStatus.RETRYING)

class Reason(StrEnum):
    UNREAD = "unread_message"
    CONSENT_REQUEST = "consent_request"
    PROPOSAL = "new_proposal"
    MEETING_SOON = "meeting_soon"
    MEETING_CHANGED = "meeting_changed"
    EVALUATION_DUE = "evaluation_due"
    CONSENT_EXPIRING = "consent_expiring"


REASON_UNREAD = Reason.UNREAD
REASONS: tuple[Reason, ...] = tuple(Reason)


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"  # reserved against digital contact: printed by staff
    NONE = "none"  # the recipient chose no channel for this reason: kept as cancelled


class CancelReason(StrEnum):
    READ = "read"
    NO_EMAIL = "no_email"
    NOT_PERSON = "not_person"
    NO_PHONE = "no_phone"
    NOT_CHOSEN = "not_chosen"
    RESERVED = "reserved"  # reserved against digital contact after it was scheduled
    NO_GATEWAY = "no_gateway"  # that channel is not set up on this server


MEETING_SOON = timedelta(hours=24)
EVALUATION_AHEAD_DAYS = 14
CONSENT_AHEAD_DAYS = 30


# -- the person's choice ---------------------------------------------------------------


@dataclass(frozen=True)
class Pref:
    """Which reasons and which channels. Staff and relatives have the same defaults."""
    reasons: frozenset[Reason] = frozenset(REASONS)
    email: bool = True
    sms: bool = False


DEFAULT_PREF = Pref()


def parse_reasons(raw: str) -> frozenset[Reason]:
    known = {str(r) for r in Reason}
    return frozenset(Reason(x) for x in (p.strip() for p in raw.split(",")) if x in known)


def format_reasons(reasons: Iterable[Reason | str]) -> str:
    chosen = {str(r) for r in reasons}
    return ",".join(str(r) for r in REASONS if str(r) in chosen)


def channels_for(reason: Reason | str, pref: Pref, *, reserved: bool, email: str,
                 phone: str) -> list[Channel]:
    """How one notice reaches one recipient: nothing when the reason is not chosen;
    a letter instead of e-mail and SMS for someone reserved against digital contact;
    else the chosen channels they have an address for."""
    if Reason(reason) not in pref.reasons:
        return []
    if reserved:
        return [Channel.LETTER] if (pref.email or pref.sms) else []
    out = []
    if pref.email and email.strip():
        out.append(Channel.EMAIL)
    if pref.sms and phone.strip():
        out.append(Channel.SMS)
    return out


# -- who gets what, from plain facts ----------------------------------------------------


@dataclass(frozen=True)
class Notice:
    reason: Reason
    object_key: str
    recipient_id: int
    plan_id: Optional[int] = None


@dataclass(frozen=True)
class ConsentFact:
    id: int
    plan_id: int
    version: int
    status: str  # kernel.scopes.ConsentStatus values
    decider_id: int  # who answers: the person, or the guardian of a child
    holder_id: int  # the participant's account that is given the consent
    person_id: int
    valid_until: Optional[date] = None


@dataclass(frozen=True)
class ProposalFact:
    id: int
    plan_id: int
    person_id: int
    created_by_id: int
    status: str  # measures.rules.Status values


@dataclass(frozen=True)
class MeetingFact:
    id: int
    plan_id: int
    person_id: int
    starts_at: datetime
    status: str  # meetings.rules.MeetingStatus values
    version: int
    invited: frozenset[int] = frozenset()  # accounts (the meeting keeps participant ids)
    changed_by_id: Optional[int] = None  # of the newest version
    changed_at: Optional[datetime] = None


@dataclass(frozen=True)
class EvaluationFact:
    plan_id: int
    next_evaluation: Optional[date]
    coordinator_id: Optional[int]  # the koordinator's account
    closed: bool = False


def consent_notices(c: ConsentFact, *, today: date) -> list[Notice]:
    out = []
    if c.status == "requested":
        out.append(Notice(Reason.CONSENT_REQUEST, f"consent:{c.id}:{c.version}", c.decider_id,
                          c.plan_id))
    if (c.status == "granted" and c.valid_until is not None
            and today <= c.valid_until <= today + timedelta(days=CONSENT_AHEAD_DAYS)):
        key = f"consent:{c.id}:{c.valid_until.isoformat()}"
        for who in dict.fromkeys((c.decider_id, c.holder_id)):
            out.append(Notice(Reason.CONSENT_EXPIRING, key, who, c.plan_id))
    return out


def proposal_notices(p: ProposalFact) -> list[Notice]:
    if p.status != "forslag" or p.created_by_id == p.person_id:
        return []
    return [Notice(Reason.PROPOSAL, f"measure:{p.id}", p.person_id, p.plan_id)]


def meeting_notices(m: MeetingFact, *, now: datetime) -> list[Notice]:
    everyone = list(dict.fromkeys([m.person_id, *sorted(m.invited)]))
    out = []
    if m.status != "cancelled" and now < m.starts_at <= now + MEETING_SOON:
        key = f"meeting:{m.id}:{m.starts_at.isoformat(timespec='minutes')}"
        out += [Notice(Reason.MEETING_SOON, key, who, m.plan_id) for who in everyone]
    if m.version > 1 and m.status in ("moved", "cancelled") and m.starts_at > now:
        key = f"meeting:{m.id}:v{m.version}"
        out += [Notice(Reason.MEETING_CHANGED, key, who, m.plan_id) for who in everyone
                if who != m.changed_by_id]
    return out


def evaluation_notices(e: EvaluationFact, *, today: date) -> list[Notice]:
    if (e.closed or e.next_evaluation is None or e.coordinator_id is None
            or not today <= e.next_evaluation <= today + timedelta(days=EVALUATION_AHEAD_DAYS)):
        return []
    return [Notice(Reason.EVALUATION_DUE, f"plan:{e.plan_id}:{e.next_evaluation.isoformat()}",
                   e.coordinator_id, e.plan_id)]


def decide_notice(*, channel: Channel | str, recipient_email: str, recipient_phone: str,
                  reserved: bool, still_due: bool) -> "Decision":
    """Right before sending a notice that is not about an unread message."""
    channel = Channel(channel)
    if not still_due:
        return Cancel(CancelReason.READ)
    if channel == Channel.LETTER:
        return Send()
    if reserved:
        return Cancel(CancelReason.RESERVED)
    if channel == Channel.EMAIL and not recipient_email.strip():
        return Cancel(CancelReason.NO_EMAIL)
    if channel == Channel.SMS and not recipient_phone.strip():
        return Cancel(CancelReason.NO_PHONE)
    return Send()


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
    ref: str = ""  # the notice's reference: the same Message-ID on every try


def compose(*, to: str, lang: str, app_url: str, t) -> Email:  # noqa: ANN001
    """The e-mail: the catalogue's fixed text in the person's language and a link. Nothing else."""
    link = app_url.rstrip("/") + "/"
    return Email(to=to, subject=t("notify.subject", lang),
                 body=t("notify.body", lang, link=link))


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


def compose_notice(*, reason: Reason | str, channel: Channel | str, to: str, lang: str,
                   app_url: str, t) -> Email | Sms:  # noqa: ANN001
    """An e-mail or SMS about any reason: a fixed sentence in the person's language and a
    link, never what it is about (an unread message keeps its own sentence)."""
    link = app_url.rstrip("/") + "/"
    unread = Reason(reason) == Reason.UNREAD
    if Channel(channel) == Channel.SMS:
        return Sms(to=to, text=t("notify.sms_unread" if unread else "notify.sms", lang,
                                 link=link))
    if unread:
        return compose(to=to, lang=lang, app_url=app_url, t=t)
    return Email(to=to, subject=t("notify.notice_subject", lang),
                 body=t("notify.notice_body", lang, link=link))
