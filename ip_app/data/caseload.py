"""A staff member's caseload: the plans they take part in, in four queries.

Figures (unread messages, proposals waiting) are counted only for plans the
staff member may see now (granted, unexpired consent) and only among what they
may see of those plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.domain.access import Viewer, office_allows
from ip_app.domain.scopes import ConsentFacts, ConsentStatus, Scope, active_scopes, parse_scopes
from ip_app.domain.eligibility import may_decide_ip
from ip_app.domain.measures import Status
from ip_app.domain.progress import evaluation_overdue
from ip_app.domain.roles import Role
from ip_app.i18n import fmt_short_date, t

from ip_app.data.models import (
    Account, Consent, Measure, Message, Participant, Plan, Thread, ThreadMember,
)


@dataclass
class CaseRow:
    plan_id: int
    href: str
    name: str
    role: str
    next_evaluation: str
    overdue: bool
    has_access: bool
    period: str = ""
    unread: int = 0
    unread_label: str = ""
    waiting: int = 0
    waiting_label: str = ""
    ip_check_href: str = ""  # the right-to-IP check, for the veileder/koordinator
    answer_nav: int = 0  # conversations marked "venter på svar fra NAV"
    answer_person: int = 0  # conversations marked "venter på svar fra bruker"
    answer_label: str = ""
    consents_href: str = ""  # for a guardian (verge): where they decide on consent


def _unread_by_plan(s: Session, viewer: Viewer, plan_ids: list[int]) -> dict[int, int]:
    if not plan_ids:
        return {}
    rows = s.exec(
        select(Thread.plan_id, sa.func.count(Message.id))
        .join(Message, Message.thread_id == Thread.id)
        .join(ThreadMember, sa.and_(ThreadMember.thread_id == Thread.id,
                                    ThreadMember.account_id == viewer.account_id))
        .where(Thread.plan_id.in_(plan_ids), Message.sender_id != viewer.account_id,
               sa.or_(ThreadMember.last_read_at.is_(None), Message.sent_at > ThreadMember.last_read_at))
        .group_by(Thread.plan_id)
    ).all()
    return {plan_id: n for plan_id, n in rows}


def _threads_waiting_by_plan(s: Session, viewer: Viewer, plan_ids: list[int]
                             ) -> dict[tuple[int, str], int]:
    """(plan, who it waits for) -> open conversations the viewer is in (one query)."""
    if not plan_ids:
        return {}
    rows = s.exec(
        select(Thread.plan_id, Thread.waiting_for, sa.func.count(Thread.id))
        .join(ThreadMember, sa.and_(ThreadMember.thread_id == Thread.id,
                                    ThreadMember.account_id == viewer.account_id))
        .where(Thread.plan_id.in_(plan_ids), Thread.done == False,  # noqa: E712
               Thread.waiting_for != "")
        .group_by(Thread.plan_id, Thread.waiting_for)
    ).all()
    return {(plan_id, who): n for plan_id, who, n in rows}


def _proposals_by_plan(s: Session, viewer: Viewer, plan_ids: list[int]) -> dict[int, int]:
    """Proposals (forslag) from the person or others that wait for staff to plan them."""
    if not plan_ids:
        return {}
    rows = s.exec(
        select(Measure.plan_id, sa.func.count(Measure.id))
        .where(Measure.plan_id.in_(plan_ids), Measure.status == Status.FORSLAG.value,
               sa.or_(Measure.restricted_to_org_id.is_(None),
                      Measure.restricted_to_org_id == viewer.org_id))
        .group_by(Measure.plan_id)
    ).all()
    return {plan_id: n for plan_id, n in rows}


def caseload_for(s: Session, viewer: Viewer, today: date, lang: str) -> list[CaseRow]:
    rows = s.exec(
        select(Participant, Plan, Account)
        .join(Plan, Plan.id == Participant.plan_id)
        .join(Account, Account.id == Plan.person_id)
        .where(Participant.account_id == viewer.account_id, Participant.left_at == None)  # noqa: E711
        .order_by(Account.display_name)
    ).all()
    # kontorsperre: a plan closed to the viewer's NAV office is not listed at all
    rows = [r for r in rows if office_allows(viewer, r[1].office_restriction_org_id)]
    pids = [p.id for p, _, _ in rows]
    latest: dict[int, Consent] = {}
    for c in s.exec(select(Consent).where(Consent.participant_id.in_(pids or [-1])).order_by(Consent.id)):
        latest[c.participant_id] = c  # ascending ids: the last one wins
    scopes: dict[int, frozenset[Scope]] = {}
    for part, plan, _ in rows:
        c = latest.get(part.id)
        scopes[plan.id] = active_scopes(ConsentFacts(
            status=ConsentStatus(c.status), scopes=parse_scopes(c.scopes),
            valid_until=c.valid_until), today) if c else frozenset()
    dialog_plans = [p for p, sc in scopes.items() if Scope.DIALOG in sc]
    unread = _unread_by_plan(s, viewer, dialog_plans)
    answers = _threads_waiting_by_plan(s, viewer, dialog_plans)
    waiting = _proposals_by_plan(s, viewer, [p for p, sc in scopes.items()
                                             if Scope.ALL_MEASURES in sc])
    out: list[CaseRow] = []
    for part, plan, person in rows:
        ok = bool(scopes[plan.id])
        n_unread, n_waiting = unread.get(plan.id, 0), waiting.get(plan.id, 0)
        n_nav, n_person = answers.get((plan.id, "nav"), 0), answers.get((plan.id, "bruker"), 0)
        answer = " · ".join(x for x in (
            t("caseload.answer_nav", lang, n=n_nav) if n_nav else "",
            t("caseload.answer_bruker", lang, n=n_person) if n_person else "") if x)
        period = ""
        if ok and (plan.period_start or plan.period_end):
            period = t("caseload.period", lang, start=fmt_short_date(plan.period_start, lang),
                       end=fmt_short_date(plan.period_end, lang))
        out.append(CaseRow(
            plan_id=plan.id, href=f"/plan/{plan.id}", name=person.display_name,
            role=t(f"role.{part.role}", lang),
            next_evaluation=fmt_short_date(plan.next_evaluation, lang) if ok else "",
            overdue=ok and evaluation_overdue(plan.next_evaluation, today), has_access=ok,
            period=period, unread=n_unread, waiting=n_waiting,
            unread_label=(t("caseload.unread_one", lang) if n_unread == 1 else
                          t("caseload.unread", lang, n=n_unread) if n_unread else ""),
            waiting_label=t("caseload.waiting", lang, n=n_waiting) if n_waiting else "",
            ip_check_href=f"/ip-rett/{person.id}" if ok and may_decide_ip(Role(part.role)) else "",
            answer_nav=n_nav, answer_person=n_person, answer_label=answer,
            consents_href="/samtykker" if part.role == Role.VERGE else "",
        ))
    return out


CASE_FILTERS = ("all", "overdue", "unread", "waiting", "nav", "bruker")


def filter_cases(cases: list[CaseRow], query: str, which: str) -> list[CaseRow]:
    """Search by name (case-insensitive, any part) and one of CASE_FILTERS."""
    q = query.strip().casefold()
    keep = {
        "overdue": lambda c: c.overdue, "unread": lambda c: c.unread > 0,
        "waiting": lambda c: c.waiting > 0,
        "nav": lambda c: c.answer_nav > 0, "bruker": lambda c: c.answer_person > 0,
    }.get(which, lambda c: True)
    return [c for c in cases if keep(c) and (not q or q in c.name.casefold())]
