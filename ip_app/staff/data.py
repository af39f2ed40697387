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

from ip_app.kernel.models import Account, AuthSession, Invitation, Organisation, utcnow


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
