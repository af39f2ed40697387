"""The evaluation page's state: the plan's evaluations, and recording a new one.

Thin, like PlanState: every handler resolves the viewer from the session cookie,
asks the access policy through the data layer, and writes an audit row. The plan
id comes from the route once, in `load`, and is kept server-side (`_plan_id`)
only after the access check; no later event takes an id from the browser. What
the page shows is a computed var tied to the plan's live signal, so a new
evaluation shows on every open page of the plan.
"""

from __future__ import annotations

import logging
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data.evaluations import StalePlan, record_evaluation
from ip_app.data.plans import access_for
from ip_app.domain.access import Viewer
from ip_app.domain.evaluations import may_read_evaluations, may_record_evaluation
from ip_app.domain.forms import EvaluationForm, FormError, validate
from ip_app.domain.measures import RuleError
from ip_app.i18n import fmt_date, t
from ip_app.web.evaluation_view import EvaluationPage, build_evaluation_page
from ip_app.web.live import changed, follow_plan, plan_lock
from ip_app.web.common import db_trouble, Memo, refuse, typed
from ip_app.web.live_view import forget_viewer, memo_view
from ip_app.web.common import today as _today
from ip_app.web.common import to_int as _int
from ip_app.web.lang import lang_of
from ip_app.web.session import current_viewer

log = logging.getLogger(__name__)
_VIEWS = Memo()  # last evaluation view built per tab (see live_view)




class EvaluationState(rx.State):
    """One tab's evaluation page of one plan."""

    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a save: the form starts afresh with new defaults
    _plan_id: Optional[int] = None
    _form_version: int = -1  # plan version the open form is based on (kept server-side)

    @rx.var(cache=False)  # sent only when it changed: see live_view
    async def view(self) -> EvaluationPage:
        """The evaluations as this tab's viewer may see them; rebuilt on plan changes."""
        plan_id = self._plan_id

        def build(viewer: Viewer) -> EvaluationPage:
            with db.session() as s:
                plan, access = access_for(s, viewer, plan_id, _today())
                if plan is None or not may_read_evaluations(access):
                    return EvaluationPage(mode="ended")  # the page was open: access has ended
                return build_evaluation_page(s, plan, access, viewer, _today(),
                                             lang_of(self, viewer))

        return await memo_view(self, _VIEWS, "evaluation", plan_id, build,
                               loading=EvaluationPage(mode="loading"),
                               denied=EvaluationPage(mode="denied"),
                               error=EvaluationPage(mode="error"))

    @rx.event
    @typed
    async def load(self):
        """'/plan/[plan_id]/evaluering': refused and logged without access."""
        viewer = current_viewer(self)
        if viewer is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        self.errors = {}
        plan_id = _int(self.router.page.params.get("plan_id"))
        self._plan_id = None
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
        forget_viewer(self)
        with db.session() as s:
            access = None
            if plan_id is not None:
                plan, access = access_for(s, viewer, plan_id, _today())
            allowed = access is not None and may_read_evaluations(access)
            audit.record(s, actor_id=viewer.account_id,
                         actor_role=str((access.role if access else None) or viewer.kind),
                         action="read_evaluations", plan_id=plan_id, allowed=allowed,
                         detail="" if allowed else (access.reason if access else "bad_id")
                         or "no_scope")
        if not allowed:
            self.screen = "denied"
            return
        self._plan_id = plan_id
        self._form_version = plan.version
        self.screen = "page"
        await follow_plan(self, plan_id)  # only after the access check

    def _refuse(self, s: Session, viewer: Optional[Viewer], plan_id: Optional[int],
                reason: str, role: str = "") -> None:
        refuse(self, s, viewer, "record_evaluation", plan_id=plan_id, reason=reason, role=role)

    @rx.event
    @typed
    @db_trouble()
    async def save(self, form_data: dict):
        """Record an evaluation of the plan this tab shows (veileder or koordinator)."""
        self.notice = self.error = ""
        sig = await plan_lock(self)  # first: serialises writers of this plan
        today = _today()
        with db.session() as s:
            viewer = current_viewer(self)
            plan_id = self._plan_id
            if viewer is None or plan_id is None:
                self._refuse(s, viewer, plan_id, "no_plan")
                return
            plan, access = access_for(s, viewer, plan_id, today)
            role = str(access.role or viewer.kind)
            if plan is None or not may_record_evaluation(access):
                self._refuse(s, viewer, plan_id, access.reason or "role", role)
                return
            try:
                form = validate(EvaluationForm, form_data, context={"today": today})
            except FormError as exc:
                self.errors = {k: t(v, lang_of(self, viewer)) for k, v in exc.errors.items()}
                return
            try:
                ev = record_evaluation(
                    s, plan_id=plan.id, based_on_version=self._form_version,
                    actor_id=viewer.account_id, held_on=form.held_on, went_well=form.went_well,
                    changes=form.changes, attendees=form.attendees, next_date=form.next_date,
                    period_start=form.period_start, period_end=form.period_end)
            except RuleError as exc:
                self.errors = {"period_end": t(exc.key, lang_of(self, viewer))}
                return
            except StalePlan as exc:
                # the form now builds on what is saved: the next try is not refused again
                self._form_version = exc.current.version
                self.errors = {}
                self.error = t("error.plan_stale", lang_of(self, viewer))
                changed(sig, self)  # show the newer version
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=role,
                         action="record_evaluation", plan_id=plan.id,
                         target=f"evaluation:{ev.id}", detail=f"next:{form.next_date.isoformat()}")
        self._form_version += 1  # only once committed: a failed save is retried as it was
        changed(sig, self)
        self.errors = {}
        self.form_key += 1
        self.notice = t("notice.evaluation_saved", lang_of(self, viewer), date=fmt_date(form.next_date, lang_of(self, viewer)))
