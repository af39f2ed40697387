"""A staff member's caseload: the plans they take part in, in a fixed number of queries
(people+plans, consents, unread, answers, tiltak figures, plan types, offices, meetings),
whatever the size of the caseload; and what of it waits for follow-up
(`caseload.rules`).

Figures (unread messages, proposals waiting) are counted only for plans the
staff member may see now (granted, unexpired consent) and only among what they
may see of those plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.caseload import rules as followup
from ip_app.ip_decision.rules import may_decide_ip
from ip_app.kernel.access import Viewer, office_allows, PlanAccess
from ip_app.kernel.i18n import fmt_datetime, fmt_short_date, t
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentFacts, ConsentStatus, Scope, active_scopes, parse_scopes
from ip_app.measures.rules import Status
from ip_app.meetings.rules import MeetingFacts, MeetingStatus, may_see as may_see_meeting
from ip_app.plan.progress import evaluation_overdue

from ip_app.kernel.models import (
    Account, Consent, Measure, Meeting, Message, Organisation, Participant, Plan, PlanBasis,
    Thread, ThreadMember,
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
    dialog_href: str = ""  # "Skriv til": only with consent to the dialog
    types: list[str] = dc_field(default_factory=list)  # PlanBasis values (with access)
    types_label: str = ""
    offices: list[str] = dc_field(default_factory=list)  # the plan's NAV/koordinator offices
    mine: bool = False  # the viewer is the plan's koordinator or its NAV-veileder
    my_office: bool = False  # one of the plan's offices is the viewer's
    evaluation_on: str = ""  # ISO date, for sorting
    changed_at: str = ""  # ISO timestamp of the last change the viewer may see
    changed: str = ""  # "Sist endret 3. des. 2026"


@dataclass
class FollowUpRow:
    """One line of "Til oppfølging": who, what, and where to act on it."""

    key: str
    plan_id: int
    name: str
    text: str
    href: str
    urgent: bool = False


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


def _measures_by_plan(s: Session, viewer: Viewer, plan_ids: list[int]
                      ) -> dict[int, tuple[int, datetime | None]]:
    """Per plan (one query): proposals (forslag) from the person or others that wait for
    staff to plan them, and when a tiltak the viewer may see was last changed."""
    if not plan_ids:
        return {}
    rows = s.exec(
        select(Measure.plan_id,
               sa.func.sum(sa.case((Measure.status == Status.FORSLAG.value, 1), else_=0)),
               sa.func.max(Measure.updated_at))
        .where(Measure.plan_id.in_(plan_ids),
               sa.or_(Measure.restricted_to_org_id.is_(None),
                      Measure.restricted_to_org_id == viewer.org_id))
        .group_by(Measure.plan_id)
    ).all()
    return {plan_id: (int(n or 0), _aware(last)) for plan_id, n, last in rows}


def _aware(v: datetime | str | None) -> datetime | None:
    """max() over a UTC column comes back as the driver gives it (a string on SQLite)."""
    if v is None:
        return None
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    return v if v.tzinfo is not None else v.replace(tzinfo=timezone.utc)


def _types_by_plan(s: Session, plan_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if plan_ids:
        for plan_id, basis in s.exec(select(PlanBasis.plan_id, PlanBasis.basis)
                                     .where(PlanBasis.plan_id.in_(plan_ids))
                                     .order_by(PlanBasis.id)):
            if basis not in out.setdefault(plan_id, []):
                out[plan_id].append(basis)
    return out


def _offices_by_plan(s: Session, plan_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The offices of the plan's NAV-veileder and koordinator (those who follow it up)."""
    out: dict[int, list[tuple[int, str]]] = {}
    if plan_ids:
        for plan_id, org_id, name in s.exec(
                select(Participant.plan_id, Organisation.id, Organisation.name)
                .join(Organisation, Organisation.id == Participant.organisation_id)
                .where(Participant.plan_id.in_(plan_ids), Participant.left_at == None,  # noqa: E711
                       Participant.role.in_([Role.VEILEDER.value, Role.KOORDINATOR.value]))
                .order_by(Organisation.name)):
            if (org_id, name) not in out.setdefault(plan_id, []):
                out[plan_id].append((org_id, name))
    return out


def _meetings_by_plan(s: Session, viewer: Viewer, access: dict[int, PlanAccess], today: date
                      ) -> dict[int, tuple[datetime, ...]]:
    """Meetings of this week (today to Sunday) the viewer may see, not cancelled."""
    if not access:
        return {}
    first, last = followup.rest_of_week(today)
    start = datetime.combine(first, time(0), tzinfo=followup.OSLO).astimezone(timezone.utc)
    end = datetime.combine(last + timedelta(days=1), time(0),
                           tzinfo=followup.OSLO).astimezone(timezone.utc)
    out: dict[int, list[datetime]] = {}
    for m in s.exec(select(Meeting).where(
            Meeting.plan_id.in_(list(access)), Meeting.starts_at >= start,
            Meeting.starts_at < end, Meeting.status != MeetingStatus.CANCELLED.value)):
        facts = MeetingFacts(created_by_id=m.created_by_id,
                             invited=frozenset(int(i) for i in (m.invited or [])),
                             status=MeetingStatus(m.status), starts_at=m.starts_at,
                             ends_at=m.ends_at)
        if may_see_meeting(access[m.plan_id], facts, viewer.account_id):
            out.setdefault(m.plan_id, []).append(m.starts_at)
    return {k: tuple(v) for k, v in out.items()}


def caseload_for(s: Session, viewer: Viewer, today: date, lang: str) -> list[CaseRow]:
    return workbench_for(s, viewer, today, lang)[0]


def workbench_for(s: Session, viewer: Viewer, today: date, lang: str
                  ) -> tuple[list[CaseRow], list[FollowUpRow]]:
    """The caseload and what of it waits for follow-up, in a fixed number of queries."""
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
    access: dict[int, PlanAccess] = {}
    for part, plan, _ in rows:
        c = latest.get(part.id)
        scopes[plan.id] = active_scopes(ConsentFacts(
            status=ConsentStatus(c.status), scopes=parse_scopes(c.scopes),
            valid_until=c.valid_until), today) if c else frozenset()
        if scopes[plan.id]:
            access[plan.id] = PlanAccess(allowed=True, role=Role(part.role),
                                         participant_id=part.id, scopes=scopes[plan.id])
    dialog_plans = [p for p, sc in scopes.items() if Scope.DIALOG in sc]
    unread = _unread_by_plan(s, viewer, dialog_plans)
    answers = _threads_waiting_by_plan(s, viewer, dialog_plans)
    figures = _measures_by_plan(s, viewer, [p for p, sc in scopes.items()
                                            if Scope.ALL_MEASURES in sc])
    types = _types_by_plan(s, list(access))
    offices = _offices_by_plan(s, list(access))
    meetings = _meetings_by_plan(s, viewer, access, today)
    out: list[CaseRow] = []
    facts: list[followup.CaseFacts] = []
    for part, plan, person in rows:
        ok = bool(scopes[plan.id])
        n_unread = unread.get(plan.id, 0)
        n_waiting, last_measure = figures.get(plan.id, (0, None))
        n_nav, n_person = answers.get((plan.id, "nav"), 0), answers.get((plan.id, "bruker"), 0)
        answer = " · ".join(x for x in (
            t("caseload.answer_nav", lang, n=n_nav) if n_nav else "",
            t("caseload.answer_bruker", lang, n=n_person) if n_person else "") if x)
        period = ""
        if ok and (plan.period_start or plan.period_end):
            period = t("caseload.period", lang, start=fmt_short_date(plan.period_start, lang),
                       end=fmt_short_date(plan.period_end, lang))
        changed_at = None
        if ok:
            changed_at = max(x for x in (_aware(plan.updated_at), last_measure) if x is not None)
        plan_types = types.get(plan.id, [])
        plan_offices = offices.get(plan.id, [])
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
            dialog_href=f"/plan/{plan.id}/dialog" if Scope.DIALOG in scopes[plan.id] else "",
            types=plan_types,
            types_label=" · ".join(t(f"basis.{b}", lang) for b in plan_types),
            offices=[name for _, name in plan_offices],
            mine=ok and (part.role == Role.VEILEDER
                         or plan.coordinator_participant_id == part.id),
            my_office=ok and viewer.org_id is not None
            and any(o == viewer.org_id for o, _ in plan_offices),
            evaluation_on=plan.next_evaluation.isoformat() if ok and plan.next_evaluation else "",
            changed_at=changed_at.isoformat() if changed_at else "",
            changed=(t("caseload.changed", lang, date=fmt_short_date(
                changed_at.astimezone(followup.OSLO).date(), lang)) if changed_at else ""),
        ))
        if ok:
            c = latest.get(part.id)
            facts.append(followup.CaseFacts(
                plan_id=plan.id, name=person.display_name, next_evaluation=plan.next_evaluation,
                proposals=n_waiting, answer_nav=n_nav,
                consent_valid_until=c.valid_until if c else None,
                meetings=meetings.get(plan.id, ())))
    return out, [_follow_up_row(f, lang) for f in followup.follow_ups(facts, today)]


def _follow_up_row(f: followup.FollowUp, lang: str) -> FollowUpRow:
    K = followup.Kind
    href = f"/plan/{f.plan_id}"
    if f.kind == K.EVALUATION_OVERDUE:
        text = t("followup.evaluation_overdue", lang, date=fmt_short_date(f.on, lang))
    elif f.kind == K.EVALUATION_DUE:
        text = t("followup.evaluation_due", lang, date=fmt_short_date(f.on, lang))
    elif f.kind == K.ANSWER_NAV:
        text = t("caseload.answer_nav", lang, n=f.count)
        href = f"/plan/{f.plan_id}/dialog"
    elif f.kind == K.PROPOSALS:
        text = t("caseload.waiting", lang, n=f.count)
    elif f.kind == K.CONSENT_EXPIRING:
        text = t("followup.consent_expiring", lang, date=fmt_short_date(f.on, lang))
    else:
        text = t("followup.meeting", lang, when=fmt_datetime(f.at, lang))
    key = f"{f.plan_id}-{f.kind.value}-{f.at.isoformat() if f.at else ''}"
    return FollowUpRow(key=key, plan_id=f.plan_id, name=f.name, text=text, href=href,
                       urgent=f.kind in (K.EVALUATION_OVERDUE, K.ANSWER_NAV))


CASE_FILTERS = ("all", "overdue", "unread", "waiting", "nav", "bruker", "no_consent")


def filter_cases(cases: list[CaseRow], query: str, which: str, *, plan_type: str = "all",
                 office: str = "all", scope: str = "all", sort: str = "name") -> list[CaseRow]:
    """Search by name (case-insensitive, any part), one of CASE_FILTERS (the status), a plan
    type, an office and whose (followup.SCOPES); sorted by one of followup.SORTS."""
    q = query.strip().casefold()
    keep = {
        "overdue": lambda c: c.overdue, "unread": lambda c: c.unread > 0,
        "waiting": lambda c: c.waiting > 0,
        "nav": lambda c: c.answer_nav > 0, "bruker": lambda c: c.answer_person > 0,
        "no_consent": lambda c: not c.has_access,
    }.get(which, lambda c: True)
    whose = {"mine": lambda c: c.mine, "office": lambda c: c.my_office}.get(
        scope, lambda c: True)
    shown = [c for c in cases if keep(c) and whose(c) and (not q or q in c.name.casefold())
             and (plan_type == "all" or plan_type in c.types)
             and (office == "all" or office in c.offices)]
    return followup.sort_rows(shown, sort)


def office_options(cases: list[CaseRow]) -> list[str]:
    return sorted({o for c in cases for o in c.offices}, key=str.casefold)

