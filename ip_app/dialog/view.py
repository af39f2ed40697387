"""What the dialog pages show, built on the server for one viewer in their language.

The browser gets only threads the viewer may read, and message text as plain
segments (text or an http(s) link), never HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ip_app.dialog.data import ListData, ThreadData
from ip_app.dialog.rules import may_manage_thread, may_use_dialog, split_links
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.models import Plan, Thread
from ip_app.kernel.voice import participant_label


@dataclass
class Seg:
    text: str
    href: str = ""


@dataclass
class MessageRow:
    id: int
    mine: bool
    sender: str
    when: str
    segments: list[Seg] = field(default_factory=list)
    read_label: str = ""  # for the sender: "Lest 3. november 2026 kl. 14:02"
    css_class: str = "msg"


@dataclass
class ThreadRow:
    id: int
    subject: str
    href: str
    with_whom: str
    when: str
    unread: int = 0
    unread_label: str = ""
    status_label: str = ""  # venter på svar … / ferdigbehandlet


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class DialogPage:
    mode: str = "loading"  # loading | list | thread | denied | ended | error
    plan_id: int = 0
    back_href: str = "/"
    list_href: str = ""
    threads: list[ThreadRow] = field(default_factory=list)
    can_start: bool = False
    recipients: list[Choice] = field(default_factory=list)
    about: str = ""  # "Om: Norskopplæring" for a thread tied to a tiltak or goal
    about_measure_id: int = 0
    checked: list[str] = field(default_factory=list)  # "Skriv til …": that one checked
    subject_start: str = ""  # the subject the new conversation starts with (a tiltak, whom)
    # one thread
    thread_id: int = 0
    subject: str = ""
    members: str = ""
    messages: list[MessageRow] = field(default_factory=list)
    last_message_id: int = 0
    # "Ny melding fra Kari Nordmann": said in the polite live region when a message from
    # someone else arrives while the conversation is open (never on opening it)
    announce: str = ""
    unread_here: int = 0
    can_manage: bool = False
    waiting: str = ""
    done: bool = False
    status_label: str = ""
    draft: str = ""


def _status_label(thread: Thread, lang: str, own: bool = False) -> str:
    """Ferdig / venter på svar: the person reads it about themselves ("fra deg"), never
    the staff word "bruker"."""
    if thread.done:
        return t("dialog.done", lang)
    if thread.waiting_for:
        mine = own and thread.waiting_for == "bruker"
        return t("dialog.waiting_you" if mine else f"dialog.waiting_{thread.waiting_for}", lang)
    return ""


def _list_href(plan: Plan, access: PlanAccess) -> str:
    return "/dialog" if access.is_owner else f"/plan/{plan.id}/dialog"


def build_list(loaded: ListData, plan: Plan, access: PlanAccess, viewer: Viewer, lang: str,
               measure_id: Optional[int] = None, to: Optional[int] = None) -> DialogPage:
    """The conversation list, from what `dialog.data.load_list` read."""
    if not may_use_dialog(access):
        return DialogPage(mode="denied")
    rows = []
    for info in loaded.threads:
        others = [name for aid, name in info.members if aid != viewer.account_id]
        rows.append(ThreadRow(
            id=info.thread.id, subject=info.thread.subject, href=f"/dialog/{info.thread.id}",
            with_whom=t("dialog.with", lang, names=", ".join(others)) if others else "",
            when=fmt_datetime(info.thread.last_message_at, lang), unread=info.unread,
            unread_label=(t("dialog.unread_one", lang) if info.unread == 1 else
                          t("dialog.unread_n", lang, n=info.unread) if info.unread else ""),
            status_label=_status_label(info.thread, lang, access.is_owner)))
    title = loaded.measure_title  # the tiltak a new conversation is about, if seen
    about = t("dialog.about", lang, title=title) if title else ""
    found = loaded.recipients
    recipients = [Choice(value=str(aid), label=f"{name} ({participant_label(role, lang, title)})")
                  for aid, name, role, title in found]
    to_name = next((name for aid, name, _, _ in found if aid == to), "")  # only one allowed
    subject_start = ""
    if title:
        subject_start = title
    elif to_name:
        subject_start = t("dialog.subject_to", lang, name=to_name)
    return DialogPage(
        mode="list", plan_id=plan.id, back_href="/" if access.is_owner else f"/plan/{plan.id}",
        list_href=_list_href(plan, access), threads=rows, recipients=recipients,
        can_start=access.is_owner and bool(recipients) or not access.is_owner,
        about=about, about_measure_id=(measure_id or 0) if about else 0,
        checked=[str(to)] if to_name else [], subject_start=subject_start[:120],
        draft=loaded.draft,
    )


def build_thread(loaded: ThreadData, plan: Plan, access: PlanAccess, viewer: Viewer,
                 thread: Thread, lang: str) -> DialogPage:
    """One conversation, from what `dialog.data.load_thread` read."""
    msgs, reads, member_rows = loaded.messages, loaded.reads, loaded.members
    members = [name for aid, name in member_rows if aid != viewer.account_id]
    rows = []
    for m, sender in msgs:
        mine = m.sender_id == viewer.account_id
        read_label = ""
        if mine:
            readers = [(aid, at) for aid, at in reads.get(m.id, []) if aid != viewer.account_id]
            if readers:
                read_label = t("dialog.read_at", lang, when=fmt_datetime(readers[0][1], lang))
            else:
                read_label = t("dialog.not_read", lang)
        rows.append(MessageRow(
            id=m.id, mine=mine, sender=t("history.you", lang) if mine else sender,
            when=fmt_datetime(m.sent_at, lang),
            segments=[Seg(x.text, x.href) for x in split_links(m.body)], read_label=read_label,
            css_class="msg msg-mine" if mine else "msg"))
    unread = loaded.unread
    return DialogPage(
        mode="thread", plan_id=plan.id, back_href=_list_href(plan, access),
        list_href=_list_href(plan, access), thread_id=thread.id, subject=thread.subject,
        members=t("dialog.with", lang, names=", ".join(members)) if members else "",
        about=t("dialog.about", lang, title=loaded.about) if loaded.about else "",
        messages=rows,
        last_message_id=msgs[-1][0].id if msgs else 0, unread_here=unread,
        can_manage=may_manage_thread(
            access, any(aid == viewer.account_id for aid, _ in member_rows)),
        waiting=thread.waiting_for, done=thread.done,
        status_label=_status_label(thread, lang, access.is_owner),
        draft=loaded.draft,
    )


def newest_incoming(page: DialogPage) -> tuple[int, str]:
    """The id and sender of the newest message in the thread not written by the viewer."""
    for m in reversed(page.messages):
        if not m.mine:
            return m.id, m.sender
    return 0, ""


def with_arrival(before: Optional[DialogPage], page: DialogPage, lang: str) -> DialogPage:
    """`page`, saying "Ny melding fra …" if a message from someone else came in since
    `before` (the same thread as it was shown in this tab)."""
    if before is None or before.mode != "thread" or page.mode != "thread" \
            or before.thread_id != page.thread_id:
        return page
    old_id, _ = newest_incoming(before)
    new_id, sender = newest_incoming(page)
    if new_id > old_id:
        page.announce = t("dialog.new_from", lang, name=sender)
    else:
        page.announce = before.announce  # unchanged: nothing new to say
    return page
