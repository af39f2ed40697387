"""Writing goals (mål): the person's own words, with every earlier version kept."""

from __future__ import annotations

from typing import Optional

from sqlmodel import Session, select

from ip_app.kernel.actor import Actor

from ip_app.kernel.guarded import guarded_update
from ip_app.kernel.models import Goal, GoalVersion, utcnow


class StaleGoal(Exception):
    def __init__(self, current: Goal):
        super().__init__(f"goal {current.id} is at version {current.version}")
        self.current = current


def create_goal(
    s: Session, *, plan_id: int, actor: Actor, text: str, parent_id: Optional[int] = None,
    position: int = 0,
) -> Goal:
    g = Goal(plan_id=plan_id, parent_id=parent_id, text=text, position=position, version=1,
             created_at=utcnow())
    s.add(g)
    s.flush()
    s.add(GoalVersion(goal_id=g.id, version=1, text=text, changed_by_id=actor.account_id,
                      changed_by_role=str(actor.role)))
    return g


def update_goal_text(
    s: Session, *, goal_id: int, based_on_version: int, actor: Actor, text: str, reason: str = "",
) -> Goal:
    g, won = guarded_update(s, Goal, goal_id, based_on_version, text=text)
    if g is None:
        raise LookupError(goal_id)
    if not won:
        raise StaleGoal(g)
    s.add(GoalVersion(goal_id=g.id, version=g.version, text=text, changed_by_id=actor.account_id,
                      changed_by_role=str(actor.role), reason=reason))
    return g


def goal_versions(s: Session, goal_id: int) -> list[GoalVersion]:
    return list(s.exec(select(GoalVersion).where(GoalVersion.goal_id == goal_id)
                       .order_by(GoalVersion.version)))
