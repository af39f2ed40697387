"""Threads, messages, read receipts and drafts.

The caller has already asked the access policy (`access_for`) for the plan; these
functions apply the dialog rules on top (domain.dialog) and never trust an id from
the browser: a thread is looked up by id AND plan. Messages are only ever inserted.
Unread means: a message from someone else sent after the member's `last_read_at`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.dialog.rules import (
    Waiting, check_body, check_subject, may_invite, may_manage_thread, may_read_thread,
    may_use_dialog, valid_client_id,
)
from ip_app.kernel.access import PlanAccess, Viewer, plan_access
from ip_app.kernel.scopes import Scope

from ip_app.kernel.db import param, param_list
from ip_app.kernel.models import (
    Account, Draft, Goal, Measure, Message, MessageRead, Organisation, Participant, Plan, Thread,
    ThreadMember, utcnow,
)
from ip_app.kernel.plan_access import membership


class DialogError(Exception):
    """Refused for a reason the page shows (`key` is a catalogue key)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


@dataclass
class ThreadInfo:
    thread: Thread
    members: list[tuple[int, str]] = field(default_factory=list)  # (account id, name)
    unread: int = 0
    last_sender: str = ""


# The reads that every open conversation and plan page repeats after each message are
# built once (see `db.param`).
def _unread_where(account_id: sa.BindParameter):  # noqa: ANN202
    """A message is unread for a member: from someone else, after their last read."""
    return sa.and_(Message.sender_id != account_id,
                   sa.or_(ThreadMember.last_read_at.is_(None),
                          Message.sent_at > ThreadMember.last_read_at))


_IS_MEMBER = select(ThreadMember.id).where(ThreadMember.thread_id == param("thread_id"),
                                           ThreadMember.account_id == param("account_id"))
_MEMBER = select(ThreadMember).where(ThreadMember.thread_id == param("thread_id"),
                                     ThreadMember.account_id == param("account_id"))
_UNREAD_BY_THREAD = (
    select(Message.thread_id, sa.func.count(Message.id))
    .join(ThreadMember, sa.and_(ThreadMember.thread_id == Message.thread_id,
                                ThreadMember.account_id == param("account_id")))
    .where(Message.thread_id.in_(param_list("thread_ids")), _unread_where(param("account_id")))
    .group_by(Message.thread_id))
_UNREAD_IN_PLAN = (
    select(sa.func.count(Message.id))
    .join(Thread, Thread.id == Message.thread_id)
    .join(ThreadMember, sa.and_(ThreadMember.thread_id == Message.thread_id,
                                ThreadMember.account_id == param("account_id")))
    .where(Thread.plan_id == param("plan_id"), _unread_where(param("account_id"))))
_THREADS_BY_MEASURE = (select(Thread.measure_id, Thread.id, Measure.responsible_participant_id,
                              Measure.restricted_to_org_id)
                       .join(Measure, Measure.id == Thread.measure_id)
                       .where(Thread.plan_id == param("plan_id"), Thread.measure_id.is_not(None)))
_THREADS_BY_MEASURE_OWNER = _THREADS_BY_MEASURE.order_by(Thread.last_message_at)
_THREADS_BY_MEASURE_MEMBER = (
    _THREADS_BY_MEASURE.join(ThreadMember, sa.and_(ThreadMember.thread_id == Thread.id,
                                                   ThreadMember.account_id == param("account_id")))
    .order_by(Thread.last_message_at))
_MEMBERS = (select(Account.id, Account.display_name)
            .join(ThreadMember, ThreadMember.account_id == Account.id)
            .where(ThreadMember.thread_id == param("thread_id")).order_by(ThreadMember.id))
_MESSAGES = (select(Message, Account.display_name).join(Account, Account.id == Message.sender_id)
             .where(Message.thread_id == param("thread_id")).order_by(Message.sent_at, Message.id))
_READS = (select(MessageRead.message_id, MessageRead.account_id, MessageRead.read_at)
          .join(Message, Message.id == MessageRead.message_id)
          .where(Message.thread_id == param("thread_id")).order_by(MessageRead.read_at))
_DRAFT = select(Draft).where(Draft.account_id == param("account_id"), Draft.plan_id == param("plan_id"),
                             Draft.thread_id == param("thread_id"))


def _is_member(s: Session, thread_id: int, account_id: int) -> bool:
    return s.exec(_IS_MEMBER, params={"thread_id": thread_id, "account_id": account_id}
                  ).first() is not None


def get_thread(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer,
               thread_id: Optional[int]) -> Optional[Thread]:
    """The thread if it belongs to `plan` and the viewer may read it; else None."""
    if not isinstance(thread_id, int):
        return None
    thread = s.get(Thread, thread_id)
    if thread is None or thread.plan_id != plan.id:
        return None
    if not may_read_thread(access, _is_member(s, thread.id, viewer.account_id)):
        return None
    return thread


def visible_threads(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer) -> list[ThreadInfo]:
    """Threads the viewer may read, newest activity first, with unread counts.
    Three queries, whatever the number of threads."""
    if not may_use_dialog(access):
        return []
    q = select(Thread).where(Thread.plan_id == plan.id)
    if not access.is_owner:
        q = q.join(ThreadMember, sa.and_(ThreadMember.thread_id == Thread.id,
                                         ThreadMember.account_id == viewer.account_id))
    threads = list(s.exec(q.order_by(Thread.last_message_at.desc(), Thread.id.desc())))
    if not threads:
        return []
    ids = [t.id for t in threads]
    infos = {t.id: ThreadInfo(thread=t) for t in threads}
    for tid, aid, name in s.exec(
            select(ThreadMember.thread_id, Account.id, Account.display_name)
            .join(Account, Account.id == ThreadMember.account_id)
            .where(ThreadMember.thread_id.in_(ids)).order_by(ThreadMember.id)):
        infos[tid].members.append((aid, name))
    for tid, n in unread_by_thread(s, viewer.account_id, ids).items():
        infos[tid].unread = n
    return [infos[i] for i in ids]


def unread_by_thread(s: Session, account_id: int, thread_ids: list[int]) -> dict[int, int]:
    if not thread_ids:
        return {}
    rows = s.exec(_UNREAD_BY_THREAD,
                  params={"account_id": account_id, "thread_ids": list(thread_ids)})
    return {tid: n for tid, n in rows}


def unread_in_plan(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer) -> int:
    """Unread messages for the viewer in the plan's threads they may read (one query)."""
    if not may_use_dialog(access):
        return 0
    return int(s.exec(_UNREAD_IN_PLAN, params={"account_id": viewer.account_id,
                                               "plan_id": plan.id}).one() or 0)


def threads_by_measure(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer) -> dict[int, int]:
    """For each tiltak the viewer may see: the newest thread about it that they may read
    (one query)."""
    if not may_use_dialog(access):
        return {}
    q = _THREADS_BY_MEASURE_OWNER if access.is_owner else _THREADS_BY_MEASURE_MEMBER
    out: dict[int, int] = {}
    for mid, tid, responsible, restricted in s.exec(
            q, params={"plan_id": plan.id, "account_id": viewer.account_id}):
        if access.can_see_measure(responsible, restricted, viewer.org_id):
            out[mid] = tid  # a thread about a tiltak hidden from the viewer links nowhere
    return out


def visible_threads_members(s: Session, thread: Thread) -> list[tuple[int, str]]:
    """(account id, name) of the thread's members, in the order they joined."""
    return list(s.exec(_MEMBERS, params={"thread_id": thread.id}))


def messages(s: Session, thread: Thread) -> list[tuple[Message, str]]:
    return list(s.exec(_MESSAGES, params={"thread_id": thread.id}))


def reads(s: Session, thread: Thread) -> dict[int, list[tuple[int, datetime]]]:
    """message id -> [(reader account id, first read at)]."""
    out: dict[int, list[tuple[int, datetime]]] = {}
    for mid, aid, at in s.exec(_READS, params={"thread_id": thread.id}):
        out.setdefault(mid, []).append((aid, at))
    return out


def mark_read(s: Session, thread: Thread, account_id: int, now: Optional[datetime] = None) -> int:
    """The member has seen the thread: unread messages get their first-read time.
    Returns how many became read (0: nothing written)."""
    now = now or utcnow()
    member = s.exec(select(ThreadMember).where(
        ThreadMember.thread_id == thread.id, ThreadMember.account_id == account_id)).first()
    if member is None:
        return 0  # the person reads every thread of their plan, but is always a member
    q = select(Message.id).where(Message.thread_id == thread.id, Message.sender_id != account_id)
    if member.last_read_at is not None:
        q = q.where(Message.sent_at > member.last_read_at)
    new = list(s.exec(q))
    if not new:
        return 0
    already = set(s.exec(select(MessageRead.message_id).where(
        MessageRead.account_id == account_id, MessageRead.message_id.in_(new))))
    for mid in new:
        if mid not in already:
            s.add(MessageRead(message_id=mid, account_id=account_id, read_at=now))
    member.last_read_at = now
    s.add(member)
    return len(new)


# --- who can be written to ------------------------------------------------------


def recipients(s: Session, plan: Plan, viewer: Viewer, today: date) -> list[tuple[int, str, str, str]]:
    """Participants the viewer can put in a new thread: (account id, name, role, title), each
    asked through the access policy as if they were the viewer (live consent with the
    dialog). The person is always in the thread and not listed."""
    rows = s.exec(select(Participant, Account, Organisation)
                  .join(Account, Account.id == Participant.account_id)
                  .outerjoin(Organisation, Organisation.id == Account.organisation_id)
                  .where(Participant.plan_id == plan.id, Participant.left_at == None)  # noqa: E711
                  .order_by(Participant.id)).all()
    out = []
    for p, a, o in rows:
        if a.id in (viewer.account_id, plan.person_id):
            continue
        acc = plan_access(Viewer(account_id=a.id, kind=a.kind, org_id=a.organisation_id,
                                 org_kind=o.kind if o else ""), plan.person_id,
                          membership(s, plan.id, a.id), today, plan.office_restriction_org_id)
        if may_invite(acc):
            out.append((a.id, a.display_name, p.role, a.title))
    return out


def start_thread(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer, *, subject: str,
                 member_ids: list[int], body: str, client_id: str, today: date,
                 measure_id: Optional[int] = None, goal_id: Optional[int] = None) -> Thread:
    """A new thread with its first message, in the caller's transaction."""
    if not may_use_dialog(access):
        raise DialogError("error.not_allowed")
    for key in (check_subject(subject), check_body(body)):
        if key:
            raise DialogError(key)
    if not valid_client_id(client_id):
        raise DialogError("dialog.error_retry")
    allowed = {aid for aid, _, _, _ in recipients(s, plan, viewer, today)}
    chosen = [i for i in dict.fromkeys(member_ids) if isinstance(i, int)]
    if not access.is_owner:
        chosen = [i for i in chosen if i != viewer.account_id]
    if not chosen and access.is_owner:
        raise DialogError("dialog.error_no_recipient")
    if any(i not in allowed for i in chosen):
        raise DialogError("error.not_allowed")
    if measure_id is not None and not may_talk_about_measure(s, plan, access, viewer, measure_id):
        # a tiltak of another plan, or one this viewer may not see (KVP kept to NAV, another
        # provider's tiltak): refused the same way, so the answer tells nothing of it
        raise DialogError("dialog.error_measure")
    if goal_id is not None:
        g = s.get(Goal, goal_id)
        if g is None or g.plan_id != plan.id or not access.can(Scope.GOALS):
            raise DialogError("error.not_allowed")
    existing = _message_by_client_id(s, viewer.account_id, client_id)
    if existing is not None:  # the page retried after a dropped connection
        thread = s.get(Thread, existing.thread_id)
        if thread is None or thread.plan_id != plan.id:
            raise DialogError("error.not_allowed")
        return thread
    now = utcnow()
    thread = Thread(plan_id=plan.id, subject=subject.strip(), measure_id=measure_id,
                    goal_id=goal_id, created_by_id=viewer.account_id, created_at=now,
                    last_message_at=now,
                    waiting_for=str(Waiting.NAV if access.is_owner else Waiting.NONE))
    s.add(thread)
    s.flush()
    for aid in dict.fromkeys([plan.person_id, viewer.account_id, *chosen]):
        s.add(ThreadMember(thread_id=thread.id, account_id=aid,
                           last_read_at=now if aid == viewer.account_id else None))
    s.add(Message(thread_id=thread.id, sender_id=viewer.account_id, body=body,
                  client_id=client_id, sent_at=now))
    clear_draft(s, viewer.account_id, plan.id, 0)
    return thread


def may_talk_about_measure(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer,
                           measure_id: Optional[int]) -> bool:
    """A thread may be about a tiltak of this plan that the viewer may see."""
    if not isinstance(measure_id, int):
        return False
    m = s.get(Measure, measure_id)
    return m is not None and m.plan_id == plan.id and access.can_see_measure(
        m.responsible_participant_id, m.restricted_to_org_id, viewer.org_id)


def _message_by_client_id(s: Session, sender_id: int, client_id: str) -> Optional[Message]:
    return s.exec(select(Message).where(Message.sender_id == sender_id,
                                        Message.client_id == client_id)).first()


def send(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer, thread: Thread, *,
         body: str, client_id: str) -> tuple[Message, bool]:
    """Store a message once. A retry with the same client id returns the stored one
    (created False) instead of a duplicate."""
    # the sender's membership, read once: asked by the rule, joined if missing, read up to now
    member = s.exec(_MEMBER, params={"thread_id": thread.id,
                                     "account_id": viewer.account_id}).first()
    if thread.plan_id != plan.id or not may_read_thread(access, member is not None):
        raise DialogError("error.not_allowed")
    key = check_body(body)
    if key:
        raise DialogError(key)
    if not valid_client_id(client_id):
        raise DialogError("dialog.error_retry")
    existing = _message_by_client_id(s, viewer.account_id, client_id)
    if existing is not None:
        if existing.thread_id != thread.id:
            raise DialogError("error.not_allowed")
        return existing, False
    now = utcnow()
    if member is None:  # the person writes in every thread of their plan
        member = ThreadMember(thread_id=thread.id, account_id=viewer.account_id)
    msg = Message(thread_id=thread.id, sender_id=viewer.account_id, body=body,
                  client_id=client_id, sent_at=now)
    s.add(msg)
    thread.last_message_at = now
    if thread.done:
        thread.done = False  # a new message reopens a finished thread
    if access.is_owner:
        thread.waiting_for = str(Waiting.NAV)
    elif thread.waiting_for == Waiting.NAV:
        thread.waiting_for = str(Waiting.NONE)
    s.add(thread)
    member.last_read_at = now  # your own message is read by you
    s.add(member)
    s.flush()
    clear_draft(s, viewer.account_id, plan.id, thread.id)
    return msg, True


def set_waiting(s: Session, access: PlanAccess, viewer: Viewer, thread: Thread, value: str) -> None:
    if not may_manage_thread(access, _is_member(s, thread.id, viewer.account_id)):
        raise DialogError("error.not_allowed")
    if value not in {w.value for w in Waiting}:
        raise DialogError("error.not_allowed")
    thread.waiting_for = value
    s.add(thread)


def set_done(s: Session, access: PlanAccess, viewer: Viewer, thread: Thread, done: bool) -> None:
    if not may_manage_thread(access, _is_member(s, thread.id, viewer.account_id)):
        raise DialogError("error.not_allowed")
    thread.done = bool(done)
    if done:
        thread.waiting_for = str(Waiting.NONE)
    s.add(thread)


# --- drafts -----------------------------------------------------------------------


def get_draft(s: Session, account_id: int, plan_id: int, thread_id: int) -> str:
    d = s.exec(_DRAFT, params={"account_id": account_id, "plan_id": plan_id,
                               "thread_id": thread_id}).first()
    return d.body if d else ""


def save_draft(s: Session, account_id: int, plan_id: int, thread_id: int, body: str) -> None:
    body = body[: 2 * 5000]  # keep what was typed, even past the limit, within reason
    d = s.exec(select(Draft).where(Draft.account_id == account_id, Draft.plan_id == plan_id,
                                   Draft.thread_id == thread_id)).first()
    if d is None:
        if not body:
            return
        d = Draft(account_id=account_id, plan_id=plan_id, thread_id=thread_id)
    d.body = body
    d.updated_at = utcnow()
    s.add(d)


def clear_draft(s: Session, account_id: int, plan_id: int, thread_id: int) -> None:
    d = s.exec(select(Draft).where(Draft.account_id == account_id, Draft.plan_id == plan_id,
                                   Draft.thread_id == thread_id)).first()
    if d is not None:
        s.delete(d)  # the draft became a message: the message is what is kept


# -- what the dialog's pages are built from (dialog.view) -----------------------------------


def visible_measure_title(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer,
                          measure_id: Optional[int]) -> str:
    """The title of a tiltak of `plan` if `access` lets the viewer see it, else "" (not
    even that it exists). One statement."""
    if not measure_id or not access.allowed:
        return ""
    m = s.exec(select(Measure).where(Measure.id == measure_id)).first()
    if m is None or m.plan_id != plan.id or not access.can_see_measure(
            m.responsible_participant_id, m.restricted_to_org_id, viewer.org_id):
        return ""
    return m.title


def _about(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer,
           measure_id: Optional[int], goal_id: Optional[int]) -> str:
    """What a thread is about: the title of its tiltak (or the text of its goal), only if
    this viewer may see that tiltak (or the goals) of the plan; otherwise ""."""
    title = visible_measure_title(s, plan, access, viewer, measure_id)
    if title:
        return title
    if goal_id and access.can(Scope.GOALS):
        g = s.get(Goal, goal_id)
        if g is not None and g.plan_id == plan.id:
            return g.text[:80]
    return ""


@dataclass
class ListData:
    """The conversation list: the threads the viewer may read, the tiltak a new
    conversation is about (its title, if the viewer sees it), whom they may write to, and
    their draft of a new conversation."""
    threads: list[ThreadInfo] = field(default_factory=list)
    measure_title: str = ""
    recipients: list[tuple[int, str, str, str]] = field(default_factory=list)
    draft: str = ""


def load_list(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer, today: date,
              measure_id: Optional[int] = None) -> ListData:
    if not may_use_dialog(access):
        return ListData()
    return ListData(threads=visible_threads(s, plan, access, viewer),
                    measure_title=visible_measure_title(s, plan, access, viewer, measure_id),
                    recipients=recipients(s, plan, viewer, today),
                    draft=get_draft(s, viewer.account_id, plan.id, 0))


@dataclass
class ThreadData:
    """One conversation: its messages with who sent them, who read which, its members,
    the viewer's unread count in it, what it is about and their draft reply."""
    messages: list[tuple[Message, str]] = field(default_factory=list)
    reads: dict[int, list[tuple[int, datetime]]] = field(default_factory=dict)
    members: list[tuple[int, str]] = field(default_factory=list)
    unread: int = 0
    about: str = ""
    draft: str = ""


def load_thread(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer,
                thread: Thread) -> ThreadData:
    return ThreadData(
        messages=messages(s, thread), reads=reads(s, thread),
        members=visible_threads_members(s, thread),
        unread=unread_by_thread(s, viewer.account_id, [thread.id]).get(thread.id, 0),
        about=_about(s, plan, access, viewer, thread.measure_id, thread.goal_id),
        draft=get_draft(s, viewer.account_id, plan.id, thread.id))
