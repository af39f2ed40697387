"""People staff search for and start plans for (issue 19): by name, birth date or
fødselsnummer. The number is never stored: only its keyed hash (auth.person_key), next
to the name and birth date staff see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.actor import RuleError
from ip_app.kernel.passwords import new_token
from ip_app.people.fnr import Fnr, parse_fnr
from ip_app.people.key import fnr_hash

from ip_app.kernel.models import Account, Plan, utcnow

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class PersonHit:
    account_id: int
    name: str
    birth_date: Optional[date]
    plan_id: Optional[int]


def person_by_fnr(s: Session, fnr: Fnr) -> Optional[Account]:
    return s.exec(select(Account).where(Account.fnr_hash == fnr_hash(fnr.value))).first()


def plan_of(s: Session, person_id: int) -> Optional[Plan]:
    """The person's open plan, or None (closed plans are not "the plan")."""
    return s.exec(select(Plan).where(Plan.person_id == person_id,
                                     Plan.closed_at.is_(None))).first()


def search(s: Session, *, fnr: Optional[Fnr] = None, born: Optional[date] = None,
           name: str = "") -> list[PersonHit]:
    """People (kind person, active) with this number, this birth date, or a name that
    contains `name`; with their open plan, if they have one (one row per person: at most
    one plan is open)."""
    q = (select(Account.id, Account.display_name, Account.birth_date, Plan.id)
         .outerjoin(Plan, sa.and_(Plan.person_id == Account.id, Plan.closed_at.is_(None)))
         .where(Account.kind == "person", Account.deactivated_at.is_(None)))
    if fnr is not None:
        q = q.where(Account.fnr_hash == fnr_hash(fnr.value))
    elif born is not None:
        q = q.where(Account.birth_date == born)
    else:
        words = [w for w in name.lower().split() if w][:4]
        if not words:
            return []
        for w in words:
            escaped = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            q = q.where(sa.func.lower(Account.display_name).like(f"%{escaped}%", escape="\\"))
    rows = s.exec(q.order_by(Account.display_name, Account.id).limit(SEARCH_LIMIT)).all()
    return [PersonHit(a, n, b, p) for a, n, b, p in rows]


def create_person(s: Session, *, fnr: Fnr, name: str) -> Account:
    """A person account for a plan that is about to start: no password (an invitation
    link, or ID-porten, which finds it by the number's hash on the first login)."""
    a = Account(username=f"p-{new_token()[:16].lower()}", display_name=name, kind="person",
                password_hash="", birth_date=fnr.birth_date, fnr_hash=fnr_hash(fnr.value),
                created_at=utcnow())
    s.add(a)
    s.flush()
    return a


def link_started_person(s: Session, pid: str) -> Optional[Account]:
    """First ID-porten login of a person staff made an account for: the `pid` claim is
    the fødselsnummer; its hash finds the account, which is then linked for good
    (data.external_ids) so later logins find it the usual way. None: no such person."""
    from ip_app.auth.external_ids import link  # the subject key is needed only here

    try:
        fnr = parse_fnr(pid)
    except RuleError:
        return None
    acct = person_by_fnr(s, fnr)
    if acct is None or acct.kind != "person":
        return None
    link(s, acct.id, "person", "pid", pid)
    return acct
