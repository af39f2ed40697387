"""'/samordning': tiltak across the people a staff member follows, by type and status."""

from __future__ import annotations

import logging

import reflex as rx

from ip_app.data import audit, db
from ip_app.web.common import today as _today
from ip_app.web.coordination_view import ALL, CoordinationPage, build_coordination
from ip_app.web.session import current_viewer

LANG = "nb"
log = logging.getLogger(__name__)


class CoordinationState(rx.State):
    kind: str = ALL
    status: str = ALL
    loaded: bool = False

    @rx.var
    def view(self) -> CoordinationPage:
        """Rebuilt on the server from the session's viewer; filters only narrow it."""
        if not self.loaded:
            return CoordinationPage(mode="loading")
        viewer = current_viewer(self)
        if viewer is None:
            return CoordinationPage(mode="denied")
        try:
            with db.session() as s:
                return build_coordination(s, viewer, _today(), self.kind, self.status, LANG)
        except Exception:
            log.exception("coordination view failed")
            return CoordinationPage(mode="denied")

    @rx.event
    def load(self):
        viewer = current_viewer(self)
        if viewer is None:
            return rx.redirect("/login")
        with db.session() as s:
            audit.record(s, actor_id=viewer.account_id, actor_role=viewer.kind,
                         action="read_coordination", allowed=viewer.kind == "staff")
        self.kind = self.status = ALL
        self.loaded = True

    @rx.event
    def set_kind(self, value: str):
        self.kind = str(value)[:60]

    @rx.event
    def set_status(self, value: str):
        self.status = str(value)[:20]
