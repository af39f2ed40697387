""""Slik går det" on a tiltak card: the participant responsible for the tiltak writes how
it goes; every save is a new version based on the one the card showed.

Declared through the gate on the plan page (`on=PlanState`): the tiltak id from the form
is only used to look it up (row kind "measure": in the plan, visible to the viewer);
`progress_notes.rules.may_write` decides the rest. Refusals are said at the card's text
field, which gets focus.
"""

from __future__ import annotations

import reflex as rx

from ip_app.kernel import gate
from ip_app.kernel.common import to_int
from ip_app.kernel.forms import FormError, validate
from ip_app.plan.data import measure_facts
from ip_app.plan.state import PlanState
from ip_app.progress_notes import data as pdata
from ip_app.progress_notes.rules import NoteInput, may_write


class ProgressNoteState(rx.State):
    errors: dict[str, str] = {}  # at one card's field: {"measure": id, "text": message}
    form_key: int = 0  # bumped after a save: the cards' fields start empty again

    def _refused(self, g: gate.Ctx, measure_id: int, text: str) -> None:
        self.errors = {"measure": str(measure_id), "text": text}
        g.page.focus_target = f"progress-text-{measure_id}"
        g.page.focus_token += 1

    @rx.event
    @gate.write("write_progress_note", on=PlanState, row="measure",
                row_id="form_data.measure_id", field="errors")
    async def save(self, g: gate.Ctx, form_data: dict):
        m, responsible = g.row
        if not may_write(g.actor, measure_facts(m, responsible, g.plan.person_id)):
            g.refuse("role", target=f"measure:{m.id}")
        self.errors = {}
        try:
            form: NoteInput = validate(NoteInput, form_data)  # type: ignore[assignment]
        except FormError as exc:
            return self._refused(g, m.id, g.t(exc.errors.get("text", "error.invalid")))
        try:
            note = pdata.save(g.s, measure_id=m.id,
                              based_on_version=to_int(form_data.get("note_version")) or 0,
                              actor=g.actor, text=form.text)
        except pdata.StaleNote:
            g.changed()  # show the newer text; what was typed stays in the field
            return self._refused(g, m.id, g.t("error.progress_stale"))
        g.audit(target=f"measure:{m.id}", detail=f"progress:{note.version}")
        g.changed()  # the page is built whole (plan_view.patch keeps the notes it had)

        def done() -> None:
            self.errors = {}
            self.form_key += 1
        g.after(done)
        g.page.notice = g.t("progress.saved", title=m.title)
