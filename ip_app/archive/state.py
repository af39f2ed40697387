"""'/plan/[plan_id]/arkiv': the plan's archive snapshots (when, why), through the gate.

Who reads the list: archive/rules.py `may_read_archive`. The list shows no plan content;
the copies themselves are in the archive, not served here."""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.archive import data as archive_data
from ip_app.archive.rules import may_read_archive
from ip_app.archive.view import ArchivePage, build_archive_page
from ip_app.kernel import gate
from ip_app.kernel.page_view import forget_view, plan_view



class ArchiveState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    _plan_id: Optional[int] = None

    @rx.var(cache=False)  # sent only when it changed; follows the plan's live signal
    async def page_view(self) -> ArchivePage:
        """Rebuilt when the plan changes: a new snapshot shows, and a viewer whose access
        ended while the page was open is told so (and sees the list no more)."""
        return await plan_view(
            self, "archive", ArchivePage, lambda c: may_read_archive(c.access),
            lambda c: build_archive_page(archive_data.of_plan(c.s, c.plan.id), plan_id=c.plan.id,
                                         is_owner=c.access.is_owner,
                                         person_name=c.person_name, lang=c.lang))

    @rx.event
    @gate.page("read_archive", may=lambda g: may_read_archive(g.access))
    async def load(self, g: gate.Ctx):
        forget_view(self, "archive")  # opening reads afresh
