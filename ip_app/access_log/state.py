"""'Hvem har sett planen min' (/tilgangslogg): the person's access log, 50 at a time.

Only the plan's person reads it; the plan is resolved from the session, never from
the browser, and every page read is itself audited (allowed or refused). Declared
through the gate (kernel/gate.py): the page load as a page of the viewer's own things,
paging as `own`.
"""

from __future__ import annotations

from typing import Optional

import reflex as rx

from ip_app.access_log import data as access_log
from ip_app.access_log.rules import target_of
from ip_app.access_log.view import LogPage, WhoOption, build_log_page
from ip_app.consent.data import managed_plan
from ip_app.kernel import gate
from ip_app.kernel.common import today as _today
from ip_app.kernel.i18n import t
from ip_app.kernel.lang import lang_of
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.voice import voice_for
from ip_app.plan.data import load_plan


def _own_things(g: gate.Ctx) -> None:
    """The log is the viewer's own (their plan from the session): no plan id to check."""
    return None


class AccessLogState(rx.State):
    log: LogPage = LogPage()
    _offset: int = 0
    _only: str = ""  # "" everyone, "refused", or one account's id ("Vis bare")
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
        lang = lang_of(self, viewer)
        me = viewer.account_id
        people = access_log.actors(g.s, plan.id, exclude_actor_id=me)
        if self._only not in ("", "refused") and self._only not in {str(i) for i, _ in people}:
            self._only = ""
        only = (None if self._only == "" else access_log.REFUSED if self._only == "refused"
                else int(self._only))
        total = access_log.count(g.s, plan.id, exclude_actor_id=me, only=only)
        offset = max(0, min(offset, max(total - 1, 0)))
        offset -= offset % access_log.PAGE_SIZE
        rows = access_log.entries(g.s, plan.id, exclude_actor_id=me, offset=offset, only=only)
        self._offset = offset
        measures, threads = self._parts(g, plan, viewer, rows)
        owner = plan.person_id == me
        title, intro = t("log.title", lang), t("log.intro", lang)
        if not owner:
            v = voice_for(viewer_is_owner=False, viewer_role=Role.VERGE,
                          owner_name=access_log.owner_name(g.s, plan.person_id))
            whose = v.owner_gen if lang in ("nb", "nn") else v.owner
            title = t("log.title_child", lang, name=whose)
            intro = t("log.intro_child", lang, name=whose)
        options = [WhoOption("", t("log.filter_all", lang)),
                   WhoOption("refused", t("log.filter_refused", lang))] + [
            WhoOption(str(i), n) for i, n in people]
        self.log = build_log_page(rows, total, offset, lang, today=_today(), measures=measures,
                                  threads=threads, title=title, who_options=options,
                                  only=self._only, intro=intro)

    def _parts(self, g: gate.Ctx, plan, viewer, rows) -> tuple[dict[int, str], dict[int, str]]:
        """Names of the tiltak and conversations the lines point at, as far as the reader
        may know them: the person all of their plan; a guardian the tiltak the policy lets
        them see, and no conversation they are not in."""
        ids = {"measure": set(), "thread": set()}
        for r in rows:
            kind, id_ = target_of(r.target)
            if kind in ids and id_ is not None:
                ids[kind].add(id_)
        if not ids["measure"] and not ids["thread"]:
            return {}, {}
        measures, threads = access_log.target_names(g.s, plan.id, sorted(ids["measure"]),
                                                    sorted(ids["thread"]))
        if plan.person_id != viewer.account_id:
            found, access = access_for(g.s, viewer, plan.id, _today())
            if found is None or not access.allowed:
                return {}, {}
            seen = {m.id for m in load_plan(g.s, found, access, viewer).measures}
            measures = {i: n for i, n in measures.items() if i in seen}
            threads = {}
        return measures, threads

    @rx.event
    @gate.page("read_access_log", plan=_own_things)
    async def load(self, g: gate.Ctx):
        self._only = ""
        self._show(g, 0)

    @rx.event
    @gate.own("read_access_log")
    async def older(self, g: gate.Ctx):
        self._show(g, self._offset + access_log.PAGE_SIZE)

    @rx.event
    @gate.own("read_access_log")
    async def newer(self, g: gate.Ctx):
        self._show(g, self._offset - access_log.PAGE_SIZE)

    @rx.event
    @gate.own("read_access_log")
    async def set_only(self, g: gate.Ctx, value: str):
        """"Vis bare": one person, those who were stopped, or everyone (checked above)."""
        self._only = str(value)[:20]
        self._show(g, 0)
