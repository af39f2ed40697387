"""Visits and recent changes, for the first screen of a plan ("Nytt siden sist").

`visit` notes that an account opened a plan and returns when it did so before; `changes`
reads what was changed in the plan after a time, only of the tiltak, goals and meetings
the caller passes (those the viewer may see)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.conversation_records import data as record_data
from ip_app.conversation_records.rules import may_confirm
from ip_app.first_screen.rules import Change, decides_consent, meeting_changes

from ip_app.kernel.access import Viewer
from ip_app.meetings import data as md

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
            goal_ids: Iterable[int], meetings: Iterable[tuple] = ()) -> list[Change]:
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
    return out + meeting_changes(since, meetings)


@dataclass
class NewsData:
    """What "Nytt siden sist" is built from: the changes to the tiltak and goals the viewer
    sees after `since` (their own among them), and the meetings they see with every version
    (the topic is worded by the view, which knows whether the viewer may read it)."""
    since: datetime
    changes: list[Change] = field(default_factory=list)
    meetings: list = field(default_factory=list)


def load_news(s: Session, plan_data: Any, viewer: Viewer, since: datetime) -> NewsData:
    """`plan_data`: the plan as `plan.data.load_plan` read it for this viewer (three
    statements: tiltak versions, goal versions, meetings with their versions)."""
    meetings = md.visible_with_history(
        s, plan_data.plan.id, plan_data.access, viewer,
        person_protected=plan_data.person_protected,
        coordinator_participant_id=plan_data.plan.coordinator_participant_id)
    return NewsData(since, changes(s, since=since, measures=plan_data.measures,
                                   goal_ids=[g.id for g in plan_data.goals]), meetings)


@dataclass
class FirstData:
    """The counts the first screen needs beyond the plan: open consent requests (when the
    viewer decides on them) and the person's samtalereferat not yet read."""
    consent_requests: int = 0
    unread_records: int = 0


def load_first(s: Session, plan_data: Any, viewer: Viewer, today: date,
               requests: Optional[int] = None) -> FirstData:
    """At most two statements; `requests`: the open consent requests, if known."""
    if requests is None:
        requests = (consent_requests(s, plan_data.plan.id)
                    if decides_consent(plan_data.access, plan_data.person_birth_date, today)
                    else 0)
    records = (record_data.unread_count(s, plan_data.plan.id, viewer.account_id)
               if may_confirm(plan_data.access) else 0)
    return FirstData(requests, records)
