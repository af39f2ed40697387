"""The live view var of a page about one plan, written once.

Every such page (vurdering, evaluering, vedtak, jobbsøk, ansvarsgruppe, …) shows one built
page per tab: asked again whenever the plan's signal moves, it reads the plan through the
access policy, tells a viewer whose access ended so, and otherwise builds the page from
what the feature's data module loaded. `plan_view` is that frame around `live.memo_view`;
the feature says only who may read the page and how it is built:

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> JobPage:
        return await plan_view(self, "job_search", JobPage, lambda c: may_read(c.access),
                               lambda c: build_job_page(jdata.load_page(c.s, c.plan.id), ...))

and, when the page is opened or reloaded, `forget_view(self, "job_search")`. The pages'
memos are named "<screen>.views" (`kernel.common.Memo.named`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Callable, Optional

from sqlmodel import Session

from ip_app.kernel import db
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.common import Memo, today
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import interned, memo_view, tab_of
from ip_app.kernel.models import Account, Plan
from ip_app.kernel.plan_access import access_for


@dataclass
class PageCtx:
    """What a page's builder gets: a session to load with, the plan and the viewer's access
    to it (the policy asked just now), the viewer, their language and the day."""
    s: Session
    plan: Plan
    access: PlanAccess
    viewer: Viewer
    lang: str
    today: date

    @cached_property
    def person_name(self) -> str:
        """The plan's person's name (one statement, only when asked for)."""
        person = self.s.get(Account, self.plan.person_id)
        return person.display_name if person else ""


def _memo(screen: str) -> Memo:
    return Memo.named(f"{screen}.views")


async def plan_view(state: Any, screen: str, page: type, may: Callable[[PageCtx], bool],
                    build: Callable[[PageCtx], Any], *, plan_id: Optional[int] = None,
                    extra: tuple = ()) -> Any:
    """The page `build(ctx)` makes for this tab's viewer of the plan `state._plan_id` (or
    `plan_id`), kept per tab until the plan's version, the viewer, their language, the day
    or `extra` moves (`live.memo_view`). `page(mode=…)` stands in while loading, when the
    session is gone ("denied"), when a build fails ("error") and when the plan is gone or
    `may(ctx)` no longer holds ("ended": the page was open, the access has ended)."""
    if plan_id is None:
        plan_id = state._plan_id

    def built(viewer: Viewer) -> Any:
        day = today()
        with db.session() as s:
            plan, access = access_for(s, viewer, plan_id, day)
            if plan is None:
                return page(mode="ended")
            ctx = PageCtx(s, plan, access, viewer, lang_of(state, viewer), day)
            if not may(ctx):
                return page(mode="ended")
            return build(ctx)

    return await memo_view(state, _memo(screen), screen, plan_id, built,
                           loading=_placeholder(page, "loading"),
                           denied=_placeholder(page, "denied"),
                           error=_placeholder(page, "error"), extra=extra)


_PLACEHOLDERS: dict[tuple[type, str], Any] = {}


def _placeholder(page: type, mode: str) -> Any:
    """`page(mode=mode)`, one sealed object per page type and mode (`live.interned`)."""
    hit = _PLACEHOLDERS.get((page, mode))
    if hit is None:
        hit = _PLACEHOLDERS[page, mode] = interned(page(mode=mode))
    return hit


def forget_view(state: Any, screen: str) -> None:
    """Opening or reloading the page reads it afresh."""
    _memo(screen).drop(tab_of(state))
