"""Writing and reading the IP's own contents: resources, needs, samarbeidsparter
(`PlanItem`, versions in `PlanItemVersion`) and sub-goals (`Goal` with a parent). Nothing
is deleted: a change or an archiving is a new version (kernel/versioned.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.actor import Actor

from ip_app.closing import data as closing_data
from ip_app.goals.data import create_goal
from ip_app.ip_contents.rules import may_read_ip_contents, shows_ip_contents
from ip_app.kernel.db import param
from ip_app.kernel.models import Account, Goal, GoalVersion, PlanItem, PlanItemVersion, utcnow
from ip_app.kernel.versioned import Stale, advance, start

__all__ = ["Stale", "ItemWithHistory", "create_item", "change_item", "archive_item",
           "add_subgoal", "archive_goal", "items_with_history", "archived_goals"]


@dataclass
class ItemWithHistory:
    item: PlanItem
    versions: list[PlanItemVersion] = field(default_factory=list)  # oldest first
    names: dict[int, str] = field(default_factory=dict)  # who wrote each version


def create_item(s: Session, *, plan_id: int, kind: str, text: str, actor: Actor) -> PlanItem:
    item = PlanItem(plan_id=plan_id, kind=kind, text=text, created_by_id=actor.account_id,
                    created_at=utcnow())
    return start(s, item, PlanItemVersion, "plan_item_id", actor, text=text)


def change_item(s: Session, *, item_id: int, based_on: int, text: str, reason: str,
                actor: Actor) -> PlanItem:
    return advance(s, PlanItem, item_id, based_on, PlanItemVersion, "plan_item_id", actor,
                   reason, row={"text": text}, version={"text": text})


def archive_item(s: Session, *, item: PlanItem, based_on: int, reason: str,
                 actor: Actor) -> PlanItem:
    return advance(s, PlanItem, item.id, based_on, PlanItemVersion, "plan_item_id", actor,
                   reason, row={"archived_at": utcnow()},
                   version={"text": item.text, "archived": True})


def add_subgoal(s: Session, *, plan_id: int, parent_id: int, text: str, actor: Actor) -> Goal:
    last = s.exec(select(sa.func.max(Goal.position)).where(Goal.parent_id == parent_id)).first()
    return create_goal(s, plan_id=plan_id, actor=actor, text=text, parent_id=parent_id,
                       position=(last or 0) + 1)


def archive_goal(s: Session, *, goal: Goal, based_on: int, reason: str, actor: Actor) -> Goal:
    return advance(s, Goal, goal.id, based_on, GoalVersion, "goal_id", actor, reason,
                   row={"archived_at": utcnow()}, version={"text": goal.text, "archived": True})


_ITEM_VERSIONS = (select(PlanItem, PlanItemVersion, Account.display_name)
                  .join(PlanItemVersion, PlanItemVersion.plan_item_id == PlanItem.id)
                  .join(Account, Account.id == PlanItemVersion.changed_by_id)
                  .where(PlanItem.plan_id == param("plan_id"))
                  .order_by(PlanItem.kind, PlanItem.id, PlanItemVersion.version))


def items_with_history(s: Session, plan_id: int) -> list[ItemWithHistory]:
    """Every item of the plan, archived ones too, each with every version (one query)."""
    out: dict[int, ItemWithHistory] = {}
    for item, v, name in s.exec(_ITEM_VERSIONS, params={"plan_id": plan_id}):
        got = out.setdefault(item.id, ItemWithHistory(item))
        got.versions.append(v)
        got.names[v.changed_by_id] = name
    return list(out.values())


_ARCHIVED_GOALS = (select(Goal, GoalVersion, Account.display_name)
                   .join(GoalVersion, GoalVersion.goal_id == Goal.id)
                   .join(Account, Account.id == GoalVersion.changed_by_id)
                   .where(Goal.plan_id == param("plan_id"), Goal.archived_at != None)  # noqa: E711
                   .order_by(Goal.archived_at.desc(), Goal.id, GoalVersion.version))


def archived_goals(s: Session, plan_id: int
                   ) -> list[tuple[Goal, list[GoalVersion], dict[int, str]]]:
    """The plan's archived (sub-)goals with every version and who wrote them (one query)."""
    out: dict[int, tuple[Goal, list[GoalVersion], dict[int, str]]] = {}
    for g, v, name in s.exec(_ARCHIVED_GOALS, params={"plan_id": plan_id}):
        got = out.setdefault(g.id, (g, [], {}))
        got[1].append(v)
        got[2][v.changed_by_id] = name
    return list(out.values())


def item_of_plan(s: Session, plan_id: int, item_id: int) -> Optional[PlanItem]:
    item = s.get(PlanItem, item_id)
    return item if item is not None and item.plan_id == plan_id else None


@dataclass
class IpContentsData:
    """What the IP's own contents and the plan's closing are built from: the items and
    archived goals (only when the viewer reads the IP's contents) and the closing events."""
    items: list[ItemWithHistory] = field(default_factory=list)
    archived_goals: list = field(default_factory=list)
    events: list = field(default_factory=list)


def load_for_plan(s: Session, plan_id: int, bases, access) -> IpContentsData:  # noqa: ANN001
    """At most three statements (`bases`, `access`: the plan's, as `plan.data.load_plan`
    read them for the viewer)."""
    out = IpContentsData(events=closing_data.events_of(s, plan_id))
    if shows_ip_contents(bases) and may_read_ip_contents(access):
        out.items = items_with_history(s, plan_id)
        out.archived_goals = archived_goals(s, plan_id)
    return out
