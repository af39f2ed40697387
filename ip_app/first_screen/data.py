"""Visits and recent changes, for the first screen of a plan ("Nytt siden sist").

`visit` notes that an account opened a plan and returns when it did so before; `changes`
reads what was changed in the plan after a time, only of the tiltak, goals and meetings
the caller passes (those the viewer may see)."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.first_screen.rules import Change

from ip_app.kernel.models import (
    Account, Consent, GoalVersion, Measure, MeasureVersion, PlanVisit, utcnow,
)


def visit(s: Session, *, plan_id: int, account_id: int,
          now: Optional[datetime] = None) -> Optional[datetime]:
    """Note this visit; return the one before (None the first time)."""
    now = now or utcnow()
    row = s.exec(select(PlanVisit).where(PlanVisit.plan_id == plan_id,
                                         PlanVisit.account_id == account_id)).first()
    if row is None:
        s.add(PlanVisit(plan_id=plan_id, account_id=account_id, seen_at=now))
        s.flush()
        return None
    before = row.seen_at
    row.seen_at = now
    s.add(row)
    s.flush()
    return before


def consent_requests(s: Session, plan_id: int) -> int:
    """How many consent requests in the plan wait for an answer."""
    return s.exec(select(sa.func.count(Consent.id)).where(
        Consent.plan_id == plan_id, Consent.status == "requested")).one()


def changes(s: Session, *, since: datetime, measures: Iterable[Measure],
            goal_ids: Iterable[int], meetings: Iterable[tuple], ) -> list[Change]:
    """Changes after `since` to the given tiltak and goals (two statements) and meetings
    (`(meeting, [(version, author name)])` as `meetings.visible_with_history` gives them)."""
    by_id = {m.id: m for m in measures}
    goal_ids = list(goal_ids)
    out: list[Change] = []
    if by_id:
        rows = s.exec(select(MeasureVersion, Account.display_name)
                      .join(Account, Account.id == MeasureVersion.changed_by_id)
                      .where(MeasureVersion.measure_id.in_(list(by_id)),
                             MeasureVersion.changed_at > since)).all()
        for v, name in rows:
            status = str((v.snapshot or {}).get("status", ""))
            out.append(Change(when=v.changed_at, who_id=v.changed_by_id, who=name,
                              subject="measure", subject_id=v.measure_id,
                              title=by_id[v.measure_id].title,
                              what="created" if v.version == 1 else "changed", status=status))
    if goal_ids:
        rows = s.exec(select(GoalVersion, Account.display_name)
                      .join(Account, Account.id == GoalVersion.changed_by_id)
                      .where(GoalVersion.goal_id.in_(goal_ids),
                             GoalVersion.changed_at > since)).all()
        for v, name in rows:
            out.append(Change(when=v.changed_at, who_id=v.changed_by_id, who=name,
                              subject="goal", subject_id=v.goal_id, title=v.text,
                              what="created" if v.version == 1 else "changed"))
    for m, versions in meetings:
        for v, name in versions:
            if v.changed_at <= since:
                continue
            cancelled = (v.snapshot or {}).get("status") == "cancelled"
            what = "created" if v.version == 1 else ("cancelled" if cancelled else "changed")
            out.append(Change(when=v.changed_at, who_id=v.changed_by_id, who=name or "",
                              subject="meeting", subject_id=m.id, title=m.topic, what=what))
    return out
