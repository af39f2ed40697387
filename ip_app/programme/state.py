"""'/plan/[plan_id]/program': staff record and change the programme facts of a plan.

Like AssessmentState and EvaluationState, declared through the gate (kernel/gate.py): the
plan id comes from the route once, in `load`, and is kept server-side only after the
access check; which programme the viewer writes (introduction programme or KVP) is
decided by the domain rule (the gate's `may`), never sent by the browser, and asked again
on every save; refusals are audited. A save appends a version; a save based on an older version than
the newest is refused (no lost update). The phases editor's rows live in this state
(ids only come from here); what is typed in them is read from the submitted form.
"""

from __future__ import annotations

import logging
from typing import Optional

import reflex as rx

from ip_app.assessment.data import plan_bases
from ip_app.kernel import db, gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.common import Memo, to_int as _int, today as _today
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import interned, memo_view
from ip_app.kernel.models import Account
from ip_app.kernel.plan_access import access_for
from ip_app.plan.rules import PlanBasis
from ip_app.programme import data as pdata
from ip_app.programme.edit_rules import MAX_PHASES, check_programme_form, editable_basis, same_facts
from ip_app.programme.edit_view import ProgrammeEditPage, build_edit_page, phase_rows

log = logging.getLogger(__name__)
_VIEWS = Memo()  # last programme page built per tab (see kernel/live.py)


def _editable(g: gate.Ctx) -> Optional[PlanBasis]:
    """The programme this viewer writes in the plan (the domain rule decides), or None."""
    return editable_basis(g.access, g.viewer, plan_bases(g.s, g.plan_id))


def _still_editable(g: gate.Ctx) -> Optional[PlanBasis]:
    """As `_editable`, and still the programme the open form is for."""
    basis = _editable(g)
    return basis if basis is not None and basis.value == g.state._basis else None


# the placeholders of the view, made once (their digest is taken once: `live.interned`)
_LOADING, _DENIED, _ERROR = (interned(ProgrammeEditPage(mode=m))
                             for m in ("loading", "denied", "error"))


class ProgrammeEditState(rx.State):
    """One tab's programme page of one plan."""

    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0  # bumped after a save: the form starts afresh from the new version
    phases: list[dict[str, str]] = []  # the phases editor's rows: id, name, start
    _next_row: int = 0
    _plan_id: Optional[int] = None
    _basis: str = ""
    _based_on: int = -1  # the version the open form is based on (kept server-side)

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> ProgrammeEditPage:
        """The facts and their versions, for the staff who run the programme."""
        plan_id, wanted = self._plan_id, self._basis

        def build(viewer: Viewer) -> ProgrammeEditPage:
            with db.session() as s:
                plan, access = access_for(s, viewer, plan_id, _today())
                basis = (editable_basis(access, viewer, plan_bases(s, plan_id))
                         if plan is not None else None)
                if basis is None or basis.value != wanted:
                    return ProgrammeEditPage(mode="ended")  # the page was open: access ended
                person = s.get(Account, plan.person_id)
                return build_edit_page(s, plan_id, basis, viewer,
                                       person.display_name if person else "",
                                       lang_of(self, viewer))

        return await memo_view(self, _VIEWS, "programme", plan_id if wanted else None, build,
                               loading=_LOADING, denied=_DENIED, error=_ERROR,
                               extra=(wanted,))

    def _set_rows(self, rows: list[dict[str, str]]) -> None:
        self.phases = []
        for r in rows:
            self._append_row(r.get("name", ""), r.get("start", ""))

    def _append_row(self, name: str = "", start: str = "") -> None:
        self._next_row += 1
        self.phases = self.phases + [{"id": str(self._next_row), "name": name, "start": start}]

    @rx.event
    @gate.page("open_programme_edit", may=_editable, may_reason="role",
               target=lambda g: f"programme:{g.granted.value}")
    async def load(self, g: gate.Ctx):
        """Only the staff who run the plan's programme; anyone else is refused and logged."""
        basis = g.granted
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
        last = pdata.current(g.s, g.plan_id, basis.value)
        self._based_on = last.version if last else 0
        self._set_rows(phase_rows(last))
        self._basis = basis.value
        self.form_key += 1

    @rx.event
    @gate.ui_only
    def add_phase(self):
        """A new empty row at the end of the phases editor (nothing is saved yet)."""
        if self.screen == "page" and len(self.phases) < MAX_PHASES:
            self._append_row()

    @rx.event
    @gate.ui_only
    def remove_phase(self, row_id: str):
        """Take a row out of the form; earlier versions keep every phase ever saved."""
        self.phases = [r for r in self.phases if r["id"] != str(row_id)]
        self.errors = {k: v for k, v in self.errors.items() if not k.endswith(f"_{row_id}")}

    @rx.event
    @gate.write("save_programme", may=_still_editable)
    async def save(self, g: gate.Ctx, form_data: dict):
        """Append a new version of the facts; every earlier version stays."""
        plan_id, basis, lang = g.plan_id, g.granted, g.lang
        ids = [r["id"] for r in self.phases]
        rows = [(form_data.get(f"phase_name_{i}", ""), form_data.get(f"phase_start_{i}", ""))
                for i in ids]
        try:
            facts = check_programme_form(basis, form_data, rows)
        except FormError as exc:
            self.errors = {_field(k, ids): t(v, lang) for k, v in exc.errors.items()}
            self.error = t("error.programme_form", lang)
            return
        self.errors = {}
        last = pdata.current(g.s, plan_id, basis.value)
        if last is not None and last.version == self._based_on and same_facts(facts, last):
            self.notice = t("notice.programme_unchanged", lang)
            return
        try:
            row = pdata.save_version(g.s, plan_id=plan_id, basis=basis.value,
                                     based_on=self._based_on, actor_id=g.viewer.account_id,
                                     **facts.as_fields())
        except pdata.StaleProgramme as exc:
            cur = exc.current
            who = pdata.names(g.s, {cur.written_by_id}) if cur else {}
            # what they typed stays in the form; the next save builds on the newer version
            self._based_on = cur.version if cur else 0
            self.error = t("error.programme_stale", lang, n=cur.version if cur else 0,
                           name=who.get(cur.written_by_id, "?") if cur else "?",
                           when=fmt_datetime(cur.written_at, lang) if cur else "",
                           goal=(cur.final_goal if cur else "") or "-")
            return
        g.audit(target=f"programme:{basis.value}:{row.version}")
        g.changed()  # every open page of the plan shows the new facts
        n, saved_rows = row.version, phase_rows(row)

        def saved() -> None:  # only once committed
            self._based_on = n
            self._set_rows(saved_rows)
            self.form_key += 1
            self.notice = t("notice.programme_saved", lang, n=n)

        g.after(saved)


def _field(key: str, ids: list[str]) -> str:
    """A domain error key `phase_name_<i>` (i: row number) as the row's input name."""
    for prefix in ("phase_name_", "phase_start_"):
        if key.startswith(prefix):
            i = _int(key[len(prefix):])
            if i is not None and 0 <= i < len(ids):
                return prefix + ids[i]
    return key
