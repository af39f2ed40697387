"""Caseload figures: unread messages and proposals waiting, and the search/filter."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from ip_app.caseload.data import CaseRow, caseload_for, filter_cases
from ip_app.kernel import db
from ip_app.kernel.models import Message, Thread, ThreadMember, utcnow


def _unread_in(s, thread_id, account_id, since):
    """Messages from others in one thread (all of them when `since` is None)."""
    return len([m for m in s.exec(select(Message).where(Message.thread_id == thread_id))
                if m.sender_id != account_id and (since is None or m.sent_at > since)])


def _row(rows, name):
    return next(r for r in rows if r.name == name)


def test_unread_counts_only_messages_from_others_after_last_read(fresh_db, demo, today):
    with db.session() as s:
        viewer = demo.viewer(s, "veileder")
        plan = demo.plan(s, "sara")
        before = _row(caseload_for(s, viewer, today, "nb"), "Sara Nilsen").unread
        thread = s.exec(select(Thread).join(ThreadMember, ThreadMember.thread_id == Thread.id)
                        .where(Thread.plan_id == plan.id,
                               ThreadMember.account_id == viewer.account_id)).first()
        member = s.exec(select(ThreadMember).where(ThreadMember.thread_id == thread.id,
                                                   ThreadMember.account_id == viewer.account_id)).one()
        this_thread_before = _unread_in(s, thread.id, viewer.account_id, member.last_read_at)
        member.last_read_at = utcnow()
        s.add(member)
        sara = demo.account(s, "sara")
        later = utcnow() + timedelta(seconds=5)
        s.add(Message(thread_id=thread.id, sender_id=sara.id, body="Hei", client_id="t-1",
                      sent_at=later))
        s.add(Message(thread_id=thread.id, sender_id=sara.id, body="Hallo igjen", client_id="t-2",
                      sent_at=later))
        s.add(Message(thread_id=thread.id, sender_id=viewer.account_id, body="Svar",
                      client_id="t-3", sent_at=later))
        s.flush()
        other_threads = before - this_thread_before
        row = _row(caseload_for(s, viewer, today, "nb"), "Sara Nilsen")
        # in this thread only Sara's two new messages are unread; the veileder's own never count
        assert row.unread == other_threads + 2
        assert row.unread_label == (f"{row.unread} uleste meldinger" if row.unread > 1
                                    else "1 ulest melding")


def test_people_without_consent_show_no_figures(fresh_db, demo, today):
    with db.session() as s:
        from ip_app.kernel.models import Consent
        viewer = demo.viewer(s, "veileder")
        part = demo.participant(s, "emil", "veileder")
        for c in s.exec(select(Consent).where(Consent.participant_id == part.id)):
            c.status = "withdrawn"
            s.add(c)
        s.flush()
        row = _row(caseload_for(s, viewer, today, "nb"), "Emil Strand")
        assert (row.has_access, row.unread, row.waiting, row.next_evaluation, row.overdue) == (
            False, 0, 0, "", False)


def _case(name, overdue=False, unread=0, waiting=0):
    return CaseRow(plan_id=1, href="/", name=name, role="", next_evaluation="", overdue=overdue,
                   has_access=True, unread=unread, waiting=waiting)


def test_filter_cases():
    cases = [_case("Amina Yusuf", unread=2), _case("Emil Strand", overdue=True),
             _case("Sara Nilsen", waiting=1)]
    assert [c.name for c in filter_cases(cases, "", "all")] == ["Amina Yusuf", "Emil Strand",
                                                                "Sara Nilsen"]
    assert [c.name for c in filter_cases(cases, " SARA ", "all")] == ["Sara Nilsen"]
    assert [c.name for c in filter_cases(cases, "", "overdue")] == ["Emil Strand"]
    assert [c.name for c in filter_cases(cases, "", "unread")] == ["Amina Yusuf"]
    assert [c.name for c in filter_cases(cases, "", "waiting")] == ["Sara Nilsen"]
    assert filter_cases(cases, "emil", "unread") == []
    assert len(filter_cases(cases, "", "unknown-filter")) == 3
