"""What '/samordning' reads: every tiltak a staff member may see across the plans they take
part in, each plan through the one access policy (`access_for`) and each tiltak through
`PlanAccess.can_see_measure`, exactly as the plan page does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlmodel import Session, select

from ip_app.kernel.access import Viewer
from ip_app.kernel.models import Account, Measure, Organisation, Participant
from ip_app.kernel.plan_access import access_for

# (tiltak, person's name, plan id, provider organisation)
Visible = tuple[Measure, str, int, Optional[int]]


@dataclass
class CoordinationData:
    visible: list[Visible] = field(default_factory=list)
    org_names: dict[int, str] = field(default_factory=dict)  # the providers listed


def visible_measures(s: Session, viewer: Viewer, today: date) -> list[Visible]:
    """(tiltak, person's name, plan id, provider org) of every tiltak the viewer may see
    across the plans they take part in, each plan through the access policy."""
    plan_ids = list(s.exec(select(Participant.plan_id).where(
        Participant.account_id == viewer.account_id, Participant.left_at == None)))  # noqa: E711
    visible: list[Visible] = []
    for plan_id in sorted(set(plan_ids)):
        plan, access = access_for(s, viewer, plan_id, today)
        if plan is None or not access.allowed:
            continue
        person = s.get(Account, plan.person_id)
        org_of = dict(s.exec(select(Participant.id, Participant.organisation_id).where(
            Participant.plan_id == plan_id)).all())
        for m in s.exec(select(Measure).where(Measure.plan_id == plan_id).order_by(Measure.id)):
            if access.can_see_measure(m.responsible_participant_id, m.restricted_to_org_id,
                                      viewer.org_id):
                visible.append((m, person.display_name if person else "", plan.id,
                                org_of.get(m.responsible_participant_id)))
    return visible


def listed_plans(s: Session, viewer: Viewer, today: date) -> list[int]:
    """The plans whose person appears in the viewer's unfiltered list (for the audit)."""
    if viewer.kind != "staff":
        return []
    return sorted({plan_id for _, _, plan_id, _ in visible_measures(s, viewer, today)})


def load_page(s: Session, viewer: Viewer, today: date) -> CoordinationData:
    if viewer.kind != "staff":
        return CoordinationData()
    visible = visible_measures(s, viewer, today)
    org_ids = sorted({o for _, _, _, o in visible if o is not None})
    names = {o.id: o.name for o in s.exec(select(Organisation).where(
        Organisation.id.in_(org_ids)))} if org_ids else {}
    return CoordinationData(visible, names)
