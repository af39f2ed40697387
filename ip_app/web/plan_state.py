"""The plan page's state: who is asking, what they may see, and their actions.

Thin by design: every handler resolves the viewer from the session cookie, asks
the access policy through the data layer, calls a domain rule, writes through the
data layer, and reloads what the page shows. No handler trusts an id from the
browser: a tiltak id is only used to look the tiltak up, and access is decided
for the plan that tiltak really belongs to.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data import measures as measure_data
from ip_app.data.plans import access_for, load_plan, measure_facts, plan_of_person
from ip_app.data.caseload import CaseRow, caseload_for
from ip_app.domain.access import PlanAccess, Viewer
from ip_app.domain.forms import FormError, NewActivity, validate
from ip_app.domain.measures import RuleError, Status, check_status_change, initial_status
from ip_app.i18n import t
from ip_app.web.plan_view import PlanPage, build_page
from ip_app.web.session import current_viewer

LANG = "nb"


def _today() -> date:
    return date.today()


def _int(raw: object) -> Optional[int]:
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


class PlanState(rx.State):
    """One tab's view of one plan (the person's own, or one a staff member follows)."""

    mode: str = "loading"  # loading | person | staff_plan | caseload | denied
    page: PlanPage = PlanPage()
    cases: list[CaseRow] = []
    group_by: str = "status"
    notice: str = ""  # a polite status message ("Aktiviteten er lagt til")
    error: str = ""  # an assertive error message
    add_open: bool = False
    add_errors: dict[str, str] = {}
    _plan_id: Optional[int] = None

    # -- loading ---------------------------------------------------------------

    def _viewer(self) -> Optional[Viewer]:
        return current_viewer(self)

    def _reload(self, s: Session, viewer: Viewer, plan_id: int) -> PlanAccess:
        plan, access = access_for(s, viewer, plan_id, _today())
        if plan is None or not access.allowed:
            self.page = PlanPage()
            self.mode = "denied"
            return access
        self.page = build_page(s, load_plan(s, plan, access, viewer), viewer, _today(), LANG)
        self.mode = "person" if access.is_owner else "staff_plan"
        return access

    @rx.event
    def load_home(self):
        """'/': the person's own plan, or a staff member's list of people."""
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        with db.session() as s:
            if viewer.kind == "person":
                plan = plan_of_person(s, viewer.account_id)
                if plan is None:
                    self.mode = "denied"
                    return
                self._plan_id = plan.id
                access = self._reload(s, viewer, plan.id)
                audit.record(s, actor_id=viewer.account_id, actor_role="person", action="read_plan",
                             plan_id=plan.id, allowed=access.allowed)
            else:
                self._plan_id = None
                self.cases = caseload_for(s, viewer, _today(), LANG)
                self.mode = "caseload"
                audit.record(s, actor_id=viewer.account_id, actor_role=viewer.kind,
                             action="read_caseload")

    @rx.event
    def load_plan_page(self):
        """'/plan/[plan_id]': a plan someone follows; refused and logged without access."""
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        plan_id = _int(self.router.page.params.get("plan_id"))
        with db.session() as s:
            if plan_id is None:
                self.mode = "denied"
                return
            self._plan_id = plan_id
            access = self._reload(s, viewer, plan_id)
            audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role or viewer.kind),
                         action="read_plan", plan_id=plan_id, allowed=access.allowed,
                         detail=access.reason)

    @rx.event
    def set_group_by(self, value: str):
        if value in ("status", "goal"):
            self.group_by = value

    # -- actions -----------------------------------------------------------------

    def _refuse(self, s: Session, viewer: Optional[Viewer], action: str, plan_id: Optional[int],
                target: str, reason: str) -> None:
        audit.record(s, actor_id=viewer.account_id if viewer else None, action=action,
                     plan_id=plan_id, target=target, allowed=False, detail=reason)
        self.error = t("error.not_allowed", LANG)

    @rx.event
    def change_status(self, form_data: dict):
        """Move a tiltak to another status (from the card's form)."""
        self.notice = self.error = ""
        viewer = self._viewer()
        measure_id = _int(form_data.get("measure_id"))
        version = _int(form_data.get("version"))
        raw_status = str(form_data.get("status", ""))
        target = f"measure:{measure_id}"
        with db.session() as s:
            m = measure_data.get(s, measure_id) if measure_id is not None else None
            if viewer is None or m is None or version is None:
                self._refuse(s, viewer, "change_status", m.plan_id if m else None, target, "bad_request")
                return
            plan, access = access_for(s, viewer, m.plan_id, _today())
            data = load_plan(s, plan, access, viewer) if plan and access.allowed else None
            if data is None or all(x.id != m.id for x in data.measures):
                self._refuse(s, viewer, "change_status", m.plan_id, target, access.reason or "hidden")
                return
            try:
                new = Status(raw_status)
            except ValueError:
                self.error = t("error.status_invalid", LANG)
                return
            try:
                reason = check_status_change(
                    access.actor(viewer), measure_facts(m, data.participant(m.responsible_participant_id), plan.person_id),
                    new, str(form_data.get("reason", "")))
                if m.version != version:
                    raise measure_data.StaleVersion(m)
                measure_data.change_status(s, measure_id=m.id, based_on_version=version,
                                           actor=access.actor(viewer), new=new, reason=reason)
            except RuleError as exc:
                if exc.key == "error.not_allowed" or exc.key == "error.measure_locked":
                    audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                                 action="change_status", plan_id=m.plan_id, target=target,
                                 allowed=False, detail=exc.key)
                self.error = t(exc.key, LANG)
                return
            except measure_data.StaleVersion as exc:
                self.error = t("error.stale", LANG, status=t(f"status.{exc.current.status}", LANG))
                self._reload(s, viewer, m.plan_id)
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                         action="change_status", plan_id=m.plan_id, target=target,
                         detail=f"{m.status}")
            self._reload(s, viewer, m.plan_id)
            self.notice = t("notice.status_changed", LANG, title=m.title,
                            status=t(f"status.{new.value}", LANG))

    @rx.event
    def open_add(self):
        self.add_errors = {}
        self.add_open = True

    @rx.event
    def close_add(self):
        self.add_open = False

    @rx.event
    def add_activity(self, form_data: dict):
        """The person (or a staff member) adds an activity to the plan on screen."""
        self.notice = self.error = ""
        viewer = self._viewer()
        with db.session() as s:
            plan_id = self._plan_id
            if viewer is None or plan_id is None:
                self._refuse(s, viewer, "add_measure", plan_id, "", "no_plan")
                return
            plan, access = access_for(s, viewer, plan_id, _today())
            if plan is None or not access.allowed:
                self._refuse(s, viewer, "add_measure", plan_id, "", access.reason)
                return
            try:
                form = validate(NewActivity, form_data)
            except FormError as exc:
                self.add_errors = {k: t(v, LANG) for k, v in exc.errors.items()}
                return
            actor = access.actor(viewer)
            m = measure_data.create_measure(
                s, plan_id=plan.id, actor=actor, title=form.title, description=form.description,
                start_date=form.start_date, end_date=form.end_date, status=str(initial_status(actor)),
                responsible_participant_id=access.participant_id,
            )
            audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                         action="add_measure", plan_id=plan.id, target=f"measure:{m.id}")
            self.add_errors = {}
            self.add_open = False
            self._reload(s, viewer, plan.id)
            self.notice = t("notice.activity_added", LANG, title=form.title)

