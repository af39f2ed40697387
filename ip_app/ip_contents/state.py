"""Writing the IP's own contents on the plan page: resources, needs, samarbeidsparter
(`IpItemState`) and sub-goals (`SubGoalState`; a sub-goal's wording is changed with
GoalEditState). Add, change (a new version: the earlier wording is kept) and archive
(never delete). Every handler goes through the gate; the rules are in
ip_contents/rules.py and are asked again on every save, whatever the browser sends.
"""

from __future__ import annotations

import uuid
from typing import Optional

import reflex as rx

from ip_app.ip_contents import data as ipc_data
from ip_app.ip_contents.rules import (
    ITEM_MAX, SUBGOAL_MAX, ItemKind, check_archive, check_item, may_read_ip_contents,
    may_write_ip_contents,
)
from ip_app.kernel import gate
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import t
from ip_app.kernel.models import Goal, PlanItem
from ip_app.plan.state import PlanState

ADD, EDIT, ARCHIVE = "new", "edit", "archive"


def _item_row(g: gate.Ctx, item_id: int) -> Optional[PlanItem]:
    """A current (not archived) item of the plan named, if the viewer may read the IP's
    contents."""
    if not may_read_ip_contents(g.access):
        return None
    item = ipc_data.item_of_plan(g.s, g.plan_id, item_id)
    return item if item is not None and item.archived_at is None else None


def _item_owner(s, item_id: int) -> Optional[int]:  # noqa: ANN001
    item = s.get(PlanItem, item_id)
    return item.plan_id if item is not None else None


gate.row_kind("ip_item", _item_row, _item_owner)


def _may_write(g: gate.Ctx) -> bool:
    return may_read_ip_contents(g.access) and may_write_ip_contents(g.actor)


def _close_dialog(state, g: gate.Ctx) -> None:  # noqa: ANN001
    state.is_open = False


def _item_action(state: "IpItemState") -> str:
    return {ADD: "add_ip_item", EDIT: "edit_ip_item"}.get(state.mode, "archive_ip_item")


def _errors(exc: FormError, lang: str) -> dict[str, str]:
    return {k: t(v, lang) for k, v in exc.errors.items()}


class IpItemState(rx.State):
    is_open: bool = False
    key: str = "none"
    mode: str = ADD  # new | edit | archive
    kind: str = ""
    item_id: int = 0
    version: int = 0
    text: str = ""
    heading: str = ""
    staff: bool = False  # staff give a reason for a change or an archiving
    errors: dict[str, str] = {}

    def _open(self, g: gate.Ctx, mode: str, kind: str, item: Optional[PlanItem]) -> None:
        self.mode, self.kind = mode, kind
        self.item_id = item.id if item else 0
        self.version = item.version if item else 0
        self.text = item.text if item and mode == EDIT else ""
        self.staff = not g.access.is_owner
        self.heading = g.t(f"ipc.{kind}_{'add' if mode == ADD else mode}")
        self.key, self.errors, self.is_open = uuid.uuid4().hex, {}, True

    @rx.event
    @gate.read("open_ip_item", on=PlanState, clear=True, may=_may_write)
    async def open_new(self, g: gate.Ctx, kind: str):
        if kind not in {k.value for k in ItemKind}:
            g.refuse("bad_kind")
        self._open(g, ADD, kind, None)

    @rx.event
    @gate.read("open_ip_item", on=PlanState, clear=True, row="ip_item", row_id="item_id",
               may=_may_write)
    async def open_edit(self, g: gate.Ctx, item_id: int):
        self._open(g, EDIT, g.row.kind, g.row)

    @rx.event
    @gate.read("open_ip_item", on=PlanState, clear=True, row="ip_item", row_id="item_id",
               may=_may_write)
    async def open_archive(self, g: gate.Ctx, item_id: int):
        self._open(g, ARCHIVE, g.row.kind, g.row)
        self.text = g.row.text

    @rx.event
    @gate.ui_only
    def close(self):
        self.is_open = False

    @rx.event
    @gate.write("add_ip_item", on=PlanState, row="ip_item", row_id="self.item_id", new_ok=True,
                may=_may_write, field="errors", action_of=_item_action, on_refused=_close_dialog)
    async def save(self, g: gate.Ctx, form_data: dict):
        item: Optional[PlanItem] = g.row
        lang = g.lang
        if (self.mode == ADD) != (item is None):
            g.refuse("bad_form")  # a new item names no row; a change names one
        try:
            if self.mode == ADD:
                text, _ = check_item(g.actor, kind=self.kind, text=form_data.get("text"))
                item = ipc_data.create_item(g.s, plan_id=g.plan_id, kind=self.kind, text=text,
                                            actor=g.actor)
                notice = "ipc.notice_added"
            elif self.mode == EDIT:
                text, reason = check_item(g.actor, kind=item.kind, text=form_data.get("text"),
                                          reason=form_data.get("reason"), old_text=item.text)
                ipc_data.change_item(g.s, item_id=item.id, based_on=self.version, text=text,
                                     reason=reason, actor=g.actor)
                notice = "ipc.notice_saved"
            else:
                reason = check_archive(g.actor, form_data.get("reason"))
                ipc_data.archive_item(g.s, item=item, based_on=self.version, reason=reason,
                                      actor=g.actor)
                notice = "ipc.notice_archived"
        except FormError as exc:
            self.errors = _errors(exc, lang)
            return
        except ipc_data.Stale as exc:
            self.errors = {"_form": t("ipc.error_stale", lang, text=exc.current.text)}
            self.version = exc.current.version  # keep what they typed; base on the newer one
            self.text = str(form_data.get("text", ""))[:ITEM_MAX] if self.mode == EDIT \
                else exc.current.text
            self.key = uuid.uuid4().hex
            return
        g.audit(target=f"ip_item:{item.id}", detail=item.kind)
        g.changed()
        self.is_open, self.errors = False, {}
        g.page.notice = t(notice, lang)


def _goal_action(state: "SubGoalState") -> str:
    return "add_subgoal" if state.mode == ADD else "archive_subgoal"


class SubGoalState(rx.State):
    is_open: bool = False
    key: str = "none"
    mode: str = ADD  # new | archive
    goal_id: int = 0  # the main goal (new) or the sub-goal (archive)
    version: int = 0
    text: str = ""
    staff: bool = False
    errors: dict[str, str] = {}

    @rx.event
    @gate.read("open_subgoal", on=PlanState, clear=True, row="goal", row_id="goal_id",
               may=_may_write)
    async def open_new(self, g: gate.Ctx, goal_id: int):
        """A new sub-goal under the main goal `goal_id`."""
        if g.row.parent_id is not None:
            g.refuse("not_main_goal")
        self.mode, self.goal_id, self.version, self.text = ADD, g.row.id, g.row.version, ""
        self.staff = not g.access.is_owner
        self.key, self.errors, self.is_open = uuid.uuid4().hex, {}, True

    @rx.event
    @gate.read("open_subgoal", on=PlanState, clear=True, row="goal", row_id="goal_id",
               may=_may_write)
    async def open_archive(self, g: gate.Ctx, goal_id: int):
        if g.row.parent_id is None:
            g.refuse("main_goal")  # the main goal is changed, never archived
        self.mode, self.goal_id, self.version, self.text = ARCHIVE, g.row.id, g.row.version, g.row.text
        self.staff = not g.access.is_owner
        self.key, self.errors, self.is_open = uuid.uuid4().hex, {}, True

    @rx.event
    @gate.ui_only
    def close(self):
        self.is_open = False

    @rx.event
    @gate.write("add_subgoal", on=PlanState, row="goal", row_id="self.goal_id", may=_may_write,
                field="errors", action_of=_goal_action, on_refused=_close_dialog)
    async def save(self, g: gate.Ctx, form_data: dict):
        goal: Goal = g.row
        lang = g.lang
        try:
            if self.mode == ADD:
                if goal.parent_id is not None:
                    g.refuse("not_main_goal")
                text, _ = check_item(g.actor, kind="subgoal", text=form_data.get("text"),
                                     max_len=SUBGOAL_MAX)
                new = ipc_data.add_subgoal(g.s, plan_id=g.plan_id, parent_id=goal.id, text=text,
                                           actor=g.actor)
                target, notice = f"goal:{new.id}", "ipc.notice_subgoal_added"
            else:
                if goal.parent_id is None:
                    g.refuse("main_goal")
                reason = check_archive(g.actor, form_data.get("reason"))
                ipc_data.archive_goal(g.s, goal=goal, based_on=self.version, reason=reason,
                                      actor=g.actor)
                target, notice = f"goal:{goal.id}", "ipc.notice_subgoal_archived"
        except FormError as exc:
            self.errors = _errors(exc, lang)
            return
        except ipc_data.Stale as exc:
            self.errors = {"_form": t("ipc.error_stale", lang, text=exc.current.text)}
            self.version, self.key = exc.current.version, uuid.uuid4().hex
            return
        g.audit(target=target)
        g.changed()
        self.is_open, self.errors = False, {}
        g.page.notice = t(notice, lang)
