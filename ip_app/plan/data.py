"""Reading a plan through the access policy.

`kernel.plan_access.access_for` (asked by the gate) loads the facts the policy needs and
asks `kernel.access.plan_access`; `load_plan` then returns only what that access allows. The number of queries is
fixed, whatever the size of the plan (no N+1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.disclosure import is_protected, may_read_contribution, may_see_contact
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.measures.rules import MeasureFacts, Status
from ip_app.plan.rules import PlanBasis as Basis

from ip_app.kernel.db import param
from ip_app.kernel.models import (
    Account, Goal, Measure, Organisation, Participant, Plan, PlanBasis, PlanItem,
)


@dataclass(frozen=True)
class ParticipantInfo:
    id: int
    account_id: int
    role: Role
    name: str
    title: str
    organisation: str
    org_kind: str
    contribution: str
    phone: str
    email: str
    is_coordinator: bool
    contribution_version: int = 1  # 0 when the viewer may not read the part
    contribution_readable: bool = True  # False: `contribution` is withheld ("")


@dataclass
class PlanData:
    plan: Plan
    access: PlanAccess
    bases: list[Basis] = field(default_factory=list)
    participants: list[ParticipantInfo] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    items: list[PlanItem] = field(default_factory=list)
    person_name: str = ""
    person_protected: bool = False  # kode 6/7 on the person (kernel/disclosure.py)
    person_birth_date: Optional[date] = None  # under 16 a guardian decides on consent

    def participant(self, participant_id: Optional[int]) -> Optional[ParticipantInfo]:
        return next((p for p in self.participants if p.id == participant_id), None)


_BASES = select(PlanBasis.basis).where(PlanBasis.plan_id == param("plan_id")).order_by(PlanBasis.id)
_GOALS = (select(Goal).where(Goal.plan_id == param("plan_id"), Goal.archived_at == None)  # noqa: E711
          .order_by(Goal.parent_id.is_not(None), Goal.position, Goal.id))
_ITEMS = (select(PlanItem).where(PlanItem.plan_id == param("plan_id"),
                                 PlanItem.archived_at == None)  # noqa: E711
          .order_by(PlanItem.kind, PlanItem.id))
_MEASURES = (select(Measure).where(Measure.plan_id == param("plan_id"))
             .order_by(Measure.start_date.asc().nulls_first(), Measure.id))


_PARTICIPANTS = (  # who takes part in a plan now, with their account and organisation
    select(Participant, Account, Organisation)
    .join(Account, Account.id == Participant.account_id)
    .join(Organisation, Organisation.id == Participant.organisation_id, isouter=True)
    .where(Participant.plan_id == param("plan_id"), Participant.left_at == None,  # noqa: E711
           # invited, not yet approved by the person (issue 19): not in the plan yet
           Participant.pending == False))  # noqa: E712
_PARTICIPANTS_IN_ORDER = _PARTICIPANTS.order_by(Participant.id)



def _info(p: Participant, a: Account, o: Optional[Organisation], plan: Plan, access: PlanAccess,
          viewer: Viewer, person_protected: bool) -> ParticipantInfo:
    """One participant as `viewer` may see them: their part only if the viewer may read it,
    contact details only if the viewer may see them (kernel/disclosure.py; kode 6/7)."""
    readable = may_read_contribution(access, p.id)
    contact = may_see_contact(
        access, viewer_account_id=viewer.account_id, account_id=a.id, role=p.role,
        protected=is_protected(a.protection), person_protected=person_protected)
    return ParticipantInfo(
        id=p.id, account_id=a.id, role=Role(p.role), name=a.display_name, title=a.title,
        organisation=o.name if o else "", org_kind=o.kind if o else "",
        contribution=p.contribution if readable else "",
        phone=a.phone if contact else "", email=a.email if contact else "",
        is_coordinator=p.id == plan.coordinator_participant_id,
        contribution_version=p.contribution_version if readable else 0,
        contribution_readable=readable,
    )


def load_plan(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer) -> PlanData:
    """Everything of `plan` that `access` allows, in a fixed number of queries."""
    data = PlanData(plan=plan, access=access)
    if not access.allowed:
        return data
    person = s.get(Account, plan.person_id)
    data.person_name = person.display_name if person else ""
    data.person_birth_date = person.birth_date if person else None
    of_plan = {"plan_id": plan.id}
    data.bases = [Basis(b) for b in s.exec(_BASES, params=of_plan)]
    rows = s.exec(_PARTICIPANTS_IN_ORDER, params=of_plan).all()
    person_protected = data.person_protected = is_protected(person.protection if person else "")
    data.participants = [_info(p, a, o, plan, access, viewer, person_protected)
                         for p, a, o in rows]
    if access.can(Scope.GOALS):
        data.goals = list(s.exec(_GOALS, params=of_plan))
        data.items = list(s.exec(_ITEMS, params=of_plan))
    measures = s.exec(_MEASURES, params=of_plan).all()
    data.measures = [m for m in measures if access.can_see_measure(
        m.responsible_participant_id, m.restricted_to_org_id, viewer.org_id)]
    return data


def measure_order(m: Measure) -> tuple:
    """The order `load_plan` reads tiltak in (undated first, then by start, then as made),
    for a list of tiltak put together in Python."""
    return (m.start_date is not None, m.start_date or date.min, m.id)


_PERSON = sa.orm.aliased(Account)
_VISIBLE_MEASURE = (  # one statement: the tiltak and who is responsible (if still taking
    # part), and whether the plan's person is protected (for the contact details)
    select(Measure, Participant, Account, Organisation, _PERSON.protection)
    .outerjoin(Participant, sa.and_(Participant.id == Measure.responsible_participant_id,
                                    Participant.plan_id == param("plan_id"),
                                    Participant.left_at == None))  # noqa: E711
    .outerjoin(Account, Account.id == Participant.account_id)
    .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
    .outerjoin(_PERSON, _PERSON.id == param("person_id"))
    .where(Measure.id == param("measure_id"))
)


def visible_measure(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer,
                    measure_id: Optional[int]) -> Optional[tuple[Measure, Optional[ParticipantInfo]]]:
    """One tiltak of `plan`, if `access` lets the viewer see it, with who is responsible
    for it: what a write on one tiltak needs, in one query instead of a whole plan."""
    if measure_id is None or not access.allowed:
        return None
    row = s.exec(_VISIBLE_MEASURE, params={"plan_id": plan.id, "measure_id": measure_id,
                                           "person_id": plan.person_id}).first()
    if row is None:
        return None
    m, p, a, o, protection = row
    if m.plan_id != plan.id or not access.can_see_measure(
            m.responsible_participant_id, m.restricted_to_org_id, viewer.org_id):
        return None
    return m, (_info(p, a, o, plan, access, viewer, is_protected(protection))
               if p is not None else None)


def measure_facts(m: Measure, responsible: Optional[ParticipantInfo], plan_person_id: int) -> MeasureFacts:
    return MeasureFacts(
        status=Status(m.status), agreed=m.agreed, created_by_id=m.created_by_id,
        responsible_participant_id=m.responsible_participant_id,
        responsible_role=responsible.role if responsible else None,
        responsible_org_kind=responsible.org_kind if responsible else "",
        plan_person_id=plan_person_id,
    )
