"""Editing a goal in the person's own words; every earlier wording is kept.

Staff may change the wording only with a reason; the person sees the earlier text,
who changed it and why in the goal's history.
"""

from __future__ import annotations

import uuid
from typing import Optional

import reflex as rx

from ip_app.data import audit, db
from ip_app.data.goals import StaleGoal, update_goal_text
from ip_app.domain.goals import check_goal_edit
from ip_app.domain.measures import RuleError
from ip_app.i18n import t
from ip_app.web.common import db_trouble, typed
from ip_app.web.lang import lang_of
from ip_app.web.live import changed, plan_lock
from ip_app.web.plan_state import PlanState



class GoalEditState(rx.State):
    is_open: bool = False
    key: str = "none"
    goal_id: int = 0
    version: int = 0
    text: str = ""
    staff: bool = False  # staff must give a reason
    error: str = ""

    async def _context(self, s, action: str, goal_id: Optional[int]):
        """The plan page's gate, then the goal must be one the viewer can see in that plan."""
        plan_state = await self.get_state(PlanState)
        ctx = plan_state._writable_plan(s, action, f"goal:{goal_id}")
        if ctx is None:
            return None
        viewer, data = ctx
        goal = next((g for g in data.goals if g.id == goal_id), None)
        if goal is None:
            plan_state._refuse(s, viewer, action, data.plan.id, f"goal:{goal_id}", "hidden")
            return None
        return viewer, data, goal, plan_state

    @rx.event
    @typed
    async def open(self, goal_id: int):
        with db.session() as s:
            ctx = await self._context(s, "open_goal", goal_id)
            if ctx is None:
                return
            viewer, data, goal, _ = ctx
            self.goal_id, self.version, self.text = goal.id, goal.version, goal.text
            self.staff = not data.access.is_owner
        self.key, self.error, self.is_open = uuid.uuid4().hex, "", True

    @rx.event
    @typed
    def close(self):
        self.is_open = False

    @rx.event
    @typed
    @db_trouble()
    async def save(self, form_data: dict):
        sig = await plan_lock(self)
        goal_id = self.goal_id  # the goal this dialog was opened for, checked again below
        with db.session() as s:
            ctx = await self._context(s, "edit_goal", goal_id)
            if ctx is None:
                return
            viewer, data, goal, plan_state = ctx
            actor = data.access.actor(viewer)
            try:
                text, reason = check_goal_edit(actor, goal.text, str(form_data.get("text", "")),
                                               str(form_data.get("reason", "")))
                if goal.version != self.version:
                    raise StaleGoal(goal)
                update_goal_text(s, goal_id=goal.id, based_on_version=self.version, actor=actor,
                                 text=text, reason=reason)
            except RuleError as exc:
                self.error = t(exc.key, lang_of(self, viewer))
                return
            except StaleGoal as exc:
                self.error = t("error.goal_stale", lang_of(self, viewer), text=exc.current.text)
                # keep what they typed; base the next save on the newer version
                self.version, self.text = exc.current.version, str(form_data.get("text", ""))
                self.key = uuid.uuid4().hex
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(actor.role),
                         action="edit_goal", plan_id=data.plan.id, target=f"goal:{goal.id}")
        changed(sig, self)
        self.is_open, self.error = False, ""
        plan_state.notice = t("notice.goal_saved", lang_of(self, viewer))

