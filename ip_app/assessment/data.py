"""Reading and writing the § 14 a assessment. Append-only: every save is a new version row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.assessment.rules import AuthorKind, applies
from ip_app.plan.rules import PlanBasis as Basis

from ip_app.kernel.models import Account, PlanBasis, WorkAssessment


class StaleAssessment(Exception):
    """Someone saved a newer version after the one this change was based on."""

    def __init__(self, current: Optional[WorkAssessment]):
        super().__init__("stale assessment")
        self.current = current


def plan_bases(s: Session, plan_id: int) -> list[Basis]:
    return [Basis(b) for b in s.exec(
        select(PlanBasis.basis).where(PlanBasis.plan_id == plan_id).order_by(PlanBasis.id))]


def versions(s: Session, plan_id: int, kind: AuthorKind) -> list[WorkAssessment]:
    """Every version of one author kind, oldest first."""
    return list(s.exec(
        select(WorkAssessment)
        .where(WorkAssessment.plan_id == plan_id, WorkAssessment.author_kind == kind.value)
        .order_by(WorkAssessment.version)))


def names(s: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {a.id: a.display_name for a in s.exec(select(Account).where(Account.id.in_(ids)))}


def add_version(s: Session, *, plan_id: int, kind: AuthorKind, based_on: int, actor_id: int,
                actor_role: str, **fields: Any) -> WorkAssessment:
    """Write version `based_on + 1`; refused (StaleAssessment) if that is not the next one.

    The unique (plan, kind, version) constraint guards against two writers racing.
    """
    latest = s.exec(select(sa.func.max(WorkAssessment.version)).where(
        WorkAssessment.plan_id == plan_id, WorkAssessment.author_kind == kind.value)).one()
    if (latest or 0) != based_on:
        cur = versions(s, plan_id, kind)
        raise StaleAssessment(cur[-1] if cur else None)
    row = WorkAssessment(plan_id=plan_id, author_kind=kind.value, version=based_on + 1,
                         written_by_id=actor_id, written_by_role=actor_role, **fields)
    s.add(row)
    s.flush()
    return row


@dataclass
class AssessmentData:
    """What the § 14 a page is built from, read in one go (the view asks nothing more)."""
    applies: bool = False
    nav: list[WorkAssessment] = field(default_factory=list)  # NAV's versions, oldest first
    own: list[WorkAssessment] = field(default_factory=list)  # the person's views, oldest first
    names: dict[int, str] = field(default_factory=dict)  # the writers


def load_page(s: Session, plan_id: int) -> AssessmentData:
    if not applies(plan_bases(s, plan_id)):
        return AssessmentData()
    nav = versions(s, plan_id, AuthorKind.NAV)
    own = versions(s, plan_id, AuthorKind.PERSON)
    return AssessmentData(True, nav, own, names(s, {r.written_by_id for r in nav + own}))
