"""The audit log: append-only records of reads and changes, allowed or refused."""

from __future__ import annotations

from typing import Optional

from sqlmodel import Session

from .models import AuditEvent


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
