"""One construction for a row whose every state is kept: the row holds the current state
and a `version` (the optimistic lock); a version table (with `models.VersionColumns`)
holds each state with who, in which role, when and why.

    item = start(s, PlanItem(...), PlanItemVersion, "plan_item_id", actor, text=...)
    item = advance(s, PlanItem, item_id, based_on, PlanItemVersion, "plan_item_id", actor,
                   reason, row={"text": t}, version={"text": t})

`advance` raises `Stale` (with the row as it is now) when the row has moved on since the
version the change was based on; nothing is written then.
"""

from __future__ import annotations

from typing import Any, Optional, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

from ip_app.kernel.actor import Actor

from ip_app.kernel.guarded import guarded_update
from ip_app.kernel.models import utcnow

Row = TypeVar("Row")


class Stale(Exception):
    def __init__(self, current: Any):
        super().__init__(f"{type(current).__name__} {current.id} is at version {current.version}")
        self.current = current


def write_version(s: Session, version_cls: type, fk: str, row_id: int, number: int,
                  actor: Actor, reason: str = "", **values: Any) -> None:
    """Store version `number` of row `row_id` with who and why: one Core INSERT in the
    caller's transaction (a status change then flushes no ORM unit of work, which cost
    more than its statements, issue 23)."""
    s.execute(sa.insert(version_cls), {fk: row_id, "version": number,
                                       "changed_by_id": actor.account_id,
                                       "changed_by_role": str(actor.role),
                                       "changed_at": utcnow(), "reason": reason, **values})


def start(s: Session, row: Row, version_cls: type, fk: str, actor: Actor, reason: str = "",
          **version_values: Any) -> Row:
    """Store a new row at version 1 and its first version."""
    row.version = 1  # type: ignore[attr-defined]
    s.add(row)
    s.flush()
    write_version(s, version_cls, fk, row.id, 1, actor, reason, **version_values)  # type: ignore[attr-defined]
    return row


def advance(s: Session, model: type[Row], row_id: int, based_on: int, version_cls: type,
            fk: str, actor: Actor, reason: str = "", *, row: Optional[dict] = None,
            version: Optional[dict] = None) -> Row:
    """Set `row` values and the next version if the row is still at `based_on`, and write
    that version (`version` values) with who and why. Raises Stale or LookupError."""
    current, won = guarded_update(s, model, row_id, based_on, **(row or {}))
    if current is None:
        raise LookupError(row_id)
    if not won:
        raise Stale(current)
    write_version(s, version_cls, fk, row_id, current.version, actor, reason,  # type: ignore[attr-defined]
                  **(version or {}))
    return current
