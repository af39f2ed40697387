"""Threads and messages written straight into the tables (not through the UI), for tests."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Session

from ip_app.kernel.models import Account, Message, Plan, Thread, ThreadMember

_n = 0


def add_person(s: Session, username: str, *, email: str = "", lang: str = "nb") -> tuple[Account, Plan]:
    person = Account(username=username, display_name=username.title(), kind="person",
                     email=email, preferred_language=lang)
    s.add(person)
    s.flush()
    plan = Plan(person_id=person.id, title="")
    s.add(plan)
    s.flush()
    return person, plan


def add_staff(s: Session, username: str, *, email: str = "") -> Account:
    staff = Account(username=username, display_name=username.title(), kind="staff", email=email)
    s.add(staff)
    s.flush()
    return staff


def add_thread(s: Session, plan_id: int, members: list[int], *, by: int, at: datetime,
               subject: str = "Om planen") -> Thread:
    thread = Thread(plan_id=plan_id, subject=subject, created_by_id=by, created_at=at,
                    last_message_at=at)
    s.add(thread)
    s.flush()
    for account_id in members:
        s.add(ThreadMember(thread_id=thread.id, account_id=account_id))
    s.flush()
    return thread


def add_message(s: Session, thread_id: int, sender_id: int, body: str, *, at: datetime) -> Message:
    global _n
    _n += 1
    msg = Message(thread_id=thread_id, sender_id=sender_id, body=body, client_id=f"t-{_n}-{at.timestamp()}",
                  sent_at=at)
    s.add(msg)
    thread = s.get(Thread, thread_id)
    thread.last_message_at = at
    s.flush()
    return msg


def mark_read(s: Session, thread_id: int, account_id: int, *, at: Optional[datetime]) -> None:
    from sqlmodel import select

    member = s.exec(select(ThreadMember).where(ThreadMember.thread_id == thread_id,
                                               ThreadMember.account_id == account_id)).one()
    member.last_read_at = at
    s.add(member)
    s.flush()
