"""The person's job search as one viewer may see it (plain Python, texts in `lang`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ip_app.job_search.data import JobData
from ip_app.job_search.rules import (
    FINAL, JobStatus, Period, applied_in_period, may_keep, may_read, may_set_agreement,
    next_statuses,
)
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.i18n import fmt_date, t
from ip_app.kernel.models import Plan
from ip_app.plan.view import Option


@dataclass
class JobRow:
    id: int
    title: str
    employer: str
    link: str
    deadline: str  # "Søknadsfrist 20. desember 2026" or ""
    status: str
    final: bool
    steps: list[Option] = field(default_factory=list)  # next statuses the person may choose


@dataclass
class JobPage:
    mode: str = "loading"  # loading | person | staff | denied | ended | error
    plan_href: str = ""
    person_name: str = ""
    jobs: list[JobRow] = field(default_factory=list)
    can_keep: bool = False
    has_agreement: bool = False
    agreement: str = ""  # "5 søknader per uke"
    progress_label: str = ""  # "2 av 5 søknader sendt denne uken"
    progress_done: int = 0
    progress_total: int = 0
    can_set_agreement: bool = False
    period_options: list[Option] = field(default_factory=list)


def build_job_page(data: JobData, plan: Plan, access: PlanAccess, person_name: str, lang: str,
                   today: date) -> JobPage:
    if not may_read(access):
        return JobPage(mode="denied")
    keep = may_keep(access)
    page = JobPage(mode="person" if access.is_owner else "staff", plan_href=f"/plan/{plan.id}",
                   person_name=person_name, can_keep=keep,
                   can_set_agreement=may_set_agreement(access))
    jobs = data.jobs
    for j in jobs:
        st = JobStatus(j.status)
        page.jobs.append(JobRow(
            id=j.id or 0, title=j.title, employer=j.employer, link=j.link,
            deadline=t("job.deadline_is", lang, date=fmt_date(j.deadline, lang))
            if j.deadline else "",
            status=t(f"job.status.{st.value}", lang), final=st in FINAL,
            steps=[Option(value=n.value, label=t(f"job.move.{n.value}", lang))
                   for n in next_statuses(st)] if keep else []))
    a = data.agreement
    if a is not None:
        period = Period(a.period)
        done = applied_in_period((j.applied_on for j in jobs), period, today)
        page.has_agreement = True
        page.agreement = t(f"job.agreement.{period.value}", lang, n=a.count)
        page.progress_done, page.progress_total = min(done, a.count), a.count
        page.progress_label = t(f"job.progress.{period.value}", lang, done=done, n=a.count)
    if page.can_set_agreement:
        page.period_options = [Option(value=p.value, label=t(f"job.period.{p.value}", lang))
                               for p in Period]
    return page
