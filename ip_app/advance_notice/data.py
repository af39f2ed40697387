"""Forhåndsorientering rows: append-only (a correction is a new row), the read receipt
is written once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from sqlmodel import Session, select

from ip_app.advance_notice.rules import may_read
from ip_app.decisions.data import names as names_of
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.db import param
from ip_app.kernel.models import AdvanceNotice, utcnow


class AlreadyRead(Exception):
    """The receipt is written once."""


_OF_PLAN = (select(AdvanceNotice).where(AdvanceNotice.plan_id == param("plan_id"))
            .order_by(AdvanceNotice.id.desc()))  # on every open of a plan: built once


def of_plan(s: Session, plan_id: int) -> dict[int, list[AdvanceNotice]]:
    """Per tiltak, its notices newest first (one query for the whole plan)."""
    out: dict[int, list[AdvanceNotice]] = {}
    for n in s.exec(_OF_PLAN, params={"plan_id": plan_id}):
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


@dataclass
class NoticeData:
    """What the page of one tiltak's notices is built from: its notices, oldest first, and
    the names of who sent and who read them."""
    notices: list[AdvanceNotice] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)


def load_page(s: Session, plan_id: int, measure_id: int) -> NoticeData:
    rows = of_measure(s, plan_id, measure_id)
    return NoticeData(rows, names_of(s, {n.sent_by_id for n in rows}
                                     | {n.read_by_id or 0 for n in rows}))


def for_plan(s: Session, plan_id: int, access: PlanAccess) -> dict[int, list[AdvanceNotice]]:
    """The plan's notices per tiltak, if the viewer may read them (one query, or none)."""
    return of_plan(s, plan_id) if may_read(access, True) else {}
