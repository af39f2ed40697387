"""Changing what one participant contributes to the plan ("hvem gjør hva").

The koordinator and the NAV-veileder change anyone's part; a tjenesteyter and the
person only their own (domain/contributions.py). The participant and the version
come from the form, as plain ids: the participant is looked up among the active
participants of the plan this tab shows, the rule is asked again on every save,
and a save based on an older version is refused with the newer text shown, keeping
what the user typed. Every refusal is written to the audit log.
"""

from __future__ import annotations

import uuid
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.data import audit, db
from ip_app.data.contributions import StaleContribution, update_contribution
from ip_app.data.plans import ParticipantInfo, PlanData
from ip_app.domain.access import Viewer
from ip_app.domain.contributions import check_contribution_edit, may_edit_contribution
from ip_app.domain.forms import FormError
from ip_app.domain.measures import RuleError
from ip_app.i18n import t
from ip_app.web.common import db_trouble, to_int, typed
from ip_app.web.lang import lang_of
from ip_app.web.live import changed, plan_lock
from ip_app.web.plan_state import PlanState


class ContributionEditState(rx.State):
    is_open: bool = False
    key: str = "none"  # a new key remounts the inputs with the values below
    participant_id: int = 0
    version: int = 0
    text: str = ""
    heading: str = ""
    errors: dict[str, str] = {}

    async def _context(self, s: Session, action: str, participant_id: Optional[int]
                       ) -> Optional[tuple[Viewer, PlanData, ParticipantInfo, PlanState]]:
        """The plan page's gate, then the part must be one this viewer may change."""
        plan_state = await self.get_state(PlanState)
        plan_state.notice = plan_state.error = ""
        target = f"participant:{participant_id}"
        ctx = plan_state._writable_plan(s, action, target)
        if ctx is None:
            return None
        viewer, data = ctx
        part = data.participant(participant_id)
        if part is None:  # not an active participant of this plan
            plan_state._refuse(s, viewer, action, data.plan.id, target, "hidden")
            return None
        actor = data.access.actor(viewer)
        if not part.contribution_readable or not may_edit_contribution(
                actor, part.id, data.plan.coordinator_participant_id):
            # a part the viewer may not read (domain/disclosure.py) is not theirs to change
            audit.record(s, actor_id=viewer.account_id, actor_role=str(actor.role),
                         action=action, plan_id=data.plan.id, target=target, allowed=False,
                         detail="error.not_allowed")
            plan_state.error = t("error.not_allowed", lang_of(self, viewer))
            return None
        return viewer, data, part, plan_state

    def _heading(self, viewer: Viewer, part: ParticipantInfo) -> str:
        lang = lang_of(self, viewer)
        if part.account_id == viewer.account_id:
            return t("contrib.heading_own", lang)
        return t("contrib.heading_other", lang, name=part.name)

    @rx.event
    @typed
    async def open(self, participant_id: int):
        with db.session() as s:
            ctx = await self._context(s, "open_contribution", to_int(participant_id))
            if ctx is None:
                return
            viewer, _, part, _ = ctx
            self.participant_id, self.version = part.id, part.contribution_version
            self.text, self.heading = part.contribution, self._heading(viewer, part)
        self.key, self.errors, self.is_open = uuid.uuid4().hex, {}, True

    @rx.event
    @typed
    def close(self):
        self.is_open = False

    @rx.event
    @typed
    @db_trouble("errors")
    async def save(self, form_data: dict):
        sig = await plan_lock(self)  # first: serialises writers of this plan
        participant_id = to_int(form_data.get("participant_id"))
        version = to_int(form_data.get("version"))
        with db.session() as s:
            ctx = await self._context(s, "edit_contribution", participant_id)
            if ctx is None:
                self.is_open = False
                return
            viewer, data, part, plan_state = ctx
            actor = data.access.actor(viewer)
            lang = lang_of(self, viewer)
            try:
                form = check_contribution_edit(
                    actor, part.id, part.contribution, form_data,
                    data.plan.coordinator_participant_id)
                if version != part.contribution_version:
                    raise StaleContribution(part.contribution, part.contribution_version)
                update_contribution(s, participant_id=part.id, based_on_version=version,
                                    actor=actor, text=form.text, reason=form.reason)
            except RuleError as exc:  # checked in _context too; the rule is asked again here
                audit.record(s, actor_id=viewer.account_id, actor_role=str(actor.role),
                             action="edit_contribution", plan_id=data.plan.id,
                             target=f"participant:{part.id}", allowed=False, detail=exc.key)
                self.errors = {"_form": t(exc.key, lang)}
                return
            except FormError as exc:
                self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
                return
            except StaleContribution as exc:
                self.errors = {"_form": t("error.contribution_stale", lang, text=exc.text)}
                # keep what they typed; the next save is based on the newer version
                self.participant_id, self.version = part.id, exc.version
                self.text = str(form_data.get("text", ""))[:2000]
                self.key = uuid.uuid4().hex
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(actor.role),
                         action="edit_contribution", plan_id=data.plan.id,
                         target=f"participant:{part.id}")
        changed(sig, self)
        self.is_open, self.errors = False, {}
        plan_state.notice = t("notice.contribution_saved", lang)
