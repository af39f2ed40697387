"""The notices' database side (issue 22, part 2): the facts the rules need, the person's
choice, and the letters staff print. Sending (claim, lease, result) is in outbox.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.consent.rules import consents_for_self
from ip_app.kernel.models import (
    Account, Consent, Measure, Meeting, MeetingVersion, NoticePref, NotificationOutbox as O,
    Participant, Plan, utcnow,
)
from ip_app.kernel.access import Membership, Viewer, plan_access
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentFacts, ConsentStatus, parse_scopes
from ip_app.notify.rules import (
    MEETING_SOON, CONSENT_AHEAD_DAYS, EVALUATION_AHEAD_DAYS, Channel, ConsentFact,
    EvaluationFact, MeetingFact, Notice, Pref, ProposalFact, DEFAULT_PREF,
    consent_notices, evaluation_notices, format_reasons, meeting_notices, parse_reasons,
    proposal_notices,
)


# -- what is due now --------------------------------------------------------------------


def _deciders(s: Session, plan_ids: set[int], today: date) -> dict[int, list[int]]:
    """Per plan: who answers a consent request (the person; a guardian for a child)."""
    if not plan_ids:
        return {}
    people = dict(s.exec(select(Plan.id, Account.id).join(Account, Account.id == Plan.person_id)
                         .where(Plan.id.in_(plan_ids))).all())
    births = dict(s.exec(select(Account.id, Account.birth_date)
                         .where(Account.id.in_(list(people.values())))).all())
    guardians: dict[int, list[int]] = {}
    for plan_id, acct in s.exec(select(Participant.plan_id, Participant.account_id).where(
            Participant.plan_id.in_(plan_ids), Participant.role == str(Role.VERGE),
            Participant.left_at.is_(None))).all():
        guardians.setdefault(plan_id, []).append(acct)
    out = {}
    for plan_id, person in people.items():
        child = not consents_for_self(births.get(person), today)
        out[plan_id] = sorted(guardians.get(plan_id, [])) if child else [person]
    return out


def current_notices(s: Session, *, now: datetime, today: date, lookback: timedelta
                    ) -> list[Notice]:
    """Every notice (but unread messages) the rules give right now. Each source is read
    only within its window (recent requests and proposals, meetings in the next day or
    changed lately, evaluations and expiries ahead), so a pass stays small."""
    since = now - lookback
    out: list[Notice] = []

    consents = s.exec(select(Consent, Participant.account_id, Plan.person_id)
                      .join(Participant, Participant.id == Consent.participant_id)
                      .join(Plan, Plan.id == Consent.plan_id)
                      .where(Plan.closed_at.is_(None), sa.or_(
                          sa.and_(Consent.status == "requested", Consent.requested_at >= since),
                          sa.and_(Consent.status == "granted",
                                  Consent.valid_until >= today,
                                  Consent.valid_until <= today + timedelta(
                                      days=CONSENT_AHEAD_DAYS))))).all()
    deciders = _deciders(s, {c.plan_id for c, _, _ in consents}, today)
    for c, holder, person in consents:
        for decider in deciders.get(c.plan_id, [person]):
            out += consent_notices(ConsentFact(
                id=c.id, plan_id=c.plan_id, version=c.version, status=c.status,
                decider_id=decider, holder_id=holder, person_id=person,
                valid_until=c.valid_until), today=today)

    for m, person in s.exec(select(Measure, Plan.person_id).join(Plan, Plan.id == Measure.plan_id)
                            .where(Plan.closed_at.is_(None), Measure.status == "forslag",
                                   Measure.created_at >= since)).all():
        out += proposal_notices(ProposalFact(id=m.id, plan_id=m.plan_id, person_id=person,
                                             created_by_id=m.created_by_id, status=m.status))

    meetings = s.exec(select(Meeting, Plan.person_id).join(Plan, Plan.id == Meeting.plan_id)
                      .where(Plan.closed_at.is_(None), Meeting.starts_at > now, sa.or_(
                          Meeting.starts_at <= now + MEETING_SOON,
                          sa.and_(Meeting.version > 1, Meeting.updated_at >= since))
                      )).all()
    changed_by = dict(s.exec(select(MeetingVersion.meeting_id, MeetingVersion.changed_by_id)
                             .join(Meeting, sa.and_(Meeting.id == MeetingVersion.meeting_id,
                                                    Meeting.version == MeetingVersion.version))
                             .where(Meeting.id.in_([m.id for m, _ in meetings]))).all()
                      ) if meetings else {}
    # `invited` holds participant ids; notices go to accounts (those still in the plan)
    invited_ids = {pid for m, _ in meetings for pid in (m.invited or [])}
    accounts = dict(s.exec(select(Participant.id, Participant.account_id).where(
        Participant.id.in_(invited_ids), Participant.left_at.is_(None))).all()
    ) if invited_ids else {}
    for m, person in meetings:
        out += meeting_notices(MeetingFact(
            id=m.id, plan_id=m.plan_id, person_id=person, starts_at=m.starts_at,
            status=m.status, version=m.version,
            invited=frozenset(accounts[p] for p in (m.invited or []) if p in accounts),
            changed_by_id=changed_by.get(m.id)), now=now)

    for plan, coordinator in s.exec(
            select(Plan, Participant.account_id)
            .join(Participant, Participant.id == Plan.coordinator_participant_id)
            .where(Plan.closed_at.is_(None), Participant.left_at.is_(None),
                   Plan.next_evaluation >= today,
                   Plan.next_evaluation <= today + timedelta(days=EVALUATION_AHEAD_DAYS))).all():
        out += evaluation_notices(EvaluationFact(plan_id=plan.id,
                                                 next_evaluation=plan.next_evaluation,
                                                 coordinator_id=coordinator), today=today)
    return out


# -- the person's choice ------------------------------------------------------------------


def pref_of(s: Session, account_id: int) -> Pref:
    row = s.exec(select(NoticePref).where(NoticePref.account_id == account_id)
                 .order_by(NoticePref.id.desc()).limit(1)).first()
    if row is None:
        return DEFAULT_PREF
    return Pref(reasons=parse_reasons(row.reasons), email=row.by_email, sms=row.by_sms)


def prefs_of(s: Session, account_ids: list[int]) -> dict[int, Pref]:
    """The newest choice of each account (the defaults for those who never chose)."""
    if not account_ids:
        return {}
    newest = (select(sa.func.max(NoticePref.id)).where(NoticePref.account_id.in_(account_ids))
              .group_by(NoticePref.account_id))
    rows = s.exec(select(NoticePref).where(NoticePref.id.in_(newest))).all()
    out = {a: DEFAULT_PREF for a in account_ids}
    out.update({r.account_id: Pref(reasons=parse_reasons(r.reasons), email=r.by_email,
                                   sms=r.by_sms) for r in rows})
    return out


def save_pref(s: Session, account_id: int, pref: Pref) -> NoticePref:
    """A new row: earlier choices stay (history is kept)."""
    row = NoticePref(account_id=account_id, reasons=format_reasons(pref.reasons),
                     by_email=pref.email, by_sms=pref.sms, set_at=utcnow())
    s.add(row)
    s.flush()
    return row


@dataclass(frozen=True)
class Contact:
    id: int
    kind: str
    email: str
    phone: str
    lang: str
    reserved: bool


def contacts(s: Session, account_ids: list[int]) -> dict[int, Contact]:
    if not account_ids:
        return {}
    return {a.id: Contact(a.id, a.kind, a.email or "", a.phone or "",
                          a.preferred_language or "nb", bool(a.contact_reserved))
            for a in s.exec(select(Account).where(Account.id.in_(account_ids))).all()}


def scheduled(s: Session, notices: list[Notice]) -> set[tuple[str, str, int]]:
    """Which of these notices were ever scheduled, on any channel (then never again):
    one query per pass, not one per notice."""
    keys = sorted({n.object_key for n in notices})
    found: set[tuple[str, str, int]] = set()
    for i in range(0, len(keys), 500):  # SQLite's bound-parameter limit
        found.update((str(r), k, a) for r, k, a in s.exec(
            select(O.reason, O.object_key, O.recipient_id).where(
                O.object_key.in_(keys[i:i + 500]))).all())
    return found


# -- letters to print (reserved against digital contact) -------------------------------


@dataclass(frozen=True)
class LetterRow:
    id: int
    plan_id: Optional[int]
    recipient_id: int
    recipient_name: str
    reason: str
    queued_at: datetime
    printed_at: Optional[datetime]
    printed_by: str
    lang: str


_LATEST_CONSENT = (select(sa.func.max(Consent.id)).where(Consent.participant_id == Participant.id)
                   .correlate(Participant).scalar_subquery())


def letter_plans_of(s: Session, viewer: Viewer, today: date) -> list[int]:
    """Plans whose letters this staff member prints: those they take part in AND may still
    read by the one policy (kernel/access.py: consent in force, not left, no kontorsperre
    shutting them out). A withdrawn or expired consent ends the letters of that plan too."""
    rows = s.exec(select(Plan.id, Plan.person_id, Plan.office_restriction_org_id,
                         Participant, Consent)
                  .join(Participant, Participant.plan_id == Plan.id)
                  .outerjoin(Consent, Consent.id == _LATEST_CONSENT)
                  .where(Participant.account_id == viewer.account_id,
                         Participant.left_at.is_(None),
                         Participant.pending == sa.false())).all()
    out = []
    for plan_id, person_id, office, part, consent in rows:
        facts = None
        if consent is not None:
            facts = ConsentFacts(status=ConsentStatus(consent.status),
                                 scopes=parse_scopes(consent.scopes),
                                 valid_until=consent.valid_until)
        member = Membership(participant_id=part.id, role=Role(part.role), consent=facts,
                            left=part.left_at is not None)
        if plan_access(viewer, person_id, member, today, office).allowed:
            out.append(plan_id)
    return out


def letters(s: Session, plan_ids: list[int], *, limit: int = 200,
            letter_id: Optional[int] = None) -> list[LetterRow]:
    """Letters in the print list of these plans: waiting ones first, then printed ones."""
    if not plan_ids:
        return []
    printer = sa.orm.aliased(Account)
    q = (select(O, Account.display_name, Account.preferred_language, printer.display_name)
         .join(Account, Account.id == O.recipient_id)
         .outerjoin(printer, printer.id == O.printed_by_id)
         .where(O.channel == str(Channel.LETTER), O.status == "sent", O.plan_id.in_(plan_ids))
         .order_by(O.printed_at.is_not(None), O.sent_at.desc(), O.id.desc()).limit(limit))
    if letter_id is not None:
        q = q.where(O.id == letter_id)
    return [LetterRow(id=o.id, plan_id=o.plan_id, recipient_id=o.recipient_id,
                      recipient_name=name, reason=o.reason, queued_at=o.sent_at,
                      printed_at=o.printed_at, printed_by=by or "", lang=lang or "nb")
            for o, name, lang, by in s.exec(q).all()]


def letter(s: Session, letter_id: int) -> Optional[O]:
    row = s.get(O, letter_id)
    if row is None or row.channel != str(Channel.LETTER) or row.status != "sent":
        return None
    return row


def letter_row(s: Session, letter_id: int, plan_ids: list[int]) -> Optional[LetterRow]:
    found = letters(s, plan_ids, letter_id=letter_id, limit=1)
    return found[0] if found else None


def mark_printed(s: Session, letter_id: int, *, by_id: int, at: datetime) -> bool:
    """Only once: a letter already printed keeps its first date and printer."""
    res = s.execute(sa.update(O).where(O.id == letter_id, O.printed_at.is_(None))
                    .values(printed_at=at, printed_by_id=by_id, updated_at=at))
    return res.rowcount == 1


def display_name(s: Session, account_id: int) -> str:
    a = s.get(Account, account_id)
    return a.display_name if a else ""
