"""The evaluation page's state: the plan's evaluations, and recording a new one.

Thin, like PlanState: every handler is declared through the gate (kernel/gate.py: the
viewer from the session, the access policy, the audit row, one unit of work, the live
signal). The plan id comes from the route once, in `load`, and is kept server-side
(`_plan_id`) only after the access check; no later event takes an id from the browser. What
the page shows is a computed var tied to the plan's live signal, so a new
evaluation shows on every open page of the plan.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Optional

import reflex as rx

from ip_app.archive.rules import Reason
from ip_app.archive.snapshot import archive_after
from ip_app.evaluation.data import StalePlan, load_page, record_evaluation
from ip_app.evaluation.rules import may_read_evaluations, may_record_evaluation, EvaluationForm
from ip_app.evaluation.view import EvaluationPage, build_evaluation_page
from ip_app.kernel import gate
from ip_app.kernel.actor import RuleError
from ip_app.kernel.common import today as _today
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.i18n import fmt_date, t
from ip_app.kernel.page_view import forget_view, plan_view

log = logging.getLogger(__name__)




class EvaluationState(rx.State):
    """One tab's evaluation page of one plan."""

    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a save: the form starts afresh with new defaults
    _plan_id: Optional[int] = None
    _form_version: int = -1  # plan version the open form is based on (kept server-side)

    @rx.var(cache=False)  # sent only when it changed: see kernel/live.py
    async def view(self) -> EvaluationPage:
        """The evaluations as this tab's viewer may see them; rebuilt on plan changes."""
        return await plan_view(
            self, "evaluation", EvaluationPage, lambda c: may_read_evaluations(c.access),
            lambda c: build_evaluation_page(
                load_page(c.s, c.plan, with_attendees=may_record_evaluation(c.access)),
                c.plan, c.access, c.viewer, c.today, c.lang))

    @rx.event
    @gate.page("read_evaluations", may=lambda g: may_read_evaluations(g.access))
    async def load(self, g: gate.Ctx):
        """'/plan/[plan_id]/evaluering': refused and logged without access."""
        forget_view(self, "evaluation")  # opening reads afresh
        self._form_version = g.plan.version

    @rx.event
    @gate.write("record_evaluation", may=lambda g: may_record_evaluation(g.access))
    async def save(self, g: gate.Ctx, form_data: dict):
        """Record an evaluation of the plan this tab shows (veileder or koordinator)."""
        today, lang = _today(), g.lang
        try:
            form = validate(EvaluationForm, form_data, context={"today": today})
        except FormError as exc:
            self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return
        try:
            ev = record_evaluation(
                g.s, plan_id=g.plan.id, based_on_version=self._form_version,
                actor_id=g.viewer.account_id, held_on=form.held_on, went_well=form.went_well,
                changes=form.changes, attendees=form.attendees, next_date=form.next_date,
                period_start=form.period_start, period_end=form.period_end)
        except RuleError as exc:
            self.errors = {"period_end": t(exc.key, lang)}
            return
        except StalePlan as exc:
            # the form now builds on what is saved: the next try is not refused again
            self._form_version = exc.current.version
            self.errors = {}
            self.error = t("error.plan_stale", lang)
            g.changed()  # show the newer version
            return
        g.audit(target=f"evaluation:{ev.id}", detail=f"next:{form.next_date.isoformat()}")
        g.changed()

        def saved() -> None:  # only once committed: a failed save is retried as it was
            self._form_version += 1
            self.errors = {}
            self.form_key += 1
            self.notice = t("notice.evaluation_saved", lang, date=fmt_date(form.next_date, lang))

        g.after(saved)
        # a PDF/A copy of the plan as evaluated, to the archive (archive/snapshot.py)
        plan_id, source = g.plan.id, f"evaluation:{ev.id}"
        g.after(lambda: asyncio.to_thread(archive_after, plan_id, Reason.EVALUATION, source))
