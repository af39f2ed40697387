"""Writing tiltak: every change bumps `version` and writes a MeasureVersion row.

The version column is the optimistic lock: an update names the version it was
based on and is refused if someone else saved in between (no lost update).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from sqlmodel import Session, select

from ip_app.kernel.actor import Actor
from ip_app.measures.rules import Status

from ip_app.kernel.guarded import guarded_update
from ip_app.kernel.versioned import write_version
from ip_app.kernel.models import Measure, MeasureVersion, utcnow

SNAPSHOT_FIELDS = (
    "title", "description", "kind", "responsible_participant_id", "extent", "hours_per_week",
    "how", "start_date", "end_date", "status", "agreed", "goal_id", "serves",
    "restricted_to_org_id",
)


class StaleVersion(Exception):
    """Someone saved the tiltak after the version this change was based on."""

    def __init__(self, current: Measure):
        super().__init__(f"measure {current.id} is at version {current.version}")
        self.current = current


def snapshot(m: Measure) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in SNAPSHOT_FIELDS:
        v = getattr(m, f)
        out[f] = v.isoformat() if isinstance(v, date) else v
    return out


def _write_version(s: Session, m: Measure, actor: Actor, reason: str) -> None:
    write_version(s, MeasureVersion, "measure_id", m.id, m.version, actor, reason,
                  snapshot=snapshot(m))


def create_measure(s: Session, *, plan_id: int, actor: Actor, reason: str = "", **fields: Any) -> Measure:
    now = fields.pop("created_at", None) or utcnow()
    m = Measure(plan_id=plan_id, created_by_id=actor.account_id, created_at=now, updated_at=now,
                version=1, **fields)
    s.add(m)
    s.flush()
    _write_version(s, m, actor, reason)
    return m


def update_measure(
    s: Session, *, measure_id: int, based_on_version: int, actor: Actor, reason: str = "",
    **changes: Any,
) -> Measure:
    """Apply `changes` atomically if the tiltak is still at `based_on_version`.

    The UPDATE ... WHERE version = :v is the guard, so two workers racing on the
    same row cannot both win, whatever the database.
    """
    m, won = guarded_update(s, Measure, measure_id, based_on_version, **changes,
                            updated_at=utcnow())
    if m is None:
        raise LookupError(measure_id)
    if not won:
        raise StaleVersion(m)
    _write_version(s, m, actor, reason)
    return m


def change_status(
    s: Session, *, measure_id: int, based_on_version: int, actor: Actor, new: Status, reason: str,
) -> Measure:
    return update_measure(
        s, measure_id=measure_id, based_on_version=based_on_version, actor=actor, reason=reason,
        status=str(new),
    )


def versions(s: Session, measure_id: int) -> list[MeasureVersion]:
    return list(s.exec(
        select(MeasureVersion).where(MeasureVersion.measure_id == measure_id)
        .order_by(MeasureVersion.version)
    ))


def get(s: Session, measure_id: int) -> Optional[Measure]:
    return s.get(Measure, measure_id)
