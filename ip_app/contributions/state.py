"""Changing what one participant contributes to the plan ("hvem gjør hva").

The koordinator and the NAV-veileder change anyone's part; a tjenesteyter and the
person only their own (contributions/rules.py). The participant and the version
come from the form, as plain ids: the participant is looked up among the active
participants of the plan this tab shows, the rule is asked again on every save,
and a save based on an older version is refused with the newer text shown, keeping
what the user typed. Every refusal is written to the audit log.
"""

from __future__ import annotations

import uuid
from typing import Optional

import reflex as rx

from ip_app.contributions.data import StaleContribution, update_contribution
from ip_app.contributions.rules import check_contribution_edit, may_edit_contribution
from ip_app.kernel import gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.actor import RuleError
from ip_app.kernel.common import to_int
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import t
from ip_app.kernel.lang import lang_of
from ip_app.plan.data import ParticipantInfo
from ip_app.plan.state import PlanState


def _participant_row(g: gate.Ctx, participant_id: int) -> Optional[ParticipantInfo]:
    """An active participant of the plan named, as the viewer may see them."""
    return g.data.participant(participant_id)


# Its own kind: the consent feature's "participant" is the table row, this one the part as
# the viewer may see it (one name for both meant whichever module loaded last won).
gate.row_kind("contribution", _participant_row)


def _close(state: "ContributionEditState", g: gate.Ctx) -> None:
    state.is_open = False  # a refused save closes the dialog


class ContributionEditState(rx.State):
    is_open: bool = False
    key: str = "none"  # a new key remounts the inputs with the values below
    participant_id: int = 0
    version: int = 0
    text: str = ""
    heading: str = ""
    errors: dict[str, str] = {}

    @staticmethod
    def _may_change(g: gate.Ctx) -> ParticipantInfo:
        """The part the gate found, if this viewer may change it; else refuse."""
        part = g.row
        if not part.contribution_readable or not may_edit_contribution(
                g.actor, part.id, g.plan.coordinator_participant_id):
            # a part the viewer may not read (kernel/disclosure.py) is not theirs to change
            g.refuse("error.not_allowed")
        return part

    def _heading(self, viewer: Viewer, part: ParticipantInfo) -> str:
        lang = lang_of(self, viewer)
        if part.account_id == viewer.account_id:
            return t("contrib.heading_own", lang)
        return t("contrib.heading_other", lang, name=part.name)

    @rx.event
    @gate.read("open_contribution", on=PlanState, clear=True, row="contribution",
               row_id="participant_id")
    async def open(self, g: gate.Ctx, participant_id: int):
        part = self._may_change(g)
        self.participant_id, self.version = part.id, part.contribution_version
        self.text, self.heading = part.contribution, self._heading(g.viewer, part)
        self.key, self.errors, self.is_open = uuid.uuid4().hex, {}, True

    @rx.event
    @gate.ui_only
    def close(self):
        self.is_open = False

    @rx.event
    @gate.write("edit_contribution", on=PlanState, row="contribution",
                row_id="form_data.participant_id", field="errors", on_refused=_close)
    async def save(self, g: gate.Ctx, form_data: dict):
        try:
            part = self._may_change(g)
        except gate.Refused:
            self.is_open = False
            raise
        version = to_int(form_data.get("version"))
        lang = g.lang
        try:
            form = check_contribution_edit(
                g.actor, part.id, part.contribution, form_data, g.plan.coordinator_participant_id)
            if version != part.contribution_version:
                raise StaleContribution(part.contribution, part.contribution_version)
            update_contribution(g.s, participant_id=part.id, based_on_version=version,
                                actor=g.actor, text=form.text, reason=form.reason)
        except RuleError as exc:  # asked before too; the rule is asked again here
            g.audit(target=f"participant:{part.id}", allowed=False, detail=exc.key)
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
        g.audit(target=f"participant:{part.id}")
        g.changed()
        self.is_open, self.errors = False, {}
        g.page.notice = t("notice.contribution_saved", lang)
