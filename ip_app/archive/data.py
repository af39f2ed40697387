"""The archive's rows: every snapshot handed to a target (`archive_snapshot`), read for the
plan's list, the schedule and the restore. Rows are only added."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.models import Account, ArchiveSnapshot, Plan, PlanBasis, utcnow


def record(s: Session, *, plan_id: int, reason: str, source: str, document_date: date,
           made_at: datetime, target: str, reference: str, sha256: str,
           size: int) -> ArchiveSnapshot:
    row = ArchiveSnapshot(plan_id=plan_id, reason=reason, source=source,
                          document_date=document_date, made_at=made_at, target=target,
                          reference=reference, sha256=sha256, size=size)
    s.add(row)
    s.flush()
    return row


def has_source(s: Session, plan_id: int, source: str) -> bool:
    """Was a snapshot for this cause (a closing, an evaluation) already written?"""
    return s.exec(select(ArchiveSnapshot.id).where(ArchiveSnapshot.plan_id == plan_id,
                                                   ArchiveSnapshot.source == source)).first() \
        is not None


def of_plan(s: Session, plan_id: int) -> list[ArchiveSnapshot]:
    """The plan's snapshots, newest first."""
    return list(s.exec(select(ArchiveSnapshot).where(ArchiveSnapshot.plan_id == plan_id)
                       .order_by(ArchiveSnapshot.made_at.desc(), ArchiveSnapshot.id.desc())))


def get(s: Session, snapshot_id: int) -> Optional[ArchiveSnapshot]:
    return s.get(ArchiveSnapshot, snapshot_id)


def schedule_facts(s: Session) -> list:
    """For every plan: (plan_id, closed_at, newest snapshot, newest "closed" snapshot), in
    one statement whatever the number of plans."""
    last = sa.func.max(ArchiveSnapshot.made_at)
    last_closed = sa.func.max(sa.case((ArchiveSnapshot.reason == "closed",
                                       ArchiveSnapshot.made_at)))
    q = (select(Plan.id, Plan.closed_at, last.label("last_at"), last_closed.label("closed_at_snap"))
         .outerjoin(ArchiveSnapshot, ArchiveSnapshot.plan_id == Plan.id)
         .group_by(Plan.id, Plan.closed_at).order_by(Plan.id))
    return list(s.exec(q))


def plan_facts(s: Session, plan_id: int) -> tuple[Plan, Account, list[str]]:
    """The plan, its person and the bases it serves (for the snapshot's metadata)."""
    plan = s.get(Plan, plan_id)
    if plan is None:
        raise LookupError(plan_id)
    person = s.get(Account, plan.person_id)
    bases = list(s.exec(select(PlanBasis.basis).where(PlanBasis.plan_id == plan_id)
                        .order_by(PlanBasis.id)))
    return plan, person, bases


now = utcnow
