"""'/plan/[plan_id]/vurdering': the § 14 a assessment and the person's own view.

Like EvaluationState: the plan id comes from the route once, in `load`, and is kept
server-side only after the access check; each handler resolves the viewer from the
session again and asks the domain rules; refusals are audited.
"""

from __future__ import annotations

import logging
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data import assessments as adata
from ip_app.data.models import Account
from ip_app.data.plans import access_for
from ip_app.domain.access import Viewer
from ip_app.domain.assessment import (
    AssessmentForm, AuthorKind, OwnViewForm, applies, may_add_own_view, may_read_assessment,
    may_write_assessment,
)
from ip_app.domain.forms import FormError, validate
from ip_app.i18n import t
from ip_app.web.assessment_view import AssessmentPage, build_assessment_page
from ip_app.web.common import Memo, db_trouble, typed
from ip_app.web.common import to_int as _int
from ip_app.web.common import today as _today
from ip_app.web.lang import lang_of
from ip_app.web.live import changed, follow_plan, plan_lock
from ip_app.web.live_view import forget_viewer, memo_view
from ip_app.web.session import current_viewer

log = logging.getLogger(__name__)
_VIEWS = Memo()  # last assessment view built per tab (see live_view)


class AssessmentState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    _plan_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed (see live_view)
    async def view(self) -> AssessmentPage:
        """The assessment as this tab's viewer may read it, in their language."""
        plan_id = self._plan_id

        def build(viewer: Viewer) -> AssessmentPage:
            with db.session() as s:
                plan, access = access_for(s, viewer, plan_id, _today())
                if plan is None or not may_read_assessment(access, viewer):
                    return AssessmentPage(mode="ended")  # the page was open: access has ended
                person = s.get(Account, plan.person_id)
                return build_assessment_page(s, plan, access, viewer,
                                             person.display_name if person else "",
                                             lang_of(self, viewer))

        return await memo_view(self, _VIEWS, "assessment", plan_id, build,
                               loading=AssessmentPage(mode="loading"),
                               denied=AssessmentPage(mode="denied"),
                               error=AssessmentPage(mode="error"))

    @rx.event
    @typed
    async def load(self):
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
                _plan, access = access_for(s, viewer, plan_id, _today())
            allowed = access is not None and may_read_assessment(access, viewer)
            audit.record(s, actor_id=viewer.account_id,
                         actor_role=str((access.role if access else None) or viewer.kind),
                         action="read_assessment", plan_id=plan_id, allowed=allowed,
                         detail="" if allowed else (access.reason if access else "bad_id")
                         or "no_scope")
        if not allowed:
            self.screen = "denied"
            return
        self._plan_id = plan_id
        self.screen = "page"
        await follow_plan(self, plan_id)

    def _gate(self, s: Session, action: str, may) -> Optional[tuple[Viewer, int, str]]:  # noqa: ANN001
        """Viewer, plan id and role if `may(access, viewer)`; else refuse and audit."""
        viewer = current_viewer(self)
        plan_id = self._plan_id
        access = None
        if viewer is not None and plan_id is not None:
            plan, access = access_for(s, viewer, plan_id, _today())
            if plan is not None and may(access, viewer) and applies(adata.plan_bases(s, plan_id)):
                return viewer, plan_id, str(access.role)
        audit.record(s, actor_id=viewer.account_id if viewer else None,
                     actor_role=str(access.role) if access and access.role else "",
                     action=action, plan_id=plan_id, allowed=False,
                     detail=(access.reason if access else "no_plan") or "role")
        self.error = t("error.not_allowed", lang_of(self, viewer))
        return None

    @rx.event
    @typed
    @db_trouble()
    async def save_assessment(self, form_data: dict):
        """NAV staff write a new version; the earlier ones stay."""
        self.notice = self.error = ""
        sig = await plan_lock(self)
        with db.session() as s:
            ctx = self._gate(s, "save_assessment", may_write_assessment)
            if ctx is None:
                return
            viewer, plan_id, role = ctx
            lang = lang_of(self, viewer)
            try:
                form: AssessmentForm = validate(AssessmentForm, form_data)  # type: ignore[assignment]
            except FormError as exc:
                self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
                return
            try:
                row = adata.add_version(
                    s, plan_id=plan_id, kind=AuthorKind.NAV,
                    based_on=_int(form_data.get("based_on")) or 0, actor_id=viewer.account_id,
                    actor_role=role, possibilities=form.possibilities, work_goal=form.work_goal,
                    ability=form.ability.value, ability_note=form.ability_note,
                    innsatsgruppe=form.innsatsgruppe.value, help_note=form.help_note)
            except adata.StaleAssessment:
                self.error = t("error.assessment_stale", lang)
                self.form_key += 1
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=role, action="save_assessment",
                         plan_id=plan_id, target=f"assessment:{row.version}")
            n = row.version
        changed(sig, self)
        self.errors = {}
        self.form_key += 1
        self.notice = t("notice.assessment_saved", lang, n=n)

    @rx.event
    @typed
    @db_trouble()
    async def save_own_view(self, form_data: dict):
        """The person adds their own view (or disagrees); kept as a new version."""
        self.notice = self.error = ""
        sig = await plan_lock(self)
        with db.session() as s:
            ctx = self._gate(s, "save_own_view", lambda a, _v: may_add_own_view(a))
            if ctx is None:
                return
            viewer, plan_id, role = ctx
            lang = lang_of(self, viewer)
            try:
                form: OwnViewForm = validate(OwnViewForm, form_data)  # type: ignore[assignment]
            except FormError as exc:
                self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
                return
            nav = adata.versions(s, plan_id, AuthorKind.NAV)
            if not nav:
                self.error = t("error.not_allowed", lang)
                return
            own = adata.versions(s, plan_id, AuthorKind.PERSON)
            row = adata.add_version(
                s, plan_id=plan_id, kind=AuthorKind.PERSON,
                based_on=own[-1].version if own else 0, actor_id=viewer.account_id,
                actor_role=role, agrees=form.agrees, text=form.text,
                about_version=nav[-1].version)
            audit.record(s, actor_id=viewer.account_id, actor_role=role, action="save_own_view",
                         plan_id=plan_id, target=f"assessment_view:{row.version}")
        changed(sig, self)
        self.errors = {}
        self.form_key += 1
        self.notice = t("notice.own_view_saved", lang)
