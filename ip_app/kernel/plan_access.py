"""The facts the access policy needs about one viewer in one plan, read in one statement.

`access_for` is asked on every event and page load (by the gate, kernel/gate.py): the plan,
the viewer's participant row in it and their latest consent, handed to
`kernel.access.plan_access`. What the viewer then may see of the plan is loaded by
`plan.data.load_plan`.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.access import Membership, PlanAccess, Viewer, plan_access
from ip_app.kernel.db import param
from ip_app.kernel.models import Consent, Participant, Plan
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentFacts, ConsentStatus, parse_scopes

# the open plan first (at most one: a unique index over the open plans), else the one
# closed last (read-only, as under "Tidligere planer")
_PLAN_OF_PERSON = (select(Plan).where(Plan.person_id == param("person_id"))
                   .order_by(Plan.closed_at.is_(None).desc(), Plan.closed_at.desc(),
                             Plan.id.desc()))
_OPEN_PLAN_OF_PERSON = select(Plan).where(Plan.person_id == param("person_id"),
                                          Plan.closed_at.is_(None))


def plan_of_person(s: Session, person_id: int) -> Optional[Plan]:
    """The person's plan: the open one; without one, the plan closed last."""
    return s.exec(_PLAN_OF_PERSON, params={"person_id": person_id}).first()


def open_plan_of_person(s: Session, person_id: int) -> Optional[Plan]:
    """The person's open plan (one plan per person means one OPEN plan), or None."""
    return s.exec(_OPEN_PLAN_OF_PERSON, params={"person_id": person_id}).first()


def membership(s: Session, plan_id: int, account_id: int) -> Optional[Membership]:
    row = s.exec(select(Participant).where(
        Participant.plan_id == plan_id, Participant.account_id == account_id)).first()
    if row is None:
        return None
    consent = s.exec(
        select(Consent).where(Consent.participant_id == row.id).order_by(Consent.id.desc())
    ).first()
    return _membership(row, consent)


def _membership(row: Participant, consent: Optional[Consent]) -> Membership:
    facts = None
    if consent is not None:
        facts = ConsentFacts(status=ConsentStatus(consent.status),
                             scopes=parse_scopes(consent.scopes), valid_until=consent.valid_until)
    return Membership(participant_id=row.id, role=Role(row.role), consent=facts,
                      left=row.left_at is not None)


# The statements asked on every event or page load are built once (see `db.param`).
_LATEST_CONSENT = (select(sa.func.max(Consent.id)).where(Consent.participant_id == Participant.id)
                   .correlate(Participant).scalar_subquery())
_ACCESS = (
    select(Plan, Participant, Consent)
    .outerjoin(Participant, sa.and_(Participant.plan_id == Plan.id,
                                    Participant.account_id == param("account_id")))
    .outerjoin(Consent, Consent.id == _LATEST_CONSENT)
    .where(Plan.id == param("plan_id"))
)


def access_for(s: Session, viewer: Optional[Viewer], plan_id: int, today: date) -> tuple[Optional[Plan], PlanAccess]:
    """The plan and what `viewer` may do in it, in one statement (asked on every event):
    the plan, the viewer's participant row in it and their latest consent (what
    `membership` reads)."""
    if viewer is None:
        return s.get(Plan, plan_id), plan_access(viewer, -1, None, today)
    row = s.exec(_ACCESS, params={"account_id": viewer.account_id, "plan_id": plan_id}
                 ).first()  # at most one row: (plan_id, account_id) is unique among participants
    if row is None:
        return None, plan_access(viewer, -1, None, today)
    plan, part, consent = row
    return plan, plan_access(viewer, plan.person_id,
                             _membership(part, consent) if part is not None else None, today,
                             plan.office_restriction_org_id)
