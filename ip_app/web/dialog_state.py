"""The dialog in the browser: thread list, one thread, writing and reading.

Thin: the plan comes from the route or the session and goes through the access
policy (`access_for`) and the dialog rules (data.dialog) on every event; ids from
the browser are only used to look things up. Writes take the plan's lock first and
bump its live signal, so the other side's open page shows a new message at once.

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

from ip_app.data import audit, db
from ip_app.data import dialog as dd
from ip_app.data.models import Plan
from ip_app.data.plans import access_for, plan_of_person
from ip_app.domain.access import PlanAccess, Viewer
from ip_app.i18n import t
from ip_app.web.common import db_trouble, Memo, refuse, typed
from ip_app.web.common import today as _today
from ip_app.web.common import to_int as _int
from ip_app.web.dialog_view import DialogPage, build_list, build_thread
from ip_app.web.lang import lang_of
from ip_app.web.live import (
    PlanSignal, changed, follow_plan, link_token, on_screen, plan_lock, touched_since,
)
from ip_app.web.live_view import checked_viewer, handed_over, viewer_of
from ip_app.web.session import current_viewer

log = logging.getLogger(__name__)


_VIEWS = Memo()


def _new_client_id() -> str:
    return secrets.token_urlsafe(18)


class DialogState(rx.State):
    notice: str = ""
    error: str = ""
    new_open: bool = False
    compose_key: int = 0  # changes after a message is stored: the text box starts empty
    client_id: str = ""  # the message being written; kept until it is stored
    _plan_id: Optional[int] = None
    _thread_id: Optional[int] = None
    _measure_id: Optional[int] = None
    _opened: bool = False
    _last_sent: str = ""  # a debounced draft save arriving after the send must not revive it

    @rx.var(cache=False)  # sent only when it changed (see live_view)
    async def view(self) -> DialogPage:
        """What this tab's viewer may see of the dialog; recomputed on every plan change
        (built once per plan version, as Reflex re-evaluates it around every event)."""
        sig = await self.get_state(PlanSignal)
        version = sig.version
        plan_id = self._plan_id
        if not on_screen(self, "dialog"):
            return DialogPage(mode="loading")
        if plan_id is None:
            return DialogPage(mode="denied" if self._opened else "loading")
        viewer = viewer_of(self)  # the session, looked up at most every VIEWER_TTL
        if viewer is None:
            return DialogPage(mode="denied")
        tab = self.router.session.client_token
        linked = sig._linked_to == link_token(plan_id)
        day = _today()
        key = (plan_id, self._thread_id, self._measure_id, viewer.account_id, viewer.lang,
               version, self.compose_key, day)
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
                    page = (build_thread(s, plan, access, viewer, thread, lang)
                            if thread is not None else DialogPage(mode="denied"))
                else:
                    page = build_list(s, plan, access, viewer, _today(), lang, self._measure_id)
        except Exception:
            log.exception("loading the dialog of plan %s failed", plan_id)
            return DialogPage(mode="error")
        if linked:
            _VIEWS.put(tab, (key, page, about))
        return page

    # -- loading -------------------------------------------------------------------------

    @rx.event
    @typed
    async def load(self):
        """On '/dialog' (the person's own plan), '/plan/<id>/dialog' and '/dialog/<thread>'."""
        viewer = current_viewer(self)
        if viewer is None:
            return rx.redirect("/login")
        self.notice = self.error = ""
        self.new_open = False
        _VIEWS.drop(self.router.session.client_token)  # opening or reloading reads afresh
        self._plan_id = self._thread_id = self._measure_id = None
        self._opened = True
        if not self.client_id:
            self.client_id = _new_client_id()
        params = self.router.page.params
        thread_id = _int(params.get("thread_id"))
        with db.session() as s:
            if thread_id is not None:
                thread = s.get(dd.Thread, thread_id)
                plan_id = thread.plan_id if thread is not None else None
            elif params.get("plan_id") is not None:
                plan_id = _int(params.get("plan_id"))
            else:
                own = plan_of_person(s, viewer.account_id)
                plan_id = own.id if own else None
            checked = self._check(s, viewer, plan_id, "read_dialog",
                                  f"thread:{thread_id}" if thread_id else "")
            if checked is None:
                return
            plan, access = checked
            if thread_id is not None:
                thread = dd.get_thread(s, plan, access, viewer, thread_id)
                if thread is None:
                    self._refuse(s, viewer, "read_thread", plan_id, f"thread:{thread_id}",
                                 "not_member")
                    return
                audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                             action="read_thread", plan_id=plan_id, target=f"thread:{thread_id}")
                self._thread_id = thread_id
            else:  # the list of conversations is a read the person should know of too
                audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                             action="read_dialog", plan_id=plan_id)
            measure_id = _int(params.get("tiltak"))
            if measure_id is not None and thread_id is None:
                if dd.may_talk_about_measure(s, plan, access, viewer, measure_id):
                    self._measure_id = measure_id
                    self.new_open = True
                else:  # another plan's tiltak, or one hidden from this viewer: not named
                    self._refuse(s, viewer, "read_dialog", plan_id, f"measure:{measure_id}",
                                 "hidden_measure")
                    self._fail(viewer, "dialog.error_measure")
        self._plan_id = plan_id
        await follow_plan(self, plan_id)  # only after the check

    # -- the gate ------------------------------------------------------------------------

    def _refuse(self, s: Session, viewer: Optional[Viewer], action: str, plan_id: Optional[int],
                target: str, reason: str) -> None:
        refuse(self, s, viewer, action, plan_id=plan_id, target=target, reason=reason)

    def _check(self, s: Session, viewer: Optional[Viewer], plan_id: Optional[int], action: str,
               target: str = "") -> Optional[tuple[Plan, PlanAccess]]:
        """The plan and the viewer's access to it (one statement), or refuse and audit."""
        if viewer is None or plan_id is None:
            self._refuse(s, viewer, action, plan_id, target, "no_plan")
            return None
        plan, access = access_for(s, viewer, plan_id, _today())
        if plan is None or not access.allowed:
            self._refuse(s, viewer, action, plan_id, target, access.reason or "denied")
            return None
        return plan, access

    def _context(self, s: Session, action: str):
        """(viewer, plan, access) for a write on this tab's plan, or refuse and audit."""
        viewer = checked_viewer(self)
        plan_id = self._plan_id
        checked = self._check(s, viewer, plan_id, action,
                              f"thread:{self._thread_id}" if self._thread_id else "")
        if checked is None:
            return None
        return viewer, *checked

    def _thread(self, s: Session, ctx, action: str):
        viewer, plan, access = ctx
        thread = dd.get_thread(s, plan, access, viewer, self._thread_id)
        if thread is None:
            self._refuse(s, viewer, action, plan.id, f"thread:{self._thread_id}", "not_member")
        return thread

    # -- what is open in this tab only ---------------------------------------------------

    @rx.event
    @typed
    def toggle_new(self):
        self.new_open = not self.new_open
        self.notice = self.error = ""

    # -- writing -------------------------------------------------------------------------

    def _fail(self, viewer: Viewer, key: str) -> None:
        self.error = t(key, lang_of(self, viewer))

    @rx.event
    @typed
    @db_trouble(key="dialog.error_not_sent")
    async def send(self, form_data: dict):
        """Send a message in the open thread. If the database fails, nothing is stored,
        the text stays in the box with the same id, and Send can simply be pressed again."""
        self.notice = self.error = ""
        thread_id = _int(form_data.get("thread_id"))
        if thread_id is not None and thread_id != self._thread_id:
            # The server lost this tab's state (a restart) and the send was queued in the
            # browser: take the thread from the form. It is only a lookup; _context and
            # _thread below check access and membership as for any id from the browser.
            with db.session() as s:
                found = s.get(dd.Thread, thread_id)
            if found is not None:
                self._thread_id, self._plan_id = found.id, found.plan_id
                self._opened = True
        sig = await plan_lock(self)
        await self._send(sig, form_data)  # database trouble: see @db_trouble

    async def _send(self, sig: PlanSignal, form_data: dict) -> None:
        with db.session() as s:
            ctx = self._context(s, "send_message")
            if ctx is None:
                return
            thread = self._thread(s, ctx, "send_message")
            if thread is None:
                return
            viewer, plan, access = ctx
            try:
                msg, created = dd.send(s, plan, access, viewer, thread,
                                       body=str(form_data.get("body", "")),
                                       client_id=str(form_data.get("client_id", "")))
            except dd.DialogError as exc:
                if exc.key == "error.not_allowed":
                    self._refuse(s, viewer, "send_message", plan.id, f"thread:{thread.id}",
                                 "rule")
                else:
                    self._fail(viewer, exc.key)
                return
            if created:
                audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                             action="send_message", plan_id=plan.id,
                             target=f"message:{msg.id}")
            body = msg.body
        self._last_sent = body  # only once it is stored (committed)
        self._sent(viewer)
        changed(sig, self, dialog=True, checked=(plan, access, viewer))

    @rx.event
    @typed
    @db_trouble(key="dialog.error_not_sent")
    async def start(self, form_data: dict):
        """Start a thread (subject, who, first message), maybe about one tiltak."""
        self.notice = self.error = ""
        sig = await plan_lock(self)
        return await self._start(sig, form_data)  # database trouble: see @db_trouble

    async def _start(self, sig: PlanSignal, form_data: dict):
        with db.session() as s:
            ctx = self._context(s, "start_thread")
            if ctx is None:
                return
            viewer, plan, access = ctx
            members = [_int(k.removeprefix("to_")) for k, v in form_data.items()
                       if k.startswith("to_") and v]
            try:
                thread = dd.start_thread(
                    s, plan, access, viewer, subject=str(form_data.get("subject", "")),
                    member_ids=[m for m in members if m is not None],
                    body=str(form_data.get("body", "")),
                    client_id=str(form_data.get("client_id", "")), today=_today(),
                    measure_id=self._measure_id)
            except dd.DialogError as exc:
                if exc.key == "error.not_allowed":
                    self._refuse(s, viewer, "start_thread", plan.id, "", "rule")
                elif exc.key == "dialog.error_measure":
                    self._refuse(s, viewer, "start_thread", plan.id,
                                 f"measure:{self._measure_id}", "hidden_measure")
                    self._fail(viewer, exc.key)
                else:
                    self._fail(viewer, exc.key)
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                         action="start_thread", plan_id=plan.id, target=f"thread:{thread.id}")
            thread_id = thread.id
        self._last_sent = str(form_data.get("body", ""))
        self._sent(viewer)
        changed(sig, self, dialog=True)
        return rx.redirect(f"/dialog/{thread_id}")

    def _sent(self, viewer: Viewer) -> None:
        self.client_id = _new_client_id()  # the next message is a new one
        self.compose_key += 1
        self.new_open = False
        self.notice = t("dialog.sent", lang_of(self, viewer))

    @rx.event
    @typed
    @db_trouble(field="")
    def save_draft(self, value: str):
        """Keep what is being written (debounced from the text box)."""
        with db.session() as s:
            ctx = self._context(s, "save_draft")
            if ctx is None:
                return
            viewer, plan, access = ctx
            if isinstance(value, str) and value and value == self._last_sent:
                return  # the text that was just sent, from a save that was still waiting
            thread_id = 0
            if self._thread_id is not None:
                thread = self._thread(s, ctx, "save_draft")
                if thread is None:
                    return
                thread_id = thread.id
            dd.save_draft(s, viewer.account_id, plan.id, thread_id,
                          value if isinstance(value, str) else "")

    @rx.event
    @typed
    @db_trouble(field="")
    async def mark_read(self):
        """The open thread was shown with unread messages: they are read now."""
        sig = await plan_lock(self)
        with db.session() as s:
            ctx = self._context(s, "mark_read")
            if ctx is None:
                return
            thread = self._thread(s, ctx, "mark_read")
            if thread is None:
                return
            n = dd.mark_read(s, thread, ctx[0].account_id)
        if n:
            changed(sig, self, dialog=True)  # the sender sees "Lest …"

    async def _manage(self, action: str, apply) -> None:
        self.notice = self.error = ""
        sig = await plan_lock(self)
        with db.session() as s:
            ctx = self._context(s, action)
            if ctx is None:
                return
            thread = self._thread(s, ctx, action)
            if thread is None:
                return
            viewer, plan, access = ctx
            try:
                apply(s, access, viewer, thread)
            except dd.DialogError:
                self._refuse(s, viewer, action, plan.id, f"thread:{thread.id}", "rule")
                return
            audit.record(s, actor_id=viewer.account_id, actor_role=str(access.role),
                         action=action, plan_id=plan.id, target=f"thread:{thread.id}")
        self.notice = t("dialog.marked", lang_of(self, viewer))
        changed(sig, self, dialog=True)

    @rx.event
    @typed
    @db_trouble()
    async def set_waiting(self, value: str):
        await self._manage("mark_thread", lambda s, a, v, th: dd.set_waiting(
            s, a, v, th, value if isinstance(value, str) else "?"))

    @rx.event
    @typed
    @db_trouble()
    async def set_done(self, value: str):
        await self._manage("mark_thread", lambda s, a, v, th: dd.set_done(
            s, a, v, th, value == "ja"))
