"""'/samarbeidsavtale': the samarbeidsavtale of the viewer's office, read and edited.

Thin: every event resolves the viewer from the session, resolves the agreement from the
viewer's own organisation and a counterpart the server lists for it (never an id taken
on trust), asks domain.cooperation who may edit, and writes an audit row, refused
attempts too. A save names the version the form was opened on; a newer one refuses it.
"""

from __future__ import annotations

import logging
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.cooperation import data as dc, rules as coop
from ip_app.cooperation.view import CooperationPage, build_cooperation
from ip_app.kernel import db, gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.lang import lang_of
from ip_app.kernel.session import current_viewer

log = logging.getLogger(__name__)
REASON_MAX = 500


def _own_office(g: gate.Ctx) -> None:
    """The agreement of the viewer's own office (from the session): no plan to check."""
    return None


class CooperationState(rx.State):
    loaded: bool = False
    counterpart: str = ""  # checked against the office's counterparts on every use
    notice: str = ""
    error: str = ""
    errors: dict[str, str] = {}
    form_key: int = 0  # bumped when the form should start afresh from what is saved
    _form_version: int = 0  # the agreement version the open form is based on
    _plan_id: Optional[int] = None  # the gate's page flow resets it; no plan here

    @rx.var
    def view(self) -> CooperationPage:
        """Rebuilt on the server from the session's viewer."""
        _ = self.form_key  # a save or a new counterpart reads afresh
        if not self.loaded:
            return CooperationPage(mode="loading")
        viewer = current_viewer(self)
        try:
            with db.session() as s:
                return build_cooperation(dc.load_page(s, viewer, self.counterpart), viewer,
                                         lang_of(self, viewer),
                                         self.errors)
        except Exception:
            log.exception("cooperation view failed")
            return CooperationPage(mode="denied")

    def _open(self, s: Session, viewer: Viewer) -> str:
        """Point the form at the agreement as saved now; returns the audit target."""
        pair, _ = dc.resolve_pair(s, viewer, self.counterpart)
        if pair is None:
            self._form_version = 0
            return ""
        self.counterpart = str(pair.municipality_org_id if viewer.org_id == pair.nav_org_id
                               else pair.nav_org_id)
        agreement = dc.agreement_between(s, pair.nav_org_id, pair.municipality_org_id)
        self._form_version = agreement.version if agreement else 0
        return f"cooperation:{pair.nav_org_id}-{pair.municipality_org_id}"

    @rx.event
    @gate.page("read_cooperation", plan=_own_office)
    async def load(self, g: gate.Ctx):
        viewer = g.viewer
        self.counterpart = ""
        target = self._open(g.s, viewer) if viewer.kind == "staff" else ""
        g.audit(allowed=bool(target), target=target, detail="" if target else "not_party")
        self.loaded = True
        self.form_key += 1

    @rx.event
    @gate.own("read_cooperation")
    async def set_counterpart(self, g: gate.Ctx, value: str):
        viewer = g.who()
        if viewer is None:
            return
        self.notice = self.error = ""
        self.errors = {}
        _, options = dc.resolve_pair(g.s, viewer, "")
        if str(value) not in {str(o.id) for o in options}:
            g.audit(allowed=False, detail=f"counterpart:{str(value)[:20]}")
            return
        self.counterpart = str(value)
        target = self._open(g.s, viewer)
        g.audit(target=target)
        self.form_key += 1

    @rx.event
    @gate.own("save_cooperation", writes=True)
    async def save(self, g: gate.Ctx, form_data: dict):  # async: runs once per write id
        self.notice = self.error = ""
        viewer = g.who()
        pair, _ = dc.resolve_pair(g.s, viewer, self.counterpart)
        target = f"cooperation:{pair.nav_org_id}-{pair.municipality_org_id}" if pair else ""
        if viewer is None or pair is None or not coop.may_edit(
                viewer.kind, viewer.org_id, pair.nav_org_id, pair.municipality_org_id,
                dc.plan_roles(g.s, viewer.account_id)):
            g.refuse("not_editor" if pair else "not_party", target=target)
        errors: dict[str, str] = {}
        try:
            lines = coop.parse_lines(form_data)
        except coop.AgreementError as exc:
            errors = dict(exc.errors)
        reason = str(form_data.get("reason") or "").replace("\x00", "").strip()
        if len(reason) > REASON_MAX:
            errors["reason"] = "error.text_too_long"
        if errors:
            self.errors = {k: g.t(v) for k, v in errors.items()}
            self.error = g.t("coop.fix_errors")
            return
        try:
            agreement = dc.save_agreement(
                g.s, nav_org_id=pair.nav_org_id, municipality_org_id=pair.municipality_org_id,
                based_on_version=self._form_version, lines=lines,
                actor_id=viewer.account_id, reason=reason)
        except dc.StaleAgreement as exc:
            g.s.rollback()
            g.audit(allowed=False, target=target, detail=f"stale:{self._form_version}")
            # the next save builds on what is saved now; what was typed stays in the form
            self._form_version = exc.current.version if exc.current else 0
            self.errors = {}
            self.error = g.t("coop.stale")
            return
        g.audit(target=target, detail=f"version:{agreement.version}")
        version = agreement.version

        def done() -> None:  # after the commit: a failed one changes nothing
            self._form_version = version
            self.errors = {}
            self.form_key += 1
            self.notice = g.t("coop.saved", n=version)
        g.after(done)
