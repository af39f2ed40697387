"""Writing a new plan (issue 19): the plan, the plans it joins, the person and the starter
as participants, the starter's consent as the person gave it at the start, and the main
goal if the person said it. One OPEN plan per person: a closed plan stays beside the new
one (under "Tidligere planer"); the unique index over the open plans is the last word, also
when two staff members start one at the same moment."""

from __future__ import annotations

from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.actor import Actor
from ip_app.kernel.plan_access import open_plan_of_person
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentStatus, format_scopes
from ip_app.plan_start.rules import STARTER_SCOPES, PlanStart

from ip_app.contributions.data import record_first_version
from ip_app.goals.data import create_goal
from ip_app.kernel.models import (
    Account, Consent, ConsentEvent, Organisation, Participant, Plan, PlanBasis, utcnow,
)


class PlanExists(Exception):
    def __init__(self, plan_id: int):
        super().__init__(plan_id)
        self.plan_id = plan_id


def existing_plan(s: Session, person_id: int) -> Optional[Plan]:
    """The person's open plan (a closed one does not stop a new start)."""
    return open_plan_of_person(s, person_id)


def start_plan(s: Session, *, person: Account, starter: Account, role: Role, start: PlanStart,
               today: date) -> Plan:
    """The new plan (flushed, in the caller's unit of work); PlanExists when the person
    has an open one already."""
    found = existing_plan(s, person.id)
    if found is not None:
        raise PlanExists(found.id)
    now = utcnow()
    plan = Plan(person_id=person.id, title="", period_start=start.period_start,
                period_end=start.period_end, next_evaluation=start.first_evaluation,
                created_at=now, updated_at=now)
    try:
        with s.begin_nested():
            s.add(plan)
            s.flush()
    except sa.exc.IntegrityError:
        raise PlanExists(existing_plan(s, person.id).id) from None
    for basis in start.bases:
        s.add(PlanBasis(plan_id=plan.id, basis=str(basis), since=start.period_start))
    me = Participant(plan_id=plan.id, account_id=person.id, role=str(Role.PERSON), joined_at=now)
    org = s.get(Organisation, starter.organisation_id) if starter.organisation_id else None
    part = Participant(plan_id=plan.id, account_id=starter.id, role=str(role),
                       organisation_id=org.id if org else None, joined_at=now)
    s.add(me)
    s.add(part)
    s.flush()
    record_first_version(s, me, by_id=starter.id, by_role=str(role), at=now)
    record_first_version(s, part, by_id=starter.id, by_role=str(role), at=now)
    if role == Role.KOORDINATOR:
        plan.coordinator_participant_id = part.id
        s.add(plan)
    scopes = format_scopes(STARTER_SCOPES)
    c = Consent(plan_id=plan.id, participant_id=part.id, status=str(ConsentStatus.GRANTED),
                scopes=scopes, valid_until=start.period_end, requested_at=now, decided_at=now,
                decided_by_id=starter.id, version=2)
    s.add(c)
    s.flush()
    # as the person said yes when the plan started; they change or withdraw it on /samtykker
    for action in (ConsentStatus.REQUESTED, ConsentStatus.GRANTED):
        s.add(ConsentEvent(consent_id=c.id, action=str(action), scopes=scopes,
                           valid_until=start.period_end, by_id=starter.id, at=now))
    if start.goal:
        create_goal(s, plan_id=plan.id, text=start.goal, actor=Actor(
            account_id=starter.id, role=role, participant_id=part.id,
            org_kind=org.kind if org else "", org_id=org.id if org else None))
    s.flush()
    return plan


def is_participant(s: Session, plan_id: int, account_id: int) -> bool:
    row = s.exec(select(Participant.id).where(Participant.plan_id == plan_id,
                                              Participant.account_id == account_id,
                                              Participant.left_at.is_(None))).first()
    return row is not None


def took_part_before(s: Session, plan_id: int, account_id: int) -> bool:
    """A row for the account in the plan, also one that has left."""
    return s.exec(select(Participant.id).where(Participant.plan_id == plan_id,
                                               Participant.account_id == account_id)).first() is not None
