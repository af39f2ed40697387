"""'/plan/[plan_id]/samtalereferat': NAV's veileder writes the referat of a conversation
with the person; the person reads it and confirms "Jeg har lest".

Every handler is declared through the gate (kernel/gate.py). A record id from the browser
is only used to look the record up (row kind "conversation_record"): it must belong to
the plan the gate checked, and the viewer must be one who may read it (rules.may_read).
A new version is based on the version the form showed; a newer text saved meanwhile
refuses it, and what was typed stays in the form.
"""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.conversation_records import data as crd
from ip_app.conversation_records.rules import RecordInput, may_confirm, may_read, may_write
from ip_app.conversation_records.view import RecordsPage, build_page
from ip_app.kernel import gate
from ip_app.kernel.common import today as _today
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.page_view import forget_view, plan_view
from ip_app.kernel.models import ConversationRecord



def _record_row(g: gate.Ctx, record_id: int) -> Optional[ConversationRecord]:
    """A samtalereferat of the plan named, if the viewer may read it."""
    if not may_read(g.access, g.viewer.org_kind):
        return None
    return crd.get(g.s, g.plan_id, record_id)


def _record_plan(s, record_id: int) -> Optional[int]:  # noqa: ANN001
    r = s.get(ConversationRecord, record_id)
    return r.plan_id if r else None


gate.row_kind("conversation_record", _record_row, owner=_record_plan)


class ConversationRecordState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    editing: int = 0  # the record whose new version the form writes (0: a new record)
    f_topic: str = ""  # the form's starting text (the record's current one when editing)
    f_text: str = ""
    f_held_on: str = ""
    _editing: int = 0  # the same, server-side: the save takes no id from the browser
    _editing_version: int = 0
    _plan_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> RecordsPage:
        return await plan_view(
            self, "conversation_records", RecordsPage,
            lambda c: may_read(c.access, c.viewer.org_kind),  # else the page says so, empty
            lambda c: build_page(crd.load_page(c.s, c.plan.id, c.access, c.viewer.org_kind),
                                 c.plan, c.access, c.viewer, c.person_name, c.lang))

    @rx.event
    @gate.page("read_conversation_records",
               may=lambda g: may_read(g.access, g.viewer.org_kind))
    async def load(self, g: gate.Ctx):
        forget_view(self, "conversation_records")  # opening reads afresh
        self.errors, self.error, self.notice = {}, "", ""
        self._edit(0, 0)

    def _edit(self, record_id: int, version: int) -> None:
        self.editing = self._editing = record_id
        self._editing_version = version
        if not record_id:
            self.f_topic, self.f_text, self.f_held_on = "", "", ""

    @rx.event
    @gate.read("open_conversation_record", row="conversation_record", row_id="record_id",
               may=lambda g: may_write(g.access, g.viewer.org_kind))
    async def open_edit(self, g: gate.Ctx, record_id: int):
        """The form writes the next version of this record, from its current text."""
        r = g.row
        current = crd.current(g.s, r.id)
        self._edit(r.id, current.version if current else 0)
        self.f_topic, self.f_text = (current.topic, current.text) if current else ("", "")
        self.f_held_on = r.held_on.isoformat()
        self.errors, self.error = {}, ""
        self.form_key += 1

    @rx.event
    @gate.ui_only
    def new_record(self):
        """The form writes a new record again (nothing is read)."""
        self._edit(0, 0)
        self.errors = {}
        self.form_key += 1

    @rx.event
    @gate.write("write_conversation_record", row="conversation_record",
                row_id="self._editing", new_ok=True, field="errors",
                may=lambda g: may_write(g.access, g.viewer.org_kind))
    async def save(self, g: gate.Ctx, form_data: dict):
        """A new samtalereferat, or the next version of the one the form is editing."""
        try:
            form: RecordInput = validate(RecordInput, form_data,  # type: ignore[assignment]
                                         context={"today": _today()})
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        if g.row is None:
            r = crd.create(g.s, plan_id=g.plan_id, held_on=form.held_on, actor=g.actor,
                           topic=form.topic, text=form.text)
            version = 1
        else:
            r = g.row
            try:
                version = crd.save_version(g.s, record=r, based_on_version=self._editing_version,
                                           actor=g.actor, topic=form.topic,
                                           text=form.text).version
            except crd.StaleRecord:
                self._editing_version = crd.newest_version(g.s, r.id)
                self.errors = {"_form": g.t("error.minutes_stale")}
                return
        g.audit(target=f"conversation_record:{r.id}", detail=f"version:{version}")
        g.changed()

        def done() -> None:
            self.errors = {}
            self._edit(0, 0)
            self.form_key += 1
            self.notice = g.t("record.saved")
        g.after(done)

    @rx.event
    @gate.write("confirm_conversation_record", row="conversation_record", row_id="record_id",
                may=lambda g: may_confirm(g.access))
    async def confirm(self, g: gate.Ctx, record_id: int, version: int):
        """The person: "Jeg har lest" for the version the page showed, if it is the newest."""
        r = g.row
        newest = crd.newest_version(g.s, r.id)
        if not isinstance(version, int) or version != newest:
            self.error = g.t("error.minutes_changed")
            return
        crd.confirm(g.s, record_id=r.id, version=newest, by_id=g.viewer.account_id)
        g.audit(target=f"conversation_record:{r.id}", detail=f"version:{newest}")
        g.changed()
        g.after(lambda: setattr(self, "notice", g.t("record.confirmed")))
