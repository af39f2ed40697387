"""'/samordning': tiltak across the people a staff member follows, by type, provider and
status. A chosen provider is checked on the server against the options built from the
viewer's own caseload; anything else is refused (logged) and the filter shows all."""

from __future__ import annotations

import logging
from typing import Optional

import reflex as rx

from ip_app.coordination.data import listed_plans, load_page
from ip_app.coordination.view import ALL, CoordinationPage, build_coordination
from ip_app.kernel import audit, db, gate
from ip_app.kernel.common import today as _today
from ip_app.kernel.lang import lang_of
from ip_app.kernel.session import current_viewer

log = logging.getLogger(__name__)


def _own_things(g: gate.Ctx) -> None:
    """The viewer's own caseload across plans: no plan id to check (each plan and tiltak
    listed goes through the access policy in `build_coordination`)."""
    return None


class CoordinationState(rx.State):
    kind: str = ALL
    status: str = ALL
    provider: str = ALL
    loaded: bool = False
    _plan_id: Optional[int] = None  # the gate's page flow resets it; this page follows no plan

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
                return build_coordination(load_page(s, viewer, _today()), viewer, self.kind,
                                          self.status,
                                          lang_of(self, viewer), self.provider)
        except Exception:
            log.exception("coordination view failed")
            return CoordinationPage(mode="denied")

    @rx.event
    @gate.page("read_coordination", plan=_own_things)
    async def load(self, g: gate.Ctx):
        viewer = g.viewer
        g.audit(allowed=viewer.kind == "staff")
        # each person whose tiltak are listed finds this read in their own access log
        audit.record_listing(g.s, actor_id=viewer.account_id, actor_role=viewer.kind,
                             action="coordination_listed",
                             plan_ids=listed_plans(g.s, viewer, _today()))
        self.kind = self.status = self.provider = ALL
        self.loaded = True

    @rx.event
    @gate.ui_only
    def set_kind(self, value: str):
        self.kind = str(value)[:60]

    @rx.event
    @gate.ui_only
    def set_status(self, value: str):
        self.status = str(value)[:20]

    @rx.event
    @gate.own("filter_coordination")
    async def set_provider(self, g: gate.Ctx, value: str):
        """Only an organisation that is in the viewer's own list of tiltak."""
        viewer = g.who()
        value = str(value)[:20]
        if viewer is None:
            self.provider = ALL
            return
        page = build_coordination(load_page(g.s, viewer, _today()), viewer, ALL, ALL, "nb")
        if value not in {o.value for o in page.provider_options}:
            g.audit(allowed=False, detail=f"provider:{value}")
            value = ALL
        self.provider = value
