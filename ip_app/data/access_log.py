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

from ip_app.data.models import Account, AuditEvent, Organisation

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


def _where(plan_id: int, exclude_actor_id: Optional[int]) -> list:
    cond = [AuditEvent.plan_id == plan_id]
    if exclude_actor_id is not None:
        cond.append(sa.or_(AuditEvent.actor_id == None,  # noqa: E711
                           AuditEvent.actor_id != exclude_actor_id))
    return cond


def count(s: Session, plan_id: int, *, exclude_actor_id: Optional[int] = None) -> int:
    return s.exec(select(sa.func.count()).select_from(AuditEvent)
                  .where(*_where(plan_id, exclude_actor_id))).one()


def entries(s: Session, plan_id: int, *, exclude_actor_id: Optional[int] = None,
            offset: int = 0, limit: int = PAGE_SIZE) -> list[LogEntry]:
    """One page of the plan's audit events, newest first, with who did it (one query)."""
    rows = s.exec(
        select(AuditEvent, Account, Organisation)
        .join(Account, Account.id == AuditEvent.actor_id, isouter=True)
        .join(Organisation, Organisation.id == Account.organisation_id, isouter=True)
        .where(*_where(plan_id, exclude_actor_id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset(max(offset, 0)).limit(max(min(limit, 200), 1))
    ).all()
    return [LogEntry(id=e.id, at=e.at, action=e.action, allowed=e.allowed,
                     actor_role=e.actor_role, actor_name=a.display_name if a else "",
                     actor_kind=a.kind if a else "", organisation=o.name if o else "")
            for e, a, o in rows]
