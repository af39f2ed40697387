"""'/plan/[plan_id]/tiltak/[measure_id]/forhandsorientering': the forhåndsorientering of
one agreed tiltak: the veileder sends one from a template, the person confirms having read
it, staff see read or not read.

Every handler is declared through the gate (kernel/gate.py); the tiltak must be in the plan
and visible to the viewer (row kind "measure"); the rules are advance_notice/rules.py.
"""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.advance_notice import data as ndata
from ip_app.advance_notice.rules import AdvanceNoticeForm, may_confirm, may_read, may_send
from ip_app.advance_notice.view import NoticePage, build_notice_page
from ip_app.kernel import gate
from ip_app.kernel.common import to_int as _int, route_params
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.page_view import PageCtx, forget_view, plan_view
from ip_app.kernel.models import AdvanceNotice
from ip_app.kernel.roles import Role
from ip_app.plan.data import visible_measure



def _notice_row(g: gate.Ctx, notice_id: int) -> Optional[AdvanceNotice]:
    """A notice of the plan named, on a tiltak the viewer may see."""
    n = ndata.get(g.s, g.plan_id, notice_id)
    if n is None or visible_measure(g.s, g.plan, g.access, g.viewer, n.measure_id) is None:
        return None
    return n if may_read(g.access, True) else None


def _notice_plan(s, notice_id: int) -> Optional[int]:  # noqa: ANN001
    n = s.get(AdvanceNotice, notice_id)
    return n.plan_id if n else None


gate.row_kind("advance_notice", _notice_row, owner=_notice_plan)


def _may_open(g: gate.Ctx) -> bool:
    """The tiltak in the route is in the plan and visible, and the viewer may read its
    notices (domain.advance_notice.may_read)."""
    mid = _int(route_params(g.state).get("measure_id"))
    return (may_read(g.access, True)
            and visible_measure(g.s, g.plan, g.access, g.viewer, mid) is not None)


class AdvanceNoticeState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0
    _plan_id: Optional[int] = None
    _measure_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> NoticePage:
        measure_id = self._measure_id

        def build(c: PageCtx) -> NoticePage:
            row = visible_measure(c.s, c.plan, c.access, c.viewer, measure_id)
            loaded = ndata.load_page(c.s, c.plan.id, row[0].id) if row else ndata.NoticeData()
            return build_notice_page(loaded, c.plan, c.access, c.viewer,
                                     row[0] if row else None, c.person_name, c.lang)

        return await plan_view(self, "advance_notice", NoticePage,
                               lambda c: may_read(c.access, True), build, extra=(measure_id,))

    @rx.event
    @gate.page("read_advance_notice", may=_may_open)
    async def load(self, g: gate.Ctx):
        forget_view(self, "advance_notice")  # opening reads afresh
        self._measure_id = _int(route_params(self).get("measure_id"))
        self.errors = {}

    @rx.event
    @gate.write("send_advance_notice", row="measure", row_id="form_data.measure_id",
                may=lambda g: g.access.role == Role.VEILEDER, field="errors")
    async def send(self, g: gate.Ctx, form_data: dict):
        """The veileder sends a new notice (a correction replaces the one in force)."""
        m, _responsible = g.row
        if not may_send(g.access, g.viewer.org_kind, agreed=m.agreed, status=m.status):
            g.refuse("not_agreed")
        try:
            form: AdvanceNoticeForm = validate(AdvanceNoticeForm, form_data)  # type: ignore[assignment]
        except FormError as exc:
            self.errors = {k: g.t(v) for k, v in exc.errors.items()}
            return
        n = ndata.send(g.s, plan_id=g.plan_id, measure_id=m.id, required=form.required,
                       consequence=form.consequence, rights=form.rights,
                       actor_id=g.viewer.account_id)
        g.audit(target=f"advance_notice:{n.id}", detail=f"measure:{m.id}")
        g.changed()  # the plan page is built whole (plan_view.patch keeps old notices)

        def done() -> None:
            self.errors = {}
            self.form_key += 1
            self.notice = g.t("fho.notice.sent")
        g.after(done)

    @rx.event
    @gate.write("confirm_advance_notice", row="advance_notice", row_id="notice_id",
                may=lambda g: g.access.is_owner)
    async def confirm(self, g: gate.Ctx, notice_id: int):
        """The person: "Jeg har lest dette" (once, on the one in force)."""
        n = g.row
        if not may_confirm(g.access, read_at=n.read_at, replaced=n.replaced_by_id is not None):
            g.refuse("already_read")
        ndata.confirm_read(g.s, n, actor_id=g.viewer.account_id)
        g.audit(target=f"advance_notice:{n.id}")
        g.changed()  # the plan page is built whole (plan_view.patch keeps old notices)
        g.after(lambda: setattr(self, "notice", g.t("fho.notice.read")))
