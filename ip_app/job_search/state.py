"""'/plan/[plan_id]/jobbsok': the person's own stillinger and the søkeavtale.

Every handler is declared through the gate (kernel/gate.py); a stilling must belong to the
plan (row kind "job"); the rules are job_search/rules.py.
"""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.job_search import data as jdata
from ip_app.job_search.rules import (
    AgreementForm, JobForm, JobStatus, may_keep, may_read, may_set_agreement,
)
from ip_app.job_search.view import JobPage, build_job_page
from ip_app.kernel import gate
from ip_app.kernel.common import today as _today
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.page_view import forget_view, plan_view
from ip_app.kernel.models import JobApplication



def _job_row(g: gate.Ctx, job_id: int) -> Optional[JobApplication]:
    j = jdata.get(g.s, g.plan_id, job_id)
    return j if j is not None and may_read(g.access) else None


def _job_plan(s, job_id: int) -> Optional[int]:  # noqa: ANN001
    j = s.get(JobApplication, job_id)
    return j.plan_id if j else None


gate.row_kind("job", _job_row, owner=_job_plan)


class JobSearchState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    _plan_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> JobPage:
        return await plan_view(
            self, "job_search", JobPage, lambda c: may_read(c.access),
            lambda c: build_job_page(jdata.load_page(c.s, c.plan.id), c.plan, c.access,
                                     c.person_name, c.lang, c.today))

    @rx.event
    @gate.page("read_job_search", may=lambda g: may_read(g.access))
    async def load(self, g: gate.Ctx):
        forget_view(self, "job_search")
        self.errors = {}

    @rx.event
    @gate.write("add_job", may=lambda g: may_keep(g.access), field="errors")
    async def add_job(self, g: gate.Ctx, form_data: dict):
        """The person adds a stilling they are interested in."""
        try:
            form: JobForm = validate(JobForm, form_data, context={"today": _today()})  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        j = jdata.add(g.s, plan_id=g.plan_id, employer=form.employer, title=form.title,
                      link=form.link, deadline=form.deadline, actor_id=g.viewer.account_id)
        g.audit(target=f"job:{j.id}")
        g.changed()

        def done() -> None:
            self.errors = {}
            self.form_key += 1
            self.notice = g.t("job.notice.added")
        g.after(done)

    @rx.event
    @gate.write("move_job", row="job", row_id="job_id", may=lambda g: may_keep(g.access))
    async def move_job(self, g: gate.Ctx, job_id: int, status: str):
        """The person moves a stilling one step (a new version)."""
        j = g.row
        if status not in {s.value for s in JobStatus}:
            g.refuse("bad_status")
        try:
            jdata.move(g.s, j, to=JobStatus(status), actor_id=g.viewer.account_id,
                       today=_today())
        except jdata.NotNext:
            self.error = g.t("error.job_step")
            return
        g.audit(target=f"job:{j.id}", detail=status)
        g.changed()
        g.after(lambda: setattr(self, "notice", g.t("job.notice.moved")))

    @rx.event
    @gate.write("set_search_agreement", may=lambda g: may_set_agreement(g.access),
                field="errors")
    async def set_agreement(self, g: gate.Ctx, form_data: dict):
        """The veileder sets the søkeavtale; the newest one is in force."""
        try:
            form: AgreementForm = validate(AgreementForm, form_data)  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        a = jdata.set_agreement(g.s, plan_id=g.plan_id, count=form.count,
                                period=form.period.value, actor_id=g.viewer.account_id)
        g.audit(target=f"search_agreement:{a.id}", detail=f"{a.count}/{a.period}")
        g.changed()

        def done() -> None:
            self.errors = {}
            self.form_key += 1
            self.notice = g.t("job.notice.agreement")
        g.after(done)
