"""'/plan/[plan_id]/samtykke': the koordinator or a veileder asks the person for consent
again (after a decline, a withdrawal or an expiry) on behalf of another participant.

Thin, like EvaluationState: the plan id comes from the route once, in `load`, and is
kept server-side only after the access check. The participant id the form sends is
only looked up among the plan's askable participants. Every read, request and refusal
is audited. A request bumps the plan's live signal: the person's open Min plan shows
the inline consent card at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data.consent_requests import ask_again, askable
from ip_app.data.consents import ConsentError
from ip_app.data.plans import access_for
from ip_app.domain.access import Viewer
from ip_app.domain.consent import Scope, may_request
from ip_app.i18n import t
from ip_app.web.common import to_int as _int
from ip_app.web.common import today as _today
from ip_app.web.live import changed, follow_plan, plan_lock
from ip_app.web.session import current_viewer

LANG = "nb"
log = logging.getLogger(__name__)


@dataclass
class AskOption:
    value: str
    label: str


class ConsentRequestState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    options: list[AskOption] = []
    scope_options: list[AskOption] = []
    form_key: int = 0
    _plan_id: Optional[int] = None

    def _options(self, s: Session, plan_id: int) -> None:
        self.options = [
            AskOption(str(a.participant_id), t("consent_request.option", LANG, name=a.name,
                                               role=t(f"role.{a.role}", LANG),
                                               status=t(f"consent_request.status_{a.status or 'none'}", LANG)))
            for a in askable(s, plan_id, _today())]
        self.scope_options = [AskOption(sc.value, t(f"consent_request.scope_{sc.value}", LANG))
                              for sc in Scope]

    def _refuse(self, s: Session, viewer: Optional[Viewer], plan_id: Optional[int], reason: str,
                action: str, role: str = "") -> None:
        audit.record(s, actor_id=viewer.account_id if viewer else None, actor_role=role,
                     action=action, plan_id=plan_id, allowed=False, detail=reason)
        self.error = t("error.not_allowed", LANG)

    @rx.event
    async def load(self):
        viewer = current_viewer(self)
        if viewer is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        self._plan_id = None
        self.options = []
        plan_id = _int(self.router.page.params.get("plan_id"))
        with db.session() as s:
            plan, access = access_for(s, viewer, plan_id, _today()) if plan_id else (None, None)
            role = str((access.role if access else None) or viewer.kind)
            if plan is None or not may_request(has_access=access.allowed, role=access.role):
                self._refuse(s, viewer, plan_id, (access.reason if access else "bad_id") or "role",
                             "read_consent_requests", role)
                self.screen = "denied"
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=role,
                         action="read_consent_requests", plan_id=plan.id)
            self._options(s, plan.id)
        self._plan_id = plan_id
        self.screen = "page"
        await follow_plan(self, plan_id)  # only after the check

    @rx.event
    async def save(self, form_data: dict):
        """Ask the person for consent for one participant with the chosen scopes and end date."""
        self.notice = self.error = ""
        sig = await plan_lock(self)
        today = _today()
        with db.session() as s:
            viewer = current_viewer(self)
            plan_id = self._plan_id
            if viewer is None or plan_id is None:
                self._refuse(s, viewer, plan_id, "no_plan", "request_consent")
                return
            plan, access = access_for(s, viewer, plan_id, today)
            role = str(access.role or viewer.kind)
            if plan is None or not may_request(has_access=access.allowed, role=access.role):
                self._refuse(s, viewer, plan_id, access.reason or "role", "request_consent", role)
                return
            part_id = _int(form_data.get("participant_id"))
            scopes = [sc.value for sc in Scope if form_data.get(f"scope_{sc.value}")]
            raw_until = str(form_data.get("valid_until") or "").strip()
            try:
                until = date.fromisoformat(raw_until) if raw_until else None
            except ValueError:
                self.error = t("consent_request.bad_date", LANG)
                return
            if part_id is None:
                self.error = t("consent_request.choose_participant", LANG)
                return
            try:
                c = ask_again(s, plan_id=plan.id, participant_id=part_id, scopes=scopes,
                              valid_until=until, by_id=viewer.account_id, today=today)
            except ConsentError as exc:
                audit.record(s, actor_id=viewer.account_id, actor_role=role,
                             action="request_consent", plan_id=plan.id, allowed=False,
                             target=f"participant:{part_id}", detail=exc.key)
                self.error = t(exc.key, LANG)
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=role, action="request_consent",
                         plan_id=plan.id, target=f"consent:{c.id}", detail=c.scopes)
            name = next((o.label for o in self.options if o.value == str(part_id)), "")
            self._options(s, plan.id)
        changed(sig)
        self.form_key += 1
        self.notice = t("consent_request.sent", LANG, who=name.split(" (")[0])
