"""Closing and reopening a plan: `Plan.closed_at` is the current state, every closing and
reopening a `PlanClosure` row (the closing one keeps the final PDF). Nothing deleted."""

from __future__ import annotations

from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.actor import Actor

from ip_app.kernel.db import param
from ip_app.kernel.models import Account, Plan, PlanClosure, utcnow


class AlreadyChanged(Exception):
    """The plan was closed or reopened by someone else meanwhile."""


class OtherPlanOpen(Exception):
    """The person has another open plan (started after this one closed): one open plan
    per person, so this one stays closed."""


def close_plan(s: Session, *, plan_id: int, actor: Actor, reason: str, text: str,
               evaluation: str) -> PlanClosure:
    now = utcnow()
    done = s.execute(sa.update(Plan).where(Plan.id == plan_id, Plan.closed_at == None)  # noqa: E711
                     .values(closed_at=now, updated_at=now)
                     .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise AlreadyChanged(plan_id)
    row = PlanClosure(plan_id=plan_id, event="closed", reason=reason, text=text,
                      evaluation=evaluation, by_id=actor.account_id, by_role=str(actor.role),
                      at=now)
    s.add(row)
    s.flush()
    return row


def keep_pdf(s: Session, closure_id: int, pdf: bytes) -> None:
    s.execute(sa.update(PlanClosure).where(PlanClosure.id == closure_id).values(pdf=pdf)
              .execution_options(synchronize_session=False))


def reopen_plan(s: Session, *, plan_id: int, actor: Actor, reason: str) -> PlanClosure:
    now = utcnow()
    person_id = s.exec(select(Plan.person_id).where(Plan.id == plan_id)).one()
    other = s.exec(select(Plan.id).where(Plan.person_id == person_id, Plan.id != plan_id,
                                         Plan.closed_at == None)).first()  # noqa: E711
    if other is not None:  # the unique index over open plans would refuse it too
        raise OtherPlanOpen(other)
    done = s.execute(sa.update(Plan).where(Plan.id == plan_id, Plan.closed_at != None)  # noqa: E711
                     .values(closed_at=None, updated_at=now)
                     .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise AlreadyChanged(plan_id)
    row = PlanClosure(plan_id=plan_id, event="reopened", text=reason, by_id=actor.account_id,
                      by_role=str(actor.role), at=now)
    s.add(row)
    return row


_EVENTS = (select(PlanClosure.id, PlanClosure.plan_id, PlanClosure.event, PlanClosure.reason,
                  PlanClosure.text, PlanClosure.evaluation, PlanClosure.by_id,
                  PlanClosure.by_role, PlanClosure.at, Account.display_name.label("by_name"))
           .join(Account, Account.id == PlanClosure.by_id)
           .where(PlanClosure.plan_id == param("plan_id")).order_by(PlanClosure.id))


def events_of(s: Session, plan_id: int) -> list:
    """Every closing and reopening of the plan, oldest first, with who did it (without
    the PDF bytes)."""
    return list(s.exec(_EVENTS, params={"plan_id": plan_id}))


def final_pdf(s: Session, plan_id: int) -> Optional[bytes]:
    """The PDF kept when the plan was last closed (None if it is open or none was kept)."""
    return s.exec(select(PlanClosure.pdf).where(PlanClosure.plan_id == plan_id,
                                                PlanClosure.event == "closed")
                  .order_by(PlanClosure.id.desc())).first()


def closed_plans_of(s: Session, person_id: int) -> list[tuple[Plan, Optional[PlanClosure]]]:
    """The person's closed plans ("Tidligere planer"), latest closed first, each with its
    last closing (without the PDF bytes loaded)."""
    plans = list(s.exec(select(Plan).where(Plan.person_id == person_id,
                                           Plan.closed_at != None)  # noqa: E711
                        .order_by(Plan.closed_at.desc())))
    out = []
    for p in plans:
        last = s.exec(select(PlanClosure).where(PlanClosure.plan_id == p.id,
                                                PlanClosure.event == "closed")
                      .order_by(PlanClosure.id.desc())
                      .options(sa.orm.defer(PlanClosure.pdf))).first()
        out.append((p, last))
    return out


def open_plans_closing_times(s: Session, person_id: int) -> list:
    """closed_at of each of the person's plans (for domain.closing.has_open_plan)."""
    return list(s.exec(select(Plan.closed_at).where(Plan.person_id == person_id)))
