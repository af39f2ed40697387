"""Editing a goal in the person's own words; every earlier wording is kept.

Staff may change the wording only with a reason; the person sees the earlier text,
who changed it and why in the goal's history.
"""

from __future__ import annotations

import uuid
from typing import Optional

import reflex as rx

from ip_app.goals.data import StaleGoal, update_goal_text
from ip_app.goals.rules import check_goal_edit
from ip_app.kernel import gate
from ip_app.kernel.actor import RuleError
from ip_app.kernel.i18n import t
from ip_app.kernel.models import Goal
from ip_app.plan.state import PlanState



def _goal_row(g: gate.Ctx, goal_id: int) -> Optional[Goal]:
    """A goal of the plan named, if the viewer may see the plan's goals."""
    return next((x for x in g.data.goals if x.id == goal_id), None)


gate.row_kind("goal", _goal_row)


class GoalEditState(rx.State):
    is_open: bool = False
    key: str = "none"
    goal_id: int = 0
    version: int = 0
    text: str = ""
    staff: bool = False  # staff must give a reason
    error: str = ""

    @rx.event
    @gate.read("open_goal", on=PlanState, row="goal", row_id="goal_id")
    async def open(self, g: gate.Ctx, goal_id: int):
        goal = g.row  # in this plan, and the viewer may see the goals
        self.goal_id, self.version, self.text = goal.id, goal.version, goal.text
        self.staff = not g.access.is_owner
        self.key, self.error, self.is_open = uuid.uuid4().hex, "", True

    @rx.event
    @gate.ui_only
    def close(self):
        self.is_open = False

    @rx.event
    @gate.write("edit_goal", on=PlanState, row="goal", row_id="self.goal_id")
    async def save(self, g: gate.Ctx, form_data: dict):
        """A new wording of the goal this dialog was opened for (checked again by the gate)."""
        goal, lang = g.row, g.lang
        try:
            text, reason = check_goal_edit(g.actor, goal.text, str(form_data.get("text", "")),
                                           str(form_data.get("reason", "")))
            if goal.version != self.version:
                raise StaleGoal(goal)
            update_goal_text(g.s, goal_id=goal.id, based_on_version=self.version, actor=g.actor,
                             text=text, reason=reason)
        except RuleError as exc:
            self.error = t(exc.key, lang)
            return
        except StaleGoal as exc:
            self.error = t("error.goal_stale", lang, text=exc.current.text)
            # keep what they typed; base the next save on the newer version
            self.version, self.text = exc.current.version, str(form_data.get("text", ""))
            self.key = uuid.uuid4().hex
            return
        g.audit(target=f"goal:{goal.id}")
        g.changed()
        self.is_open, self.error = False, ""
        g.page.notice = t("notice.goal_saved", lang)
