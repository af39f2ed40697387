"""'/plan/[plan_id]/vedtak': decisions (vedtak) the person reads, and their klage.

Every handler is declared through the gate (kernel/gate.py): the plan id comes from the
route once, in `load`; each write is checked again by the gate, the row (vedtak/klage)
must belong to the plan, and the domain rules (decisions/rules.py) decide who may
draft, send, appeal and handle. Refusals and reads are audited.
"""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.decisions import data as ddata
from ip_app.decisions.rules import (
    KlageForm, KlageStepForm, VedtakForm, VedtakKind, is_late, may_appeal, may_decide,
    may_handle_klage, may_read_decisions,
)
from ip_app.decisions.view import DecisionsPage, build_decisions_page
from ip_app.kernel import gate
from ip_app.kernel.common import to_int as _int, today as _today
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.page_view import forget_view, plan_view
from ip_app.kernel.models import Vedtak



def _vedtak_row(g: gate.Ctx, vedtak_id: int) -> Optional[Vedtak]:
    """A vedtak of the plan named; a draft only for the staff who decide."""
    v = ddata.get_vedtak(g.s, g.plan_id, vedtak_id)
    if v is None or not may_read_decisions(g.access):
        return None
    if v.status != "sendt" and not may_decide(g.access):
        return None
    return v


def _vedtak_plan(s, vedtak_id: int) -> Optional[int]:  # noqa: ANN001
    v = s.get(Vedtak, vedtak_id)
    return v.plan_id if v else None


def _klage_row(g: gate.Ctx, klage_id: int):  # noqa: ANN202
    k = ddata.get_klage(g.s, g.plan_id, klage_id)
    return k if k is not None and may_read_decisions(g.access) else None


def _klage_plan(s, klage_id: int) -> Optional[int]:  # noqa: ANN001
    from ip_app.kernel.models import Klage
    k = s.get(Klage, klage_id)
    return k.plan_id if k else None


gate.row_kind("vedtak", _vedtak_row, owner=_vedtak_plan)
gate.row_kind("klage", _klage_row, owner=_klage_plan)


class DecisionState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    klage_for: int = 0  # the vedtak whose klage form is open
    step_for: int = 0  # the klage whose step form is open
    _plan_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> DecisionsPage:
        return await plan_view(
            self, "decisions", DecisionsPage, lambda c: may_read_decisions(c.access),
            lambda c: build_decisions_page(ddata.load_page(c.s, c.plan, drafts=may_decide(c.access)),
                                           c.plan, c.access, c.viewer, c.person_name, c.lang,
                                           c.today))

    @rx.event
    @gate.page("read_vedtak", may=lambda g: may_read_decisions(g.access))
    async def load(self, g: gate.Ctx):
        forget_view(self, "decisions")  # opening reads afresh
        self.klage_for = self.step_for = 0
        self.errors = {}

    @rx.event
    @gate.ui_only
    def open_klage(self, vedtak_id: int):
        self.klage_for, self.errors = vedtak_id, {}

    @rx.event
    @gate.ui_only
    def open_step(self, klage_id: int):
        self.step_for, self.errors = klage_id, {}

    @rx.event
    @gate.ui_only
    def close_forms(self):
        self.klage_for = self.step_for = 0
        self.errors = {}

    @rx.event
    @gate.write("draft_vedtak", may=lambda g: may_decide(g.access), field="errors")
    async def save_draft(self, g: gate.Ctx, form_data: dict):
        """A new draft, or the next version of a sent vedtak (a correction)."""
        raw_kind = str(form_data.get("kind", ""))
        replaces = None
        if raw_kind.startswith("retter:"):
            replaces = ddata.get_vedtak(g.s, g.plan_id, _int(raw_kind[7:]) or 0)
            if replaces is None:
                g.refuse("not_in_plan")
            raw_kind = replaces.kind
        try:
            form: VedtakForm = validate(VedtakForm, {**form_data, "kind": raw_kind})  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        try:
            v = ddata.add_draft(g.s, plan_id=g.plan_id, kind=VedtakKind(form.kind),
                                decision=form.decision, reasons=form.reasons,
                                actor_id=g.viewer.account_id, replaces=replaces)
        except ddata.NotAllowed:
            self.errors = {"kind": g.t("error.vedtak_not_in_force")}
            return
        g.audit(target=f"vedtak:{v.id}", detail=f"v{v.version}")
        g.changed()

        def done() -> None:
            self.errors = {}
            self.form_key += 1
            self.notice = g.t("vedtak.notice.drafted")
        g.after(done)

    @rx.event
    @gate.write("send_vedtak", row="vedtak", row_id="vedtak_id",
                may=lambda g: may_decide(g.access))
    async def send_vedtak(self, g: gate.Ctx, vedtak_id: int):
        v = g.row
        try:
            ddata.send(g.s, v, actor_id=g.viewer.account_id, today=_today())
        except ddata.NotAllowed:
            self.error = g.t("error.vedtak_already_sent")
            return
        g.audit(target=f"vedtak:{v.id}", detail=f"appeal_by={v.appeal_by}")
        g.changed()
        g.after(lambda: setattr(self, "notice", g.t("vedtak.notice.sent")))

    @rx.event
    @gate.write("send_klage", row="vedtak", row_id="form_data.vedtak_id",
                may=lambda g: may_appeal(g.access), field="errors")
    async def send_klage(self, g: gate.Ctx, form_data: dict):
        """The person (or their verge) appeals a sent vedtak in force."""
        v = g.row
        if v.status != "sendt" or v.replaced_by_id is not None:
            g.refuse("not_in_force")
        late = bool(v.appeal_by and is_late(v.appeal_by, _today()))
        try:
            form: KlageForm = validate(KlageForm, form_data, context={"late": late})  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {k: g.t(val) for k, val in exc.errors.items()}
            return
        k = ddata.add_klage(g.s, v, text=form.text, late=late, late_reason=form.late_reason,
                            actor_id=g.viewer.account_id)
        g.audit(target=f"klage:{k.id}", detail="late" if late else "")
        g.changed()

        def done() -> None:
            self.errors = {}
            self.klage_for = 0
            self.form_key += 1
            self.notice = g.t("klage.notice.sent")
        g.after(done)

    @rx.event
    @gate.write("move_klage", row="klage", row_id="form_data.klage_id",
                may=lambda g: may_handle_klage(g.access), field="errors")
    async def move_klage(self, g: gate.Ctx, form_data: dict):
        """The office moves a klage one step, with a note the person reads."""
        k = g.row
        try:
            form: KlageStepForm = validate(KlageStepForm, form_data)  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {f: g.t(val) for f, val in exc.errors.items()}
            return
        try:
            ddata.move_klage(g.s, k, to=form.status, note=form.note,
                             actor_id=g.viewer.account_id)
        except ddata.NotAllowed:
            self.errors = {"note": g.t("error.klage_step")}
            return
        g.audit(target=f"klage:{k.id}", detail=form.status.value)
        g.changed()

        def done() -> None:
            self.errors = {}
            self.step_for = 0
            self.form_key += 1
            self.notice = g.t("klage.notice.moved")
        g.after(done)
