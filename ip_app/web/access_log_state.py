"""'Hvem har sett planen min' (/tilgangslogg): the person's access log, 50 at a time.

Only the plan's person reads it; the plan is resolved from the session, never from
the browser, and every page read is itself audited (allowed or refused).
"""

from __future__ import annotations

import reflex as rx

from ip_app.data import access_log, audit, db
from ip_app.data.plans import plan_of_person
from ip_app.web.access_log_view import LogPage, build_log_page
from ip_app.web.lang import lang_of
from ip_app.web.session import current_viewer
from ip_app.web.common import typed



class AccessLogState(rx.State):
    log: LogPage = LogPage()
    _offset: int = 0

    def _show(self, offset: int) -> None:
        viewer = current_viewer(self)
        with db.session() as s:
            plan = plan_of_person(s, viewer.account_id) if viewer and viewer.kind == "person" \
                else None
            audit.record(s, actor_id=viewer.account_id if viewer else None,
                         actor_role=viewer.kind if viewer else "", action="read_access_log",
                         plan_id=plan.id if plan else None, allowed=plan is not None,
                         detail=f"offset={offset}" if plan else "not_a_person")
            if plan is None:
                self.log = LogPage(mode="denied")
                self._offset = 0
                return
            total = access_log.count(s, plan.id, exclude_actor_id=viewer.account_id)
            offset = max(0, min(offset, max(total - 1, 0)))
            offset -= offset % access_log.PAGE_SIZE
            rows = access_log.entries(s, plan.id, exclude_actor_id=viewer.account_id,
                                      offset=offset)
            self._offset = offset
            self.log = build_log_page(rows, total, offset, lang_of(self, viewer))

    @rx.event
    @typed
    def load(self):
        if current_viewer(self) is None:
            return rx.redirect("/login")
        self._show(0)

    @rx.event
    @typed
    def older(self):
        self._show(self._offset + access_log.PAGE_SIZE)

    @rx.event
    @typed
    def newer(self):
        self._show(self._offset - access_log.PAGE_SIZE)
