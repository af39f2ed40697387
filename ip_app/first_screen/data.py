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
from ip_app.kernel.db import param, param_list
from ip_app.meetings import data as md

from ip_app.kernel.models import (
    Account, Consent, GoalVersion, Measure, MeasureVersion, PlanVisit, utcnow,
)


# asked on every open of a plan: built once (see `db.param`); the visit read and noted
# without the ORM's unit of work (a flush of one row cost more than the rest of `visit`)
_VISITS = PlanVisit.__table__
_VISIT = sa.select(_VISITS.c.id, _VISITS.c.seen_at).where(
    _VISITS.c.plan_id == param("plan_id"), _VISITS.c.account_id == param("account_id"))
_FIRST_VISIT = sa.insert(_VISITS).values(
    plan_id=param("the_plan"), account_id=param("the_account"),
    seen_at=sa.bindparam("now", type_=_VISITS.c.seen_at.type))
_NEXT_VISIT = sa.update(_VISITS).where(_VISITS.c.id == param("visit")).values(
    seen_at=sa.bindparam("now", type_=_VISITS.c.seen_at.type))
_REQUESTS = select(sa.func.count(Consent.id)).where(Consent.plan_id == param("plan_id"),
                                                    Consent.status == "requested")
_MEASURE_CHANGES = (select(MeasureVersion, Account.display_name)
                    .join(Account, Account.id == MeasureVersion.changed_by_id)
                    .where(MeasureVersion.measure_id.in_(param_list("ids")),
                           MeasureVersion.changed_at > param("since")))
_GOAL_CHANGES = (select(GoalVersion, Account.display_name)
                 .join(Account, Account.id == GoalVersion.changed_by_id)
                 .where(GoalVersion.goal_id.in_(param_list("ids")),
                        GoalVersion.changed_at > param("since")))


def last_visit(s: Session, *, plan_id: int, account_id: int) -> Any:
    """The row of the account's last visit to the plan (id, seen_at), or None."""
    return s.execute(_VISIT, {"plan_id": plan_id, "account_id": account_id}).first()


def visit(s: Session, *, plan_id: int, account_id: int,
          now: Optional[datetime] = None) -> Optional[datetime]:
    """Note this visit; return the one before (None the first time)."""
    now = now or utcnow()
    row = last_visit(s, plan_id=plan_id, account_id=account_id)
    if row is None:
        s.execute(_FIRST_VISIT, {"the_plan": plan_id, "the_account": account_id, "now": now})
        return None
    s.execute(_NEXT_VISIT, {"visit": row.id, "now": now})
    return row.seen_at


def consent_requests(s: Session, plan_id: int) -> int:
    """How many consent requests in the plan wait for an answer."""
    return s.exec(_REQUESTS, params={"plan_id": plan_id}).one()


def changes(s: Session, *, since: datetime, measures: Iterable[Measure],
            goal_ids: Iterable[int], meetings: Iterable[tuple] = ()) -> list[Change]:
    """Changes after `since` to the given tiltak and goals (two statements) and meetings
    (`(meeting, [(version, author name)])` as `meetings.visible_with_history` gives them)."""
    by_id = {m.id: m for m in measures}
    goal_ids = list(goal_ids)
    out: list[Change] = []
    if by_id:
        rows = s.exec(_MEASURE_CHANGES, params={"ids": list(by_id), "since": since}).all()
        for v, name in rows:
            status = str((v.snapshot or {}).get("status", ""))
            out.append(Change(when=v.changed_at, who_id=v.changed_by_id, who=name,
                              subject="measure", subject_id=v.measure_id,
                              title=by_id[v.measure_id].title,
                              what="created" if v.version == 1 else "changed", status=status))
    if goal_ids:
        rows = s.exec(_GOAL_CHANGES, params={"ids": goal_ids, "since": since}).all()
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


def load_news(s: Session, plan_data: Any, viewer: Viewer, since: datetime,
              meetings: Optional[list] = None) -> NewsData:
    """`plan_data`: the plan as `plan.data.load_plan` read it for this viewer (three
    statements: tiltak versions, goal versions, meetings with their versions; two when the
    `meetings` the viewer sees, as `meetings.visible_with_history` gives them, are known)."""
    if meetings is None:
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
