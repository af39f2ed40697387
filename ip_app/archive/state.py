"""'/plan/[plan_id]/arkiv': the plan's archive snapshots (when, why), through the gate.

Who reads the list: archive/rules.py `may_read_archive`. The list shows no plan content;
the copies themselves are in the archive, not served here."""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.archive import data as archive_data
from ip_app.archive.rules import may_read_archive
from ip_app.archive.view import ArchivePage, build_archive_page
from ip_app.kernel import db, gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.common import Memo, today as _today
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import memo_view
from ip_app.kernel.models import Account
from ip_app.kernel.plan_access import access_for

_VIEWS = Memo()  # last view built per tab (see kernel/live.py)


class ArchiveState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    _plan_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed; follows the plan's live signal
    async def page_view(self) -> ArchivePage:
        """Rebuilt when the plan changes: a new snapshot shows, and a viewer whose access
        ended while the page was open is told so (and sees the list no more)."""
        plan_id = self._plan_id

        def build(viewer: Viewer) -> ArchivePage:
            with db.session() as s:
                plan, access = access_for(s, viewer, plan_id, _today())
                if plan is None or not may_read_archive(access):
                    return ArchivePage(mode="ended")
                person = s.get(Account, plan.person_id)
                return build_archive_page(
                    archive_data.of_plan(s, plan.id), plan_id=plan.id,
                    is_owner=access.is_owner,
                    person_name=person.display_name if person else "",
                    lang=lang_of(self, viewer))

        return await memo_view(self, _VIEWS, "archive", plan_id, build,
                               loading=ArchivePage(mode="loading"),
                               denied=ArchivePage(mode="denied"),
                               error=ArchivePage(mode="error"))

    @rx.event
    @gate.page("read_archive", may=lambda g: may_read_archive(g.access))
    async def load(self, g: gate.Ctx):
        _VIEWS.drop(self.router.session.client_token)  # opening reads afresh
