"""Writing samtykke: request, approve (all or fewer scopes), decline, withdraw, change.

Every write bumps `Consent.version` (the optimistic lock: a write names the version it
was based on and is refused if someone saved in between) and appends a ConsentEvent.
Nothing is deleted or overwritten in the history: the Consent row holds the current
state, the events hold every step (who, when, which scopes, until when). "Expired" is
never written: it is computed from `valid_until` (domain.consent.effective_status).

Who may decide is a domain rule (domain.consent.may_decide): the person from 16, a
guardian participant (role verge) below 16. The functions check it themselves, so no
caller can forget it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.consent.rules import (
    check_scopes, check_valid_until, consents_for_self, may_decide, may_grant_again,
)
from ip_app.kernel.access import Viewer
from ip_app.kernel.db import param, param_list
from ip_app.kernel.plan_access import plan_of_person
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import (
    ConsentFacts, ConsentStatus, effective_status, format_scopes, parse_scopes,
)

from ip_app.kernel.models import (
    Account, Consent, ConsentEvent, Organisation, Participant, Plan, utcnow,
)

_UNSET: Any = object()


class ConsentError(Exception):
    """A consent write refused by a rule; `key` is the catalogue key of the message."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class StaleConsent(ConsentError):
    """Someone changed the consent after the version this write was based on."""

    def __init__(self, current: Consent):
        super().__init__("error.consent_stale")
        self.current = current


def facts(c: Consent) -> ConsentFacts:
    return ConsentFacts(status=ConsentStatus(c.status), scopes=parse_scopes(c.scopes),
                        valid_until=c.valid_until)


def status_on(c: Consent, today: date) -> ConsentStatus:
    return effective_status(facts(c), today)


# --- who decides ------------------------------------------------------------------


# the reads of the consent view, asked on every open of the person's plan: built once
# (see `db.param`)
_GUARDIAN = select(Participant.id).where(
    Participant.plan_id == param("plan_id"), Participant.account_id == param("account_id"),
    Participant.role == str(Role.VERGE), Participant.left_at == None)  # noqa: E711
_LINES = (select(Participant, Account, Organisation)
          .join(Account, Account.id == Participant.account_id)
          .join(Organisation, Organisation.id == Participant.organisation_id, isouter=True)
          .where(Participant.plan_id == param("plan_id"),
                 Participant.role != str(Role.PERSON))
          .order_by(Participant.id))
_CONSENTS = select(Consent).where(Consent.plan_id == param("plan_id")).order_by(Consent.id)
_EVENTS = (select(ConsentEvent).where(ConsentEvent.consent_id.in_(param_list("ids")))
           .order_by(ConsentEvent.at, ConsentEvent.id))
_NAMES = select(Account).where(Account.id.in_(param_list("ids")))


def is_guardian(s: Session, plan_id: int, account_id: int) -> bool:
    return s.exec(_GUARDIAN, params={"plan_id": plan_id, "account_id": account_id}
                  ).first() is not None


def may_decide_for(s: Session, plan: Plan, account_id: int, today: date) -> bool:
    """May `account_id` give, change or withdraw consents to `plan`?"""
    person = s.get(Account, plan.person_id)
    return may_decide(
        is_person=account_id == plan.person_id,
        is_guardian=is_guardian(s, plan.id, account_id),
        person_consents_for_self=consents_for_self(person.birth_date if person else None, today),
    )


def _authorise(s: Session, c: Consent, by_id: int, today: date) -> Plan:
    plan = s.get(Plan, c.plan_id)
    if plan is None or not may_decide_for(s, plan, by_id, today):
        raise ConsentError("error.not_allowed")
    return plan


# --- reading ------------------------------------------------------------------------


def get(s: Session, consent_id: Optional[int]) -> Optional[Consent]:
    return s.get(Consent, consent_id) if consent_id is not None else None


def latest_for(s: Session, participant_id: int) -> Optional[Consent]:
    """The consent that counts for a participant: the newest one (as data.plans does)."""
    return s.exec(select(Consent).where(Consent.participant_id == participant_id)
                  .order_by(Consent.id.desc())).first()


def events_for(s: Session, consent_ids: Iterable[int]) -> dict[int, list[ConsentEvent]]:
    ids = list(consent_ids)
    out: dict[int, list[ConsentEvent]] = {i: [] for i in ids}
    if ids:
        for e in s.exec(_EVENTS, params={"ids": ids}):
            out[e.consent_id].append(e)
    return out


@dataclass
class ConsentLine:
    """One participant of a plan, with their current consent and its whole history."""

    participant: Participant
    account: Account
    organisation: Optional[Organisation]
    consent: Optional[Consent]  # the one that counts (newest)
    history: list[ConsentEvent] = field(default_factory=list)  # of all their consents


def overview(s: Session, plan_id: int) -> list[ConsentLine]:
    """Every participant (the person excepted) with consent and history, in 3 queries."""
    rows = s.exec(_LINES, params={"plan_id": plan_id}).all()
    consents = list(s.exec(_CONSENTS, params={"plan_id": plan_id}))
    latest: dict[int, Consent] = {}
    for c in consents:
        latest[c.participant_id] = c  # ascending ids: the newest wins
    history = events_for(s, [c.id for c in consents])
    per_part: dict[int, list[ConsentEvent]] = {}
    for c in consents:
        per_part.setdefault(c.participant_id, []).extend(history[c.id])
    return [ConsentLine(participant=p, account=a, organisation=o, consent=latest.get(p.id),
                        history=sorted(per_part.get(p.id, []), key=lambda e: (e.at, e.id)))
            for p, a, o in rows]


def pending(s: Session, plan_id: int) -> list[ConsentLine]:
    """Requests waiting for an answer, oldest first; participants who left excluded."""
    return [line for line in overview(s, plan_id)
            if line.consent is not None and line.consent.status == ConsentStatus.REQUESTED
            and line.participant.left_at is None]


# --- writing --------------------------------------------------------------------------


def _event(s: Session, c: Consent, action: ConsentStatus | str, by_id: Optional[int]) -> None:
    s.add(ConsentEvent(consent_id=c.id, action=str(action), scopes=c.scopes,
                       valid_until=c.valid_until, by_id=by_id, at=utcnow()))


def _update(s: Session, c: Consent, based_on_version: int, **values: Any) -> Consent:
    """UPDATE ... WHERE version = :v: two writers racing cannot both win."""
    res = s.execute(
        sa.update(Consent).where(Consent.id == c.id, Consent.version == based_on_version)
        .values(version=based_on_version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    current = s.get(Consent, c.id, populate_existing=True)
    assert current is not None
    if res.rowcount != 1:
        raise StaleConsent(current)
    return current


def _load(s: Session, consent_id: int, based_on_version: int, by_id: int, today: date,
          *statuses: ConsentStatus, checked: bool = False) -> Consent:
    """The consent to decide on; `checked`: the caller (the web gate) has already asked
    `may_decide_for` in this unit of work, so it is not asked twice."""
    c = get(s, consent_id)
    if c is None:
        raise ConsentError("error.not_allowed")
    if not checked:
        _authorise(s, c, by_id, today)
    if c.version != based_on_version:
        raise StaleConsent(c)
    if ConsentStatus(c.status) not in statuses:
        raise ConsentError("error.consent_not_pending" if statuses == (ConsentStatus.REQUESTED,)
                           else "error.consent_not_active")
    return c


def request_consent(
    s: Session, *, participant_id: int, scopes: Iterable[str], valid_until: Optional[date],
    by_id: int, today: date,
) -> Consent:
    """Ask the person (or guardian) for consent for one participant.

    Refused while a request is waiting or a consent is in force: change that one instead.
    """
    part = s.get(Participant, participant_id)
    if part is None or part.left_at is not None or part.role == Role.PERSON:
        raise ConsentError("error.not_allowed")
    try:
        chosen = check_scopes(scopes)
        until = check_valid_until(valid_until, today)
    except ValueError as exc:
        raise ConsentError(str(exc)) from None
    current = latest_for(s, participant_id)
    if current is not None and status_on(current, today) in (
            ConsentStatus.REQUESTED, ConsentStatus.GRANTED):
        raise ConsentError("error.consent_exists")
    c = Consent(plan_id=part.plan_id, participant_id=part.id, status=str(ConsentStatus.REQUESTED),
                scopes=format_scopes(chosen), valid_until=until, requested_at=utcnow(), version=1)
    s.add(c)
    s.flush()
    _event(s, c, ConsentStatus.REQUESTED, by_id)
    return c


def approve(
    s: Session, *, consent_id: int, based_on_version: int, by_id: int, today: date,
    scopes: Optional[Iterable[str]] = None, checked: bool = False,
) -> Consent:
    """Give consent: to everything asked for, or (`scopes`) to fewer parts of it."""
    c = _load(s, consent_id, based_on_version, by_id, today, ConsentStatus.REQUESTED,
              checked=checked)
    asked = parse_scopes(c.scopes)
    try:
        chosen = asked if scopes is None else check_scopes(scopes, allowed=asked)
        check_valid_until(c.valid_until, today)  # a request whose end date has passed
    except ValueError as exc:
        raise ConsentError(str(exc)) from None
    c = _update(s, c, based_on_version, status=str(ConsentStatus.GRANTED),
                scopes=format_scopes(chosen), decided_at=utcnow(), decided_by_id=by_id)
    _event(s, c, ConsentStatus.GRANTED, by_id)
    # an invited participant (issue 19) shows in the plan from the person's yes
    s.execute(sa.update(Participant).where(Participant.id == c.participant_id)
              .values(pending=False))
    return c


def _decide(s: Session, consent_id: int, based_on_version: int, by_id: int, today: date,
            checked: bool, was: ConsentStatus, now: ConsentStatus) -> Consent:
    """A decision that moves a consent from `was` to `now`: the row and an event."""
    c = _load(s, consent_id, based_on_version, by_id, today, was, checked=checked)
    c = _update(s, c, based_on_version, status=str(now), decided_at=utcnow(), decided_by_id=by_id)
    _event(s, c, now, by_id)
    return c


def decline(s: Session, *, consent_id: int, based_on_version: int, by_id: int, today: date,
            checked: bool = False) -> Consent:
    return _decide(s, consent_id, based_on_version, by_id, today, checked,
                   ConsentStatus.REQUESTED, ConsentStatus.DECLINED)


def withdraw(s: Session, *, consent_id: int, based_on_version: int, by_id: int, today: date,
             checked: bool = False) -> Consent:
    """Withdraw a given consent. It takes effect at once: access is decided from this row."""
    return _decide(s, consent_id, based_on_version, by_id, today, checked,
                   ConsentStatus.GRANTED, ConsentStatus.WITHDRAWN)


def grant_again(s: Session, *, consent_id: int, based_on_version: int, by_id: int, today: date,
                checked: bool = False) -> Consent:
    """Give consent again to what a withdrawn, declined or expired one covered, without a new
    request from staff: a new consent (its history says the decider gave it), the old one
    kept as it was."""
    c = get(s, consent_id)
    if c is None:
        raise ConsentError("error.not_allowed")
    if not checked:
        _authorise(s, c, by_id, today)
    if c.version != based_on_version:
        raise StaleConsent(c)
    part = s.get(Participant, c.participant_id)
    latest = latest_for(s, c.participant_id)
    if part is None or not may_grant_again(
            status_on(c, today), is_latest=latest is not None and latest.id == c.id,
            participant_left=part.left_at is not None):
        raise ConsentError("error.consent_not_again")
    new = Consent(plan_id=c.plan_id, participant_id=c.participant_id,
                  status=str(ConsentStatus.GRANTED), scopes=c.scopes, valid_until=None,
                  requested_at=utcnow(), decided_at=utcnow(), decided_by_id=by_id, version=1)
    s.add(new)
    s.flush()
    _event(s, new, ConsentStatus.GRANTED, by_id)
    return new


def change(
    s: Session, *, consent_id: int, based_on_version: int, by_id: int, today: date,
    scopes: Optional[Iterable[str]] = None, valid_until: Any = _UNSET, checked: bool = False,
) -> Consent:
    """Change the scopes and/or the end date of a given consent (also renews an expired one)."""
    c = _load(s, consent_id, based_on_version, by_id, today, ConsentStatus.GRANTED,
              checked=checked)
    values: dict[str, Any] = {}
    try:
        if scopes is not None:
            new = format_scopes(check_scopes(scopes))
            if new != c.scopes:
                values["scopes"] = new
        if valid_until is not _UNSET:
            until = check_valid_until(valid_until, today)
            if until != c.valid_until:
                values["valid_until"] = until
    except ValueError as exc:
        raise ConsentError(str(exc)) from None
    if not values:
        raise ConsentError("error.consent_nothing_changed")
    c = _update(s, c, based_on_version, decided_at=utcnow(), decided_by_id=by_id, **values)
    _event(s, c, "changed", by_id)
    return c


@dataclass
class ConsentPageData:
    """What a plan's consent page is built from, read in one go (a fixed number of queries)."""
    person: Optional[Account] = None
    lines: list[ConsentLine] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # who acted in the consents' history
    statuses: dict[int, ConsentStatus] = field(default_factory=dict)  # by consent, on the day


def names_of(s: Session, account_ids: Iterable[int]) -> dict[int, str]:
    """The names of these accounts (one query, none without ids)."""
    ids = list(account_ids)
    return {a.id: a.display_name for a in s.exec(_NAMES, params={"ids": ids})} if ids else {}


def load_page(s: Session, plan: Plan, today: date) -> ConsentPageData:
    lines = overview(s, plan.id)
    ids = {e.by_id for ln in lines for e in ln.history if e.by_id is not None}
    names = names_of(s, ids)
    return ConsentPageData(s.get(Account, plan.person_id), lines, names,
                           {ln.consent.id: status_on(ln.consent, today) for ln in lines
                            if ln.consent is not None})


def managed_plan(s: Session, viewer: Optional[Viewer]) -> Optional[Plan]:
    """The plan whose consents this viewer sees: their own, or the one they are verge on."""
    if viewer is None:
        return None
    if viewer.kind == "person":
        return plan_of_person(s, viewer.account_id)
    return s.exec(select(Plan).join(Participant, Participant.plan_id == Plan.id).where(
        Participant.account_id == viewer.account_id, Participant.role == str(Role.VERGE),
        Participant.left_at == None)  # noqa: E711
        .order_by(Plan.id)).first()
