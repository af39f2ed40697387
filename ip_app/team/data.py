"""The ansvarsgruppe in the database (issue 19): invitations (a participant row that waits
for the person's consent), removals, the koordinator and NAV's part. Nothing is deleted:
a removed participant keeps their row (left_at) and every change is a TeamEvent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentStatus, Scope
from ip_app.staff.rules import parse_roles
from ip_app.team.rules import TeamEventKind

from ip_app.consent import data as data_consents
from ip_app.contributions.data import record_first_version
from ip_app.kernel.actor import Actor
from ip_app.kernel.models import (
    Account, Consent, ConsentEvent, ContactReservationEvent, Measure, Organisation, Participant,
    Plan, TeamEvent, utcnow,
)
from ip_app.measures import data as data_measures
from ip_app.measures.rules import FINAL


class TeamError(Exception):
    """A rule said no; `field` -> catalogue key, as a form shows it."""

    def __init__(self, field: str, key: str):
        super().__init__(key)
        self.errors = {field: key}


@dataclass(frozen=True)
class Member:
    participant_id: int
    account_id: int
    name: str
    role: str
    organisation: str
    org_kind: str
    pending: bool
    left: bool
    coordinator: bool
    consent: str  # the latest consent's status, "" for the person
    title: str = ""  # the account's title ("Kontaktlærer"), for the participant label


def members(s: Session, plan: Plan, today: date) -> list[Member]:
    rows = s.exec(select(Participant, Account, Organisation)
                  .join(Account, Account.id == Participant.account_id)
                  .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
                  .where(Participant.plan_id == plan.id)
                  .order_by(Participant.joined_at, Participant.id)).all()
    latest: dict[int, Consent] = {}
    for c in s.exec(select(Consent).where(Consent.plan_id == plan.id).order_by(Consent.id)):
        latest[c.participant_id] = c
    out = []
    for p, a, o in rows:
        c = latest.get(p.id)
        out.append(Member(p.id, a.id, a.display_name, p.role, o.name if o else "",
                          o.kind if o else "", p.pending, p.left_at is not None,
                          p.id == plan.coordinator_participant_id,
                          str(data_consents.status_on(c, today)) if c else "", a.title))
    return out


def staff_matching(s: Session, name: str, limit: int = 20) -> list[tuple[Account, Optional[Organisation]]]:
    """Active staff accounts of any organisation whose name contains every word."""
    words = [w for w in name.lower().split() if w][:4]
    if not words:
        return []
    q = (select(Account, Organisation)
         .outerjoin(Organisation, Organisation.id == Account.organisation_id)
         .where(Account.kind == "staff", Account.deactivated_at.is_(None)))
    for w in words:
        escaped = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        q = q.where(sa.func.lower(Account.display_name).like(f"%{escaped}%", escape="\\"))
    return list(s.exec(q.order_by(Account.display_name, Account.id).limit(limit)).all())


def _event(s: Session, plan_id: int, kind: TeamEventKind, participant_id: int, by_id: int,
           by_role: str, reason: str = "", previous: Optional[int] = None) -> TeamEvent:
    e = TeamEvent(plan_id=plan_id, kind=str(kind), participant_id=participant_id,
                  previous_participant_id=previous, by_id=by_id, by_role=by_role, reason=reason,
                  at=utcnow())
    s.add(e)
    return e


def _new_participant(s: Session, plan_id: int, account: Account, role: Role, by_id: int,
                     by_role: str, *, pending: bool, contribution: str = "") -> Participant:
    taken = s.exec(select(Participant.id).where(Participant.plan_id == plan_id,
                                                Participant.account_id == account.id)).first()
    if taken is not None:
        raise TeamError("account_id", "team.error_already")
    p = Participant(plan_id=plan_id, account_id=account.id, role=str(role),
                    organisation_id=account.organisation_id, pending=pending,
                    contribution=contribution, joined_at=utcnow())
    s.add(p)
    s.flush()
    record_first_version(s, p, by_id=by_id, by_role=by_role, at=p.joined_at)
    return p


def invite(s: Session, *, plan: Plan, account: Account, role: Role, scopes: frozenset[Scope],
           by_id: int, by_role: str, today: date) -> Consent:
    """The invitation: a participant waiting for the person's answer, and the consent
    request the person answers inline."""
    p = _new_participant(s, plan.id, account, role, by_id, by_role, pending=True)
    c = data_consents.request_consent(s, participant_id=p.id, scopes=[str(x) for x in scopes],
                                      valid_until=plan.period_end if plan.period_end and
                                      plan.period_end >= today else None,
                                      by_id=by_id, today=today)
    _event(s, plan.id, TeamEventKind.INVITED, p.id, by_id, by_role)
    return c


def new_relative(s: Session, *, name: str, phone: str, email: str) -> Account:
    from ip_app.kernel.passwords import new_token

    a = Account(username=f"r-{new_token()[:16].lower()}", display_name=name, kind="relative",
                password_hash="", phone=phone, email=email, created_at=utcnow())
    s.add(a)
    s.flush()
    return a


def approved(s: Session, participant_id: int) -> None:
    """The person said yes: the participant now shows in the plan."""
    s.execute(sa.update(Participant).where(Participant.id == participant_id,
                                           Participant.pending == True)  # noqa: E712
              .values(pending=False))


def remove(s: Session, *, plan: Plan, participant: Participant, by_id: int, by_role: str,
           reason: str) -> None:
    """Access ends now; the row and its history stay. A waiting consent request ends too."""
    now = utcnow()
    participant.left_at = now
    s.add(participant)
    if plan.coordinator_participant_id == participant.id:
        plan.coordinator_participant_id = None
        s.add(plan)
    for c in s.exec(select(Consent).where(Consent.participant_id == participant.id,
                                          Consent.status.in_([str(ConsentStatus.REQUESTED),
                                                              str(ConsentStatus.GRANTED)]))):
        c.status = str(ConsentStatus.WITHDRAWN)
        c.decided_at, c.decided_by_id, c.version = now, by_id, c.version + 1
        s.add(c)
        s.add(ConsentEvent(consent_id=c.id, action=str(ConsentStatus.WITHDRAWN), scopes=c.scopes,
                           valid_until=c.valid_until, by_id=by_id, at=now))
    _event(s, plan.id, TeamEventKind.REMOVED, participant.id, by_id, by_role, reason)
    s.flush()


def set_coordinator(s: Session, *, plan: Plan, participant: Participant, by_id: int,
                    by_role: str, reason: str) -> None:
    previous = plan.coordinator_participant_id
    plan.coordinator_participant_id = participant.id
    plan.updated_at = utcnow()
    s.add(plan)
    _event(s, plan.id, TeamEventKind.COORDINATOR, participant.id, by_id, by_role, reason,
           previous)
    s.flush()


def hand_over(s: Session, *, plan: Plan, old: Participant, new_account: Account, by_id: int,
              by_role: str, reason: str, today: date) -> Participant:
    """NAV's part goes to another veileder: they join with the old part's text and the
    consent the person gave NAV's veileder (same scopes and end date); the old veileder
    leaves, and the tiltak the old veileder was responsible for and that are not finished
    go to the new one (a new version of each: who, when, why; finished ones keep who did
    them). The person sees it in plain words and may change or withdraw the consent."""
    new = _new_participant(s, plan.id, new_account, Role.VEILEDER, by_id, by_role,
                           pending=False, contribution=old.contribution)
    current = data_consents.latest_for(s, old.id)
    if current is not None and data_consents.status_on(current, today) == ConsentStatus.GRANTED:
        now = utcnow()
        c = Consent(plan_id=plan.id, participant_id=new.id, status=str(ConsentStatus.GRANTED),
                    scopes=current.scopes, valid_until=current.valid_until, requested_at=now,
                    decided_at=now, decided_by_id=by_id, version=1)
        s.add(c)
        s.flush()
        s.add(ConsentEvent(consent_id=c.id, action=str(ConsentStatus.GRANTED), scopes=c.scopes,
                           valid_until=c.valid_until, by_id=by_id, at=now))
    now = utcnow()
    old.left_at = now
    s.add(old)
    if plan.coordinator_participant_id == old.id:
        plan.coordinator_participant_id = new.id
        s.add(plan)
    move_measures(s, plan_id=plan.id, old_id=old.id, new_id=new.id,
                  by=Actor(account_id=by_id, role=Role(by_role)), reason=reason)
    _event(s, plan.id, TeamEventKind.NAV_HANDOVER, new.id, by_id, by_role, reason, old.id)
    s.flush()
    return new


def move_measures(s: Session, *, plan_id: int, old_id: int, new_id: int, by: Actor,
                  reason: str) -> list[int]:
    """The plan's unfinished tiltak with `old_id` responsible get `new_id`, each as a new
    version with `reason` (the history keeps the earlier one). The ids moved."""
    moved = []
    for m in s.exec(select(Measure).where(Measure.plan_id == plan_id,
                                          Measure.responsible_participant_id == old_id,
                                          Measure.status.not_in([str(x) for x in FINAL]))
                    .order_by(Measure.id)).all():
        data_measures.update_measure(s, measure_id=m.id, based_on_version=m.version, actor=by,
                                     reason=reason, responsible_participant_id=new_id)
        moved.append(m.id)
    return moved


@dataclass(frozen=True)
class EventLine:
    kind: str
    at: datetime
    by_name: str
    by_role: str
    name: str
    previous_name: str
    reason: str


def events(s: Session, plan_id: int) -> list[EventLine]:
    """The ansvarsgruppe's changes, newest first, with names."""
    rows = s.exec(select(TeamEvent).where(TeamEvent.plan_id == plan_id)
                  .order_by(TeamEvent.at.desc(), TeamEvent.id.desc())).all()
    ids = {r.participant_id for r in rows} | {r.previous_participant_id for r in rows
                                              if r.previous_participant_id}
    names: dict[int, str] = {}
    if ids:
        for p, a in s.exec(select(Participant, Account).join(
                Account, Account.id == Participant.account_id).where(Participant.id.in_(ids))):
            names[p.id] = a.display_name
    by = {a.id: a.display_name for a in s.exec(
        select(Account).where(Account.id.in_({r.by_id for r in rows})))} if rows else {}
    return [EventLine(r.kind, r.at, by.get(r.by_id, ""), r.by_role, names.get(r.participant_id, ""),
                      names.get(r.previous_participant_id or 0, ""), r.reason) for r in rows]


def set_contact_reserved(s: Session, *, plan: Plan, reserved: bool, reason: str, by_id: int,
                         by_role: str) -> ContactReservationEvent:
    """Mark the plan's person as reserved against digital contact (KRR) or lift it: the
    account's flag is the current value, and an event row keeps every change."""
    person = s.get(Account, plan.person_id)
    person.contact_reserved = reserved
    s.add(person)
    row = ContactReservationEvent(account_id=person.id, plan_id=plan.id, reserved=reserved,
                                  reason=reason, by_id=by_id, by_role=by_role, at=utcnow())
    s.add(row)
    s.flush()
    return row


@dataclass(frozen=True)
class ReservationLine:
    reserved: bool
    at: datetime
    by_name: str
    by_role: str
    reason: str


def reservation_events(s: Session, person_id: int) -> list[ReservationLine]:
    """Every KRR mark set or lifted for the person, newest first, with who did it."""
    rows = s.exec(select(ContactReservationEvent, Account.display_name)
                  .join(Account, Account.id == ContactReservationEvent.by_id)
                  .where(ContactReservationEvent.account_id == person_id)
                  .order_by(ContactReservationEvent.at.desc(),
                            ContactReservationEvent.id.desc())).all()
    return [ReservationLine(r.reserved, r.at, name, r.by_role, r.reason) for r, name in rows]


def staff_roles_of(a: Account) -> frozenset[str]:
    return frozenset(str(r) for r in parse_roles(a.staff_roles))


@dataclass
class TeamData:
    """The ansvarsgruppe page: who is in it (and invited), and what happened to it."""
    members: list = field(default_factory=list)
    events: list = field(default_factory=list)
    reserved: bool = False  # the person is reserved against digital contact (KRR)
    reservation_events: list = field(default_factory=list)  # newest first


def load_page(s: Session, plan: Plan, today: date) -> TeamData:
    person = s.get(Account, plan.person_id)
    return TeamData(members(s, plan, today), events(s, plan.id),
                    bool(person and person.contact_reserved),
                    reservation_events(s, plan.person_id))
