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
from ip_app.kernel.models import Account


class ArchiveState(rx.State):
    screen: str = "loading"  # loading | page | denied
    notice: str = ""
    error: str = ""
    page_view: ArchivePage = ArchivePage()
    _plan_id: Optional[int] = None

    @rx.event
    @gate.page("read_archive", may=lambda g: may_read_archive(g.access))
    async def load(self, g: gate.Ctx):
        person = g.s.get(Account, g.plan.person_id)
        self.page_view = build_archive_page(
            archive_data.of_plan(g.s, g.plan.id), plan_id=g.plan.id,
            is_owner=g.access.is_owner,
            person_name=person.display_name if person else "", lang=g.lang)
