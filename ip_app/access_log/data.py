"""The person's access log (tilgangslogg): the audit events of one plan, newest first.

Only the plan's person may read it (the web layer checks, and audits the read). The
person's own events are left out: the log answers "who else has been in my plan".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.models import Account, AuditEvent, Organisation

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogEntry:
    id: int
    at: datetime
    action: str
    allowed: bool
    actor_role: str
    actor_name: str  # "" when nobody was logged in
    actor_kind: str
    organisation: str
    actor_id: Optional[int] = None
    target: str = ""
    actor_title: str = ""  # "Kontaktlærer": part of the one participant label


# `only` of `count`/`entries`: everyone (None), one account (its id), or REFUSED
REFUSED = -1


def _where(plan_id: int, exclude_actor_id: Optional[int], only: Optional[int] = None) -> list:
    cond = [AuditEvent.plan_id == plan_id]
    if exclude_actor_id is not None:
        cond.append(sa.or_(AuditEvent.actor_id == None,  # noqa: E711
                           AuditEvent.actor_id != exclude_actor_id))
    if only == REFUSED:
        cond.append(AuditEvent.allowed == False)  # noqa: E712
    elif only is not None:
        cond.append(AuditEvent.actor_id == only)
    return cond


def count(s: Session, plan_id: int, *, exclude_actor_id: Optional[int] = None,
          only: Optional[int] = None) -> int:
    return s.exec(select(sa.func.count()).select_from(AuditEvent)
                  .where(*_where(plan_id, exclude_actor_id, only))).one()


def owner_name(s: Session, person_id: int) -> str:
    """The name of the person whose plan the log is of (for a guardian's heading)."""
    person = s.get(Account, person_id)
    return person.display_name if person else ""


def actors(s: Session, plan_id: int, *, exclude_actor_id: Optional[int] = None
           ) -> list[tuple[int, str]]:
    """Everyone in the plan's log (but the reader), by name: for "Vis bare"."""
    rows = s.exec(select(Account.id, Account.display_name).distinct()
                  .join(AuditEvent, AuditEvent.actor_id == Account.id)
                  .where(*_where(plan_id, exclude_actor_id))
                  .order_by(Account.display_name)).all()
    return [(i, n) for i, n in rows]


def target_names(s: Session, plan_id: int, measure_ids: list[int], thread_ids: list[int]
                 ) -> tuple[dict[int, str], dict[int, str]]:
    """Titles of the tiltak and subjects of the conversations of this plan that log lines
    point at (at most two statements); ids of another plan are not named."""
    from ip_app.kernel.models import Measure, Thread  # beside the audit tables; only needed here
    measures = dict(s.exec(select(Measure.id, Measure.title).where(
        Measure.plan_id == plan_id, Measure.id.in_(measure_ids))).all()) if measure_ids else {}
    threads = dict(s.exec(select(Thread.id, Thread.subject).where(
        Thread.plan_id == plan_id, Thread.id.in_(thread_ids))).all()) if thread_ids else {}
    return measures, threads


def entries(s: Session, plan_id: int, *, exclude_actor_id: Optional[int] = None,
            offset: int = 0, limit: int = PAGE_SIZE, only: Optional[int] = None
            ) -> list[LogEntry]:
    """One page of the plan's audit events, newest first, with who did it (one query)."""
    rows = s.exec(
        select(AuditEvent, Account, Organisation)
        .join(Account, Account.id == AuditEvent.actor_id, isouter=True)
        .join(Organisation, Organisation.id == Account.organisation_id, isouter=True)
        .where(*_where(plan_id, exclude_actor_id, only))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset(max(offset, 0)).limit(max(min(limit, 200), 1))
    ).all()
    return [LogEntry(id=e.id, at=e.at, action=e.action, allowed=e.allowed,
                     actor_role=e.actor_role, actor_name=a.display_name if a else "",
                     actor_kind=a.kind if a else "", organisation=o.name if o else "",
                     actor_id=e.actor_id, target=e.target or "",
                     actor_title=a.title if a else "")
            for e, a, o in rows]
