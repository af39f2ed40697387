"""'Hvem har sett planen min' (/tilgangslogg): the person's access log, 50 at a time.

Only the plan's person reads it; the plan is resolved from the session, never from
the browser, and every page read is itself audited (allowed or refused). Declared
through the gate (web/gate.py): the page load as a page of the viewer's own things,
paging as `own`.
"""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.data import access_log
from ip_app.web.consent_state import managed_plan
from ip_app.web import gate
from ip_app.web.access_log_view import LogPage, build_log_page
from ip_app.web.lang import lang_of


def _own_things(g: gate.Ctx) -> None:
    """The log is the viewer's own (their plan from the session): no plan id to check."""
    return None


class AccessLogState(rx.State):
    log: LogPage = LogPage()
    _offset: int = 0
    _plan_id: Optional[int] = None  # the gate's page flow resets it; this page follows no plan

    def _show(self, g: gate.Ctx, offset: int) -> None:
        viewer = g.who()
        plan = managed_plan(g.s, viewer)  # the person's own; a guardian's, the child's
        g.plan_id = plan.id if plan else None
        g.audit(allowed=plan is not None,
                detail=f"offset={offset}" if plan else "not_a_person")
        if plan is None:
            self.log = LogPage(mode="denied")
            self._offset = 0
            return
        total = access_log.count(g.s, plan.id, exclude_actor_id=viewer.account_id)
        offset = max(0, min(offset, max(total - 1, 0)))
        offset -= offset % access_log.PAGE_SIZE
        rows = access_log.entries(g.s, plan.id, exclude_actor_id=viewer.account_id,
                                  offset=offset)
        self._offset = offset
        self.log = build_log_page(rows, total, offset, lang_of(self, viewer))

    @rx.event
    @gate.page("read_access_log", plan=_own_things)
    async def load(self, g: gate.Ctx):
        self._show(g, 0)

    @rx.event
    @gate.own("read_access_log")
    async def older(self, g: gate.Ctx):
        self._show(g, self._offset + access_log.PAGE_SIZE)

    @rx.event
    @gate.own("read_access_log")
    async def newer(self, g: gate.Ctx):
        self._show(g, self._offset - access_log.PAGE_SIZE)
