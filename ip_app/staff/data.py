"""Staff accounts of one organisation, as its administrator manages them (issue 19).

Nothing is deleted: a deactivated account keeps its row (and every plan's history keeps
its name); its login sessions end at once and it cannot log in again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.forms import FormError
from ip_app.staff.rules import NewStaff, StaffRole, format_roles

from ip_app.kernel.models import (
    Account, AuthSession, Invitation, OfficeRestrictionEvent, Organisation, Participant, Plan,
    utcnow,
)


@dataclass(frozen=True)
class StaffFacts:
    """What the gate and the admin page need about the asker."""

    account_id: int
    kind: str
    org_id: Optional[int]
    roles: str
    deactivated: bool


def facts(s: Session, account_id: int) -> Optional[StaffFacts]:
    a = s.get(Account, account_id)
    if a is None:
        return None
    return StaffFacts(a.id, a.kind, a.organisation_id, a.staff_roles, a.deactivated_at is not None)


def organisation(s: Session, org_id: Optional[int]) -> Optional[Organisation]:
    return s.get(Organisation, org_id) if org_id is not None else None


def staff_of(s: Session, org_id: int) -> list[Account]:
    """The organisation's staff accounts, active ones first, by name."""
    rows = s.exec(select(Account).where(Account.kind == "staff",
                                        Account.organisation_id == org_id)).all()
    return sorted(rows, key=lambda a: (a.deactivated_at is not None, a.display_name.lower()))


def has_password(s: Session, account_id: int) -> bool:
    a = s.get(Account, account_id)
    return bool(a and a.password_hash)


def create_staff(s: Session, *, org_id: int, new: NewStaff, now: Optional[datetime] = None
                 ) -> Account:
    """A new staff account without a password (set through an invitation); FormError
    when the username is taken."""
    taken = s.exec(select(Account.id).where(Account.username == new.username)).first()
    if taken is not None:
        raise FormError({"username": "staff.error_username_taken"})
    a = Account(username=new.username, display_name=new.display_name, kind="staff",
                password_hash="", organisation_id=org_id, title=new.title, email=new.email,
                staff_roles=format_roles(new.roles), created_at=now or utcnow())
    s.add(a)
    s.flush()
    return a


def set_roles(s: Session, account: Account, roles: frozenset[StaffRole]) -> str:
    """Set the roles; returns the old ones (for the audit row)."""
    before = account.staff_roles
    account.staff_roles = format_roles(roles)
    s.add(account)
    s.flush()
    return before


def deactivate(s: Session, account: Account, now: Optional[datetime] = None) -> int:
    """The account cannot log in from now on; its live sessions and open invitations
    end. Returns how many sessions were ended."""
    now = now or utcnow()
    account.deactivated_at = now
    s.add(account)
    ended = s.execute(sa.update(AuthSession)
                      .where(AuthSession.account_id == account.id, AuthSession.ended_at.is_(None))
                      .values(ended_at=now))
    s.execute(sa.update(Invitation)
              .where(Invitation.account_id == account.id, Invitation.used_at.is_(None),
                     Invitation.ended_at.is_(None))
              .values(ended_at=now))
    s.flush()
    return ended.rowcount or 0


# -- kontorsperre ------------------------------------------------------------------------

OFFICE_PLANS_LIMIT = 200


@dataclass(frozen=True)
class RestrictionLine:
    event: str  # "set" | "lifted"
    by_name: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class OfficePlan:
    plan_id: int
    person_name: str
    restricted: bool  # to this office
    history: tuple[RestrictionLine, ...]  # newest first


class NotOfficePlan(Exception):
    """The plan is not one of the office's open plans, or is not in the state asked."""


def _office_plan_ids(org_id: int):  # noqa: ANN202 - a select of plan ids
    """The office's open plans: one of its staff takes part, or the plan is restricted to
    it; a plan restricted to another office is that office's to lift."""
    member = sa.exists().where(Participant.plan_id == Plan.id,
                               Participant.organisation_id == org_id,
                               Participant.left_at.is_(None), Participant.pending.is_(False))
    return (select(Plan.id).where(Plan.closed_at.is_(None),
                                  sa.or_(Plan.office_restriction_org_id.is_(None),
                                         Plan.office_restriction_org_id == org_id),
                                  sa.or_(member, Plan.office_restriction_org_id == org_id)))


def office_plans(s: Session, org_id: int) -> list[OfficePlan]:
    """The office's open plans with the person's name and the kontorsperre's history."""
    rows = s.exec(select(Plan.id, Account.display_name, Plan.office_restriction_org_id)
                  .join(Account, Account.id == Plan.person_id)
                  .where(Plan.id.in_(_office_plan_ids(org_id)))
                  .order_by(Account.display_name, Plan.id).limit(OFFICE_PLANS_LIMIT)).all()
    ids = [r[0] for r in rows]
    history: dict[int, list[RestrictionLine]] = {}
    if ids:
        for e, name in s.exec(select(OfficeRestrictionEvent, Account.display_name)
                              .join(Account, Account.id == OfficeRestrictionEvent.by_id)
                              .where(OfficeRestrictionEvent.plan_id.in_(ids))
                              .order_by(OfficeRestrictionEvent.at.desc(),
                                        OfficeRestrictionEvent.id.desc())):
            history.setdefault(e.plan_id, []).append(
                RestrictionLine(e.event, name, e.at, e.reason))
    return [OfficePlan(pid, name, restricted == org_id, tuple(history.get(pid, ())))
            for pid, name, restricted in rows]


def is_office_plan(s: Session, org_id: int, plan_id: int) -> bool:
    return s.exec(_office_plan_ids(org_id).where(Plan.id == plan_id)).first() is not None


def set_restriction(s: Session, *, plan_id: int, org_id: int, by_id: int, reason: str,
                    restrict: bool) -> OfficeRestrictionEvent:
    """Set (`restrict`) or lift the kontorsperre of one of the office's open plans, with
    its history row; NotOfficePlan when the plan is not the office's or already so."""
    if not is_office_plan(s, org_id, plan_id):
        raise NotOfficePlan(plan_id)
    now = utcnow()
    done = s.execute(sa.update(Plan).where(
        Plan.id == plan_id, Plan.closed_at.is_(None),
        Plan.office_restriction_org_id.is_(None) if restrict
        else Plan.office_restriction_org_id == org_id)
        .values(office_restriction_org_id=org_id if restrict else None, updated_at=now)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise NotOfficePlan(plan_id)
    row = OfficeRestrictionEvent(plan_id=plan_id, org_id=org_id,
                                 event="set" if restrict else "lifted", reason=reason,
                                 by_id=by_id, at=now)
    s.add(row)
    s.flush()
    return row
