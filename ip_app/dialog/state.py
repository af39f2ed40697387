"""The dialog in the browser: thread list, one thread, writing and reading.

Thin: every handler is declared through the gate (kernel/gate.py). The plan comes from
the route, the thread or the session and goes through the access policy on every
event, a thread through the dialog rules (the `thread` row kind: a member's thread of
that plan); ids from the browser are only used to look things up. Writes take the
plan's lock first and bump its live signal, so the other side's open page shows a new
message at once.

Never lost, never doubled: the text box is uncontrolled (what is typed stays in the
page even while the connection is down) and its draft is saved on the server as you
type, so a reload or another device finds it. Each message carries an id that this
tab holds until the message is stored (`client_id`); sending again after a dropped
connection reuses it, and the server stores the message once.
"""

from __future__ import annotations

import logging
import secrets
from typing import Optional

import reflex as rx
from sqlmodel import Session

from ip_app.dialog import data as dd
from ip_app.dialog.view import DialogPage, build_list, build_thread, with_arrival
from ip_app.kernel import db, gate
from ip_app.kernel.common import Memo, today as _today, to_int as _int, route_params
from ip_app.kernel.lang import lang_of
from ip_app.kernel.live import (
    follow_plan, follows, on_screen, signal, touched_since, handed_over, viewer_of,
)
from ip_app.kernel.plan_access import access_for, plan_of_person

log = logging.getLogger(__name__)


_VIEWS = Memo()


def _new_client_id() -> str:
    return secrets.token_urlsafe(18)


def _thread_row(g: gate.Ctx, thread_id: int) -> Optional[dd.Thread]:
    """A thread of the plan named that the viewer is a member of (data.dialog's rule)."""
    return dd.get_thread(g.s, g.plan, g.access, g.viewer, thread_id)


def _thread_plan(s: Session, thread_id: int) -> Optional[int]:
    found = s.get(dd.Thread, thread_id)
    return found.plan_id if found is not None else None


gate.row_kind("thread", _thread_row, owner=_thread_plan)


def _found_by_handler(g: gate.Ctx) -> None:
    """The dialog's plan comes from the thread, the route or the person's own plan: the
    handler finds it and asks the gate to check it (`g.open`)."""
    return None


def _place_from_form(state: "DialogState", values: dict) -> None:
    """The server lost this tab's state (a restart) and a send was queued in the browser:
    take the thread from the form. Only a lookup: the gate then checks the plan, access
    and membership as for any id from the browser."""
    form = values.get("form_data") or {}
    thread_id = _int(form.get("thread_id"))
    if thread_id is not None and thread_id != state._thread_id:
        with db.session() as s:
            found = s.get(dd.Thread, thread_id)
        if found is not None:
            state._thread_id, state._plan_id = found.id, found.plan_id
            state._opened = True


class DialogState(rx.State):
    notice: str = ""
    error: str = ""
    new_open: bool = False
    compose_key: int = 0  # changes after a message is stored: the text box starts empty
    client_id: str = ""  # the message being written; kept until it is stored
    _plan_id: Optional[int] = None
    _thread_id: Optional[int] = None
    _measure_id: Optional[int] = None
    _to: Optional[int] = None  # "Skriv til …": the account asked for (checked in the form)
    focus_body: bool = False  # opened from "Skriv til …" / "Skriv om dette": type at once
    _opened: bool = False
    _last_sent: str = ""  # a debounced draft save arriving after the send must not revive it
    _started: bool = False  # a conversation was just started: its page says so once

    @rx.var(cache=False)  # sent only when it changed (see kernel/live.py)
    async def view(self) -> DialogPage:
        """What this tab's viewer may see of the dialog; recomputed on every plan change
        (built once per plan version, as Reflex re-evaluates it around every event)."""
        plan_id = self._plan_id
        sig = signal(plan_id)
        version = sig.version
        if not on_screen(self, "dialog"):
            return DialogPage(mode="loading")
        if plan_id is None:
            return DialogPage(mode="denied" if self._opened else "loading")
        viewer = viewer_of(self)  # the session, looked up at most every VIEWER_TTL
        if viewer is None:
            return DialogPage(mode="denied")
        tab = self.router.session.client_token
        linked = follows(self, plan_id)
        day = _today()
        key = (plan_id, self._thread_id, self._measure_id, viewer.account_id, viewer.lang,
               version, self.compose_key, day, self._to)
        cached = _VIEWS.get(tab)
        if cached is not None and cached[0][:5] == key[:5] and (cached[0] == key or not linked):
            return cached[1]
        if linked and cached is not None and cached[0][:5] == key[:5] \
                and cached[0][6:] == key[6:]:
            # the dialog shows nothing of the tiltak but the title of the one it is about:
            # a change that touched only other tiltak leaves it as it was
            touched = touched_since(sig, cached[0][5])
            if touched is not None and not touched.dialog and cached[2] not in touched.measures:
                _VIEWS.put(tab, (key, cached[1], cached[2]))
                return cached[1]
        try:
            with db.session() as s:
                checked = handed_over(plan_id, viewer, version, day) if linked else None
                plan, access = checked or access_for(s, viewer, plan_id, day)
                if plan is None or not access.allowed:
                    return DialogPage(mode="ended")  # the page was open: access has ended
                lang = lang_of(self, viewer)
                about = self._measure_id  # the tiltak whose title the page shows, if any
                if self._thread_id is not None:
                    thread = dd.get_thread(s, plan, access, viewer, self._thread_id)
                    about = thread.measure_id if thread is not None else None
                    page = (build_thread(dd.load_thread(s, plan, access, viewer, thread), plan,
                                         access, viewer, thread, lang)
                            if thread is not None else DialogPage(mode="denied"))
                else:
                    page = build_list(dd.load_list(s, plan, access, viewer, _today(),
                                                   self._measure_id),
                                      plan, access, viewer, lang, self._measure_id, to=self._to)
                same = cached is not None and cached[0][:5] == key[:5]
                page = with_arrival(cached[1] if same else None, page, lang)
        except Exception:
            log.exception("loading the dialog of plan %s failed", plan_id)
            return DialogPage(mode="error")
        if linked:
            _VIEWS.put(tab, (key, page, about))
        return page

    # -- loading -------------------------------------------------------------------------

    @rx.event
    @gate.page("read_dialog", plan=_found_by_handler)
    async def load(self, g: gate.Ctx):
        """On '/dialog' (the person's own plan), '/plan/<id>/dialog' and '/dialog/<thread>'."""
        self.new_open = False
        _VIEWS.drop(self.router.session.client_token)  # opening or reloading reads afresh
        self._plan_id = self._thread_id = self._measure_id = self._to = None
        self.focus_body = False
        self._opened = True
        if self._started:  # "Ny samtale → Send" lands here: confirmed in the live region
            self._started = False
            self.notice = g.t("dialog.started")
        if not self.client_id:
            self.client_id = _new_client_id()
        params = route_params(self)
        thread_id = _int(params.get("thread_id"))
        if thread_id is not None:
            thread = g.s.get(dd.Thread, thread_id)
            plan_id = thread.plan_id if thread is not None else None
        elif params.get("plan_id") is not None:
            plan_id = _int(params.get("plan_id"))
        else:
            own = plan_of_person(g.s, g.viewer.account_id)
            plan_id = own.id if own else None
        g.open(plan_id, target=f"thread:{thread_id}" if thread_id else "")
        if thread_id is not None:
            if _thread_row(g, thread_id) is None:
                g.refuse("not_member", action="read_thread", target=f"thread:{thread_id}")
            g.audit(action="read_thread", target=f"thread:{thread_id}")
            self._thread_id = thread_id
        else:  # the list of conversations is a read the person should know of too
            g.audit()
        to = _int(params.get("til"))  # "Skriv til …": checked in the form if they may be
        if to is not None and thread_id is None:
            self._to = to
            self.new_open = self.focus_body = True
        measure_id = _int(params.get("tiltak"))
        if measure_id is not None and thread_id is None:
            if dd.may_talk_about_measure(g.s, g.plan, g.access, g.viewer, measure_id):
                self._measure_id = measure_id
                self.new_open = self.focus_body = True
            else:  # another plan's tiltak, or one hidden from this viewer: not named
                g.audit(target=f"measure:{measure_id}", detail="hidden_measure", allowed=False)
                self.error = g.t("dialog.error_measure")
        self._plan_id = plan_id
        g.after(lambda: follow_plan(self, plan_id))  # only after the check

    # -- what is open in this tab only ---------------------------------------------------

    @rx.event
    @gate.ui_only
    def toggle_new(self):
        self.new_open = not self.new_open
        self.notice = self.error = ""

    # -- writing (declared through the gate: lock, viewer, policy, the thread in the plan
    #    with the viewer a member, refusal + audit, one unit of work, live signal) --------

    def _sent(self, g: gate.Ctx, body: str) -> None:
        """Once the message is stored (committed): the next message is a new one."""
        def after() -> None:
            self._last_sent = body
            self.client_id = _new_client_id()
            self.compose_key += 1
            self.new_open = False
            self.notice = g.t("dialog.sent")
        g.after(after)

    @rx.event
    @gate.write("send_message", row="thread", row_id="self._thread_id",
                before=_place_from_form, trouble_key="dialog.error_not_sent")
    async def send(self, g: gate.Ctx, form_data: dict):
        """Send a message in the open thread. If the database fails, nothing is stored,
        the text stays in the box with the same id, and Send can simply be pressed again."""
        try:
            msg, created = dd.send(g.s, g.plan, g.access, g.viewer, g.row,
                                   body=str(form_data.get("body", "")),
                                   client_id=str(form_data.get("client_id", "")))
        except dd.DialogError as exc:
            if exc.key == "error.not_allowed":
                g.refuse("rule")
            self.error = g.t(exc.key)
            return
        if created:
            g.audit(target=f"message:{msg.id}")
        self._sent(g, msg.body)
        g.changed(dialog=True, hand_over=True)

    @rx.event
    @gate.write("start_thread", trouble_key="dialog.error_not_sent")
    async def start(self, g: gate.Ctx, form_data: dict):
        """Start a thread (subject, who, first message), maybe about one tiltak."""
        members = [_int(k.removeprefix("to_")) for k, v in form_data.items()
                   if k.startswith("to_") and v]
        try:
            thread = dd.start_thread(
                g.s, g.plan, g.access, g.viewer, subject=str(form_data.get("subject", "")),
                member_ids=[m for m in members if m is not None],
                body=str(form_data.get("body", "")),
                client_id=str(form_data.get("client_id", "")), today=_today(),
                measure_id=self._measure_id)
        except dd.DialogError as exc:
            if exc.key == "error.not_allowed":
                g.refuse("rule")
            if exc.key == "dialog.error_measure":
                g.audit(target=f"measure:{self._measure_id}", detail="hidden_measure",
                        allowed=False)
            self.error = g.t(exc.key)
            return
        g.audit(target=f"thread:{thread.id}")
        self._sent(g, str(form_data.get("body", "")))
        g.changed(dialog=True)
        self._started = True
        return rx.redirect(f"/dialog/{thread.id}")  # dropped if the commit fails

    @rx.event
    @gate.write("save_draft", row="thread", row_id="self._thread_id", new_ok=True, field="",
                clear=False)
    async def save_draft(self, g: gate.Ctx, value: str):
        """Keep what is being written (debounced from the text box)."""
        if value and value == self._last_sent:
            return  # the text that was just sent, from a save that was still waiting
        dd.save_draft(g.s, g.viewer.account_id, g.plan.id, g.row.id if g.row else 0, value)

    @rx.event
    @gate.write("mark_read", row="thread", row_id="self._thread_id", field="", clear=False)
    async def mark_read(self, g: gate.Ctx):
        """The open thread was shown with unread messages: they are read now."""
        if dd.mark_read(g.s, g.row, g.viewer.account_id):
            g.changed(dialog=True)  # the sender sees "Lest …"

    def _manage(self, g: gate.Ctx, apply) -> None:
        try:
            apply()
        except dd.DialogError:
            g.refuse("rule")
        g.audit(target=f"thread:{g.row.id}")
        self.notice = g.t("dialog.marked")
        g.changed(dialog=True)

    @rx.event
    @gate.write("mark_thread", row="thread", row_id="self._thread_id")
    async def set_waiting(self, g: gate.Ctx, value: str):
        self._manage(g, lambda: dd.set_waiting(g.s, g.access, g.viewer, g.row, value))

    @rx.event
    @gate.write("mark_thread", row="thread", row_id="self._thread_id")
    async def set_done(self, g: gate.Ctx, value: str):
        self._manage(g, lambda: dd.set_done(g.s, g.access, g.viewer, g.row, value == "ja"))
