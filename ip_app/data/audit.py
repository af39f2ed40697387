"""The audit log: append-only records of reads and changes, allowed or refused."""

from __future__ import annotations

from typing import Iterable, Optional

import sqlalchemy as sa
from sqlmodel import Session

from .models import AuditEvent, utcnow


def record(
    s: Session,
    *,
    actor_id: Optional[int],
    action: str,
    plan_id: Optional[int] = None,
    actor_role: str = "",
    target: str = "",
    allowed: bool = True,
    detail: str = "",
) -> None:
    s.add(AuditEvent(
        actor_id=actor_id, actor_role=actor_role, action=action, plan_id=plan_id,
        target=target, allowed=allowed, detail=detail[:500],
    ))


def record_listing(s: Session, *, actor_id: int, actor_role: str, action: str,
                   plan_ids: Iterable[int], detail: str = "") -> int:
    """One allowed row per plan whose person appeared in a list the actor read (a
    caseload, /samordning), so each person finds it in their access log: one INSERT
    with many rows, in the caller's transaction. Returns the number of rows."""
    now = utcnow()
    rows = [dict(at=now, actor_id=actor_id, actor_role=actor_role, action=action,
                 plan_id=plan_id, target="", allowed=True, detail=detail[:500])
            for plan_id in dict.fromkeys(plan_ids)]
    if rows:
        s.execute(sa.insert(AuditEvent), rows)
    return len(rows)
