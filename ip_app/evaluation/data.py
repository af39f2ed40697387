"""Evaluations of a plan (IP item 7): reading them, and recording one.

Recording an evaluation also moves the plan's next evaluation date and may adjust
the plan period. Both belong to the plan header, so the write is guarded by the
plan's `version` (optimistic lock): a save based on an older version is refused
and nothing is written. Evaluations are never edited or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.evaluation.rules import new_period

from ip_app.kernel.models import Account, Evaluation, Participant, Plan, utcnow


class StalePlan(Exception):
    """Someone changed the plan header after the version this save was based on."""

    def __init__(self, current: Plan):
        super().__init__(f"plan {current.id} is at version {current.version}")
        self.current = current


def evaluations_of(s: Session, plan_id: int) -> list[tuple[Evaluation, str]]:
    """The plan's evaluations, newest first, each with the name of who recorded it."""
    rows = s.exec(
        select(Evaluation, Account.display_name)
        .join(Account, Account.id == Evaluation.created_by_id)
        .where(Evaluation.plan_id == plan_id)
        .order_by(Evaluation.held_on.desc(), Evaluation.id.desc())
    ).all()
    return [(e, name) for e, name in rows]


def record_evaluation(
    s: Session, *, plan_id: int, based_on_version: int, actor_id: int, held_on: date,
    went_well: str, changes: str, attendees: str, next_date: date,
    period_start: Optional[date] = None, period_end: Optional[date] = None,
) -> Evaluation:
    """Write the evaluation and set the plan's next date (and period) atomically.

    Raises `StalePlan` if the plan is no longer at `based_on_version`, and
    `measures.rules.RuleError("error.period_order")` if the resulting period
    would end before it starts. In both cases nothing is written.
    """
    plan = s.get(Plan, plan_id, populate_existing=True)
    if plan is None:
        raise LookupError(plan_id)
    if plan.version != based_on_version:
        raise StalePlan(plan)
    start, end = new_period(plan.period_start, plan.period_end, period_start, period_end)
    res = s.execute(
        sa.update(Plan)
        .where(Plan.id == plan_id, Plan.version == based_on_version)
        .values(next_evaluation=next_date, period_start=start, period_end=end,
                version=based_on_version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    plan = s.get(Plan, plan_id, populate_existing=True)
    if res.rowcount != 1:
        raise StalePlan(plan)
    ev = Evaluation(plan_id=plan_id, held_on=held_on, went_well=went_well, changes=changes,
                    attendees=attendees, next_date=next_date, created_by_id=actor_id)
    s.add(ev)
    s.flush()
    return ev


@dataclass
class EvaluationData:
    """What the evaluation page is built from, read in one go."""
    person_name: str = ""
    evaluations: list[tuple[Evaluation, str]] = field(default_factory=list)  # with who recorded
    attendees: list[str] = field(default_factory=list)  # current participants, for the form


def load_page(s: Session, plan: Plan, *, with_attendees: bool) -> EvaluationData:
    """`with_attendees`: the viewer records evaluations, so the form is filled with who takes part."""
    person = s.get(Account, plan.person_id)
    names = list(s.exec(
        select(Account.display_name).join(Participant, Participant.account_id == Account.id)
        .where(Participant.plan_id == plan.id, Participant.left_at == None)  # noqa: E711
        .order_by(Participant.id)).all()) if with_attendees else []
    return EvaluationData(person.display_name if person else "", evaluations_of(s, plan.id), names)
