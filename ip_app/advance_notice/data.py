"""Forhåndsorientering rows: append-only (a correction is a new row), the read receipt
is written once."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Session, select

from ip_app.kernel.models import AdvanceNotice, utcnow


class AlreadyRead(Exception):
    """The receipt is written once."""


def of_plan(s: Session, plan_id: int) -> dict[int, list[AdvanceNotice]]:
    """Per tiltak, its notices newest first (one query for the whole plan)."""
    out: dict[int, list[AdvanceNotice]] = {}
    for n in s.exec(select(AdvanceNotice).where(AdvanceNotice.plan_id == plan_id)
                    .order_by(AdvanceNotice.id.desc())):
        out.setdefault(n.measure_id, []).append(n)
    return out


def of_measure(s: Session, plan_id: int, measure_id: int) -> list[AdvanceNotice]:
    return list(s.exec(select(AdvanceNotice).where(
        AdvanceNotice.plan_id == plan_id, AdvanceNotice.measure_id == measure_id)
        .order_by(AdvanceNotice.id.desc())))


def get(s: Session, plan_id: int, notice_id: int) -> Optional[AdvanceNotice]:
    n = s.get(AdvanceNotice, notice_id)
    return n if n is not None and n.plan_id == plan_id else None


def send(s: Session, *, plan_id: int, measure_id: int, required: str, consequence: str,
         rights: str, actor_id: int) -> AdvanceNotice:
    """A new notice; the one in force before it (if any) is marked replaced."""
    current = next((n for n in of_measure(s, plan_id, measure_id)
                    if n.replaced_by_id is None), None)
    n = AdvanceNotice(plan_id=plan_id, measure_id=measure_id, required=required,
                      consequence=consequence, rights=rights, sent_by_id=actor_id,
                      replaces_id=current.id if current else None)
    s.add(n)
    s.flush()
    if current is not None:
        current.replaced_by_id = n.id
        s.add(current)
        s.flush()
    return n


def confirm_read(s: Session, n: AdvanceNotice, *, actor_id: int,
                 now: Optional[datetime] = None) -> AdvanceNotice:
    if n.read_at is not None:
        raise AlreadyRead()
    n.read_at = now or utcnow()
    n.read_by_id = actor_id
    s.add(n)
    s.flush()
    return n
