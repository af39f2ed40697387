"""A staff member's caseload: the plans they take part in, in two queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ip_app.domain.access import Viewer
from ip_app.domain.consent import ConsentFacts, ConsentStatus, active_scopes, parse_scopes
from ip_app.domain.eligibility import may_decide_ip
from ip_app.domain.progress import evaluation_overdue
from ip_app.domain.roles import Role
from ip_app.i18n import fmt_short_date, t

from .models import Account, Consent, Participant, Plan


@dataclass
class CaseRow:
    plan_id: int
    href: str
    name: str
    role: str
    next_evaluation: str
    overdue: bool
    has_access: bool
    ip_check_href: str = ""  # the right-to-IP check, for the veileder/koordinator


def caseload_for(s: Session, viewer: Viewer, today: date, lang: str) -> list[CaseRow]:
    rows = s.exec(
        select(Participant, Plan, Account)
        .join(Plan, Plan.id == Participant.plan_id)
        .join(Account, Account.id == Plan.person_id)
        .where(Participant.account_id == viewer.account_id, Participant.left_at == None)  # noqa: E711
        .order_by(Account.display_name)
    ).all()
    pids = [p.id for p, _, _ in rows]
    latest: dict[int, Consent] = {}
    for c in s.exec(select(Consent).where(Consent.participant_id.in_(pids or [-1])).order_by(Consent.id)):
        latest[c.participant_id] = c  # ascending ids: the last one wins
    out: list[CaseRow] = []
    for part, plan, person in rows:
        c = latest.get(part.id)
        ok = bool(c) and bool(active_scopes(ConsentFacts(
            status=ConsentStatus(c.status), scopes=parse_scopes(c.scopes), valid_until=c.valid_until),
            today))
        out.append(CaseRow(
            plan_id=plan.id, href=f"/plan/{plan.id}", name=person.display_name,
            role=t(f"role.{part.role}", lang),
            next_evaluation=fmt_short_date(plan.next_evaluation, lang) if ok else "",
            overdue=ok and evaluation_overdue(plan.next_evaluation, today), has_access=ok,
            ip_check_href=f"/ip-rett/{person.id}" if ok and may_decide_ip(Role(part.role)) else "",
        ))
    return out
