"""'/samordning': tiltak across the people a staff member follows, by type, provider and
status. A chosen provider is checked on the server against the options built from the
viewer's own caseload; anything else is refused (logged) and the filter shows all."""

from __future__ import annotations

import logging

import reflex as rx

from ip_app.data import audit, db
from ip_app.web.common import today as _today, typed
from ip_app.web.lang import lang_of
from ip_app.web.coordination_view import (
    ALL, CoordinationPage, build_coordination, listed_plans,
)
from ip_app.web.session import current_viewer

log = logging.getLogger(__name__)


class CoordinationState(rx.State):
    kind: str = ALL
    status: str = ALL
    provider: str = ALL
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
                return build_coordination(s, viewer, _today(), self.kind, self.status,
                                          lang_of(self, viewer), self.provider)
        except Exception:
            log.exception("coordination view failed")
            return CoordinationPage(mode="denied")

    @rx.event
    @typed
    def load(self):
        viewer = current_viewer(self)
        if viewer is None:
            return rx.redirect("/login")
        with db.session() as s:
            audit.record(s, actor_id=viewer.account_id, actor_role=viewer.kind,
                         action="read_coordination", allowed=viewer.kind == "staff")
            # each person whose tiltak are listed finds this read in their own access log
            audit.record_listing(s, actor_id=viewer.account_id, actor_role=viewer.kind,
                                 action="coordination_listed",
                                 plan_ids=listed_plans(s, viewer, _today()))
        self.kind = self.status = self.provider = ALL
        self.loaded = True

    @rx.event
    @typed
    def set_kind(self, value: str):
        self.kind = str(value)[:60]

    @rx.event
    @typed
    def set_status(self, value: str):
        self.status = str(value)[:20]

    @rx.event
    @typed
    def set_provider(self, value: str):
        """Only an organisation that is in the viewer's own list of tiltak."""
        viewer = current_viewer(self)
        value = str(value)[:20]
        if viewer is None:
            self.provider = ALL
            return
        with db.session() as s:
            page = build_coordination(s, viewer, _today(), ALL, ALL, "nb")
            if value not in {o.value for o in page.provider_options}:
                audit.record(s, actor_id=viewer.account_id, actor_role=viewer.kind,
                             action="filter_coordination", allowed=False,
                             detail=f"provider:{value}")
                value = ALL
        self.provider = value
