"""'/plan/[plan_id]/vurdering': the § 14 a assessment and the person's own view.

Like EvaluationState: every handler is declared through the gate (kernel/gate.py); the
plan id comes from the route once, in `load`, and is kept server-side only after the
access check; each save is checked again by the gate and the domain rules (`may`);
refusals are audited.
"""

from __future__ import annotations

import logging
from typing import Optional

import reflex as rx

from ip_app.assessment import data as adata
from ip_app.assessment.rules import (
    AssessmentForm, AuthorKind, OwnViewForm, applies, may_add_own_view, may_read_assessment,
    may_write_assessment,
)
from ip_app.assessment.view import AssessmentPage, build_assessment_page
from ip_app.kernel import gate
from ip_app.kernel.common import to_int as _int
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.i18n import t
from ip_app.kernel.page_view import forget_view, plan_view

log = logging.getLogger(__name__)


def _may(rule):  # noqa: ANN001, ANN202
    """The gate's `may` for a write: `rule(access, viewer)`, on a plan the assessment
    applies to."""
    return lambda g: rule(g.access, g.viewer) and applies(adata.plan_bases(g.s, g.plan_id))


class AssessmentState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    _plan_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> AssessmentPage:
        """The assessment as this tab's viewer may read it, in their language."""
        return await plan_view(
            self, "assessment", AssessmentPage,
            lambda c: may_read_assessment(c.access, c.viewer),
            lambda c: build_assessment_page(adata.load_page(c.s, c.plan.id), c.plan, c.access,
                                            c.viewer, c.person_name, c.lang))

    @rx.event
    @gate.page("read_assessment", may=lambda g: may_read_assessment(g.access, g.viewer))
    async def load(self, g: gate.Ctx):
        forget_view(self, "assessment")  # opening reads afresh

    @rx.event
    @gate.write("save_assessment", may=_may(may_write_assessment))
    async def save_assessment(self, g: gate.Ctx, form_data: dict):
        """NAV staff write a new version; the earlier ones stay."""
        lang = g.lang
        try:
            form: AssessmentForm = validate(AssessmentForm, form_data)  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return
        try:
            row = adata.add_version(
                g.s, plan_id=g.plan_id, kind=AuthorKind.NAV,
                based_on=_int(form_data.get("based_on")) or 0, actor_id=g.viewer.account_id,
                actor_role=g.role, possibilities=form.possibilities, work_goal=form.work_goal,
                ability=form.ability.value, ability_note=form.ability_note,
                innsatsgruppe=form.innsatsgruppe.value, help_note=form.help_note)
        except adata.StaleAssessment:
            self.error = t("error.assessment_stale", lang)
            self.form_key += 1
            return
        g.audit(target=f"assessment:{row.version}")
        g.changed()
        n = row.version

        def saved() -> None:  # only once committed
            self.errors = {}
            self.form_key += 1
            self.notice = t("notice.assessment_saved", lang, n=n)

        g.after(saved)

    @rx.event
    @gate.write("save_own_view", may=_may(lambda a, _v: may_add_own_view(a)))
    async def save_own_view(self, g: gate.Ctx, form_data: dict):
        """The person adds their own view (or disagrees); kept as a new version."""
        lang, plan_id = g.lang, g.plan_id
        try:
            form: OwnViewForm = validate(OwnViewForm, form_data)  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return
        nav = adata.versions(g.s, plan_id, AuthorKind.NAV)
        if not nav:
            self.error = t("error.not_allowed", lang)
            return
        own = adata.versions(g.s, plan_id, AuthorKind.PERSON)
        row = adata.add_version(
            g.s, plan_id=plan_id, kind=AuthorKind.PERSON,
            based_on=own[-1].version if own else 0, actor_id=g.viewer.account_id,
            actor_role=g.role, agrees=form.agrees, text=form.text,
            about_version=nav[-1].version)
        g.audit(target=f"assessment_view:{row.version}")
        g.changed()

        def saved() -> None:  # only once committed
            self.errors = {}
            self.form_key += 1
            self.notice = t("notice.own_view_saved", lang)

        g.after(saved)
