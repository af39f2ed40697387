"""What the evaluation page shows, formatted server-side for one viewer (no Reflex).

Only called after the access policy allowed the viewer to read the evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ip_app.evaluation.data import EvaluationData
from ip_app.evaluation.rules import may_record_evaluation
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.kernel.models import Plan
from ip_app.plan.progress import evaluation_overdue


@dataclass
class EvaluationRow:
    id: int
    held: str
    went_well: str
    changes: str
    attendees: str
    next_date: str
    recorded_by: str


@dataclass
class EvaluationPage:
    mode: str = "loading"  # loading | person | staff | denied | ended | error
    person_name: str = ""
    plan_href: str = ""
    can_record: bool = False
    plan_version: int = 0
    next_evaluation: str = ""
    overdue: bool = False
    period: str = ""
    # defaults of the form (ISO dates for date inputs)
    held_default: str = ""
    period_start_default: str = ""
    period_end_default: str = ""
    attendees_default: str = ""
    evaluations: list[EvaluationRow] = field(default_factory=list)


def _period(plan: Plan, lang: str) -> str:
    if plan.period_start and plan.period_end:
        return t("measure.dates_range", lang, start=fmt_date(plan.period_start, lang),
                 end=fmt_date(plan.period_end, lang))
    if plan.period_start:
        return t("measure.dates_from", lang, start=fmt_date(plan.period_start, lang))
    if plan.period_end:
        return t("measure.dates_until", lang, end=fmt_date(plan.period_end, lang))
    return ""


def build_evaluation_page(data: EvaluationData, plan: Plan, access: PlanAccess, viewer: Viewer,
                          today: date, lang: str = "nb") -> EvaluationPage:
    page = EvaluationPage(
        mode="person" if access.is_owner else "staff",
        person_name=data.person_name,
        plan_href="/" if access.is_owner else f"/plan/{plan.id}",
        can_record=may_record_evaluation(access),
        plan_version=plan.version,
        next_evaluation=fmt_date(plan.next_evaluation, lang),
        overdue=evaluation_overdue(plan.next_evaluation, today),
        period=_period(plan, lang),
    )
    for ev, by in data.evaluations:
        page.evaluations.append(EvaluationRow(
            id=ev.id or 0, held=fmt_date(ev.held_on, lang), went_well=ev.went_well,
            changes=ev.changes, attendees=ev.attendees, next_date=fmt_date(ev.next_date, lang),
            recorded_by=t("evaluation.recorded_by", lang, name=by,
                          when=fmt_datetime(ev.created_at, lang)),
        ))
    if page.can_record:
        page.held_default = today.isoformat()
        page.period_start_default = plan.period_start.isoformat() if plan.period_start else ""
        page.period_end_default = plan.period_end.isoformat() if plan.period_end else ""
        page.attendees_default = ", ".join(data.attendees)
    return page
