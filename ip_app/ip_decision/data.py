"""Decisions on the right to an individuell plan (enkeltvedtak), per person.

A decision is never changed or deleted; a new check writes a new one. When the
outcome is a right to an IP, the individuell plan basis is added to the person's
ONE existing plan; a second plan is never made (one plan per person).
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from sqlmodel import Session, select

from ip_app.ip_decision.rules import IpOutcome, effective_has_ip, ip_outcome
from ip_app.plan.rules import PlanBasis as Basis

from ip_app.cooperation.data import start_contributions
from ip_app.kernel import clock
from ip_app.kernel.models import Account, IpDecision, PlanBasis


def has_ip_basis(s: Session, plan_id: int) -> bool:
    """Does the plan already include the individuell plan basis?"""
    return s.exec(select(PlanBasis.id).where(
        PlanBasis.plan_id == plan_id, PlanBasis.basis == Basis.INDIVIDUELL_PLAN.value)
    ).first() is not None


def decisions_for(s: Session, person_id: int) -> list[tuple[IpDecision, str]]:
    """Earlier decisions on the person, newest first, with the name of who decided."""
    rows = s.exec(
        select(IpDecision, Account.display_name)
        .join(Account, Account.id == IpDecision.decided_by_id)
        .where(IpDecision.person_id == person_id)
        .order_by(IpDecision.decided_at.desc(), IpDecision.id.desc())
    ).all()
    return [(d, name) for d, name in rows]


def record_decision(
    s: Session, *, person_id: int, plan_id: Optional[int], actor_id: int, has_ip: bool,
    long_term: bool, several_providers: bool, reasons: str, today: Optional[date] = None,
    lang: str = "nb",
) -> tuple[IpDecision, bool]:
    """Record the decision; returns it and whether the IP basis was added to the plan.

    Question 1 is answered by the data where it can be: an IP basis already on the
    plan counts as "yes" whatever was answered. When the individuell plan starts, the
    participants' empty "hvem gjør hva" start from the samarbeidsavtale (in `lang`).
    `plan_id` None: the person has no (open) plan yet; the decision is kept on the person
    and the individuell plan is started from it on Ny plan.
    """
    recorded = has_ip_basis(s, plan_id) if plan_id is not None else False
    has = effective_has_ip(recorded, has_ip)
    outcome = ip_outcome(has, long_term, several_providers)
    decision = IpDecision(
        person_id=person_id, has_ip_already=has, long_term_need=long_term,
        several_providers=several_providers, outcome=outcome.value, reasons=reasons,
        decided_by_id=actor_id,
    )
    s.add(decision)
    added = False
    if outcome == IpOutcome.RIGHT and not recorded and plan_id is not None:
        s.add(PlanBasis(plan_id=plan_id, basis=Basis.INDIVIDUELL_PLAN.value,
                        since=today or clock.today()))
        added = True
    s.flush()
    if added:
        start_contributions(s, plan_id, lang)
    return decision, added
