"""Dialog rules and data: who may write to whom, once-only sending, read receipts, links."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from ip_app.dialog import data as dd
from ip_app.dialog.rules import BODY_MAX, check_body, split_links, valid_client_id
from ip_app.dialog.view import build_list, build_thread
from ip_app.kernel import db
from ip_app.kernel.models import Consent, Message, MessageRead, Thread
from ip_app.kernel.plan_access import access_for

CID = "client-id-000001"


def _dialog_list(s, plan, access, viewer, today, measure_id=None):
    """The conversation list as the dialog's page builds it (dialog/state.py)."""
    return build_list(dd.load_list(s, plan, access, viewer, today, measure_id), plan, access,
                      viewer, "nb", measure_id)


def _dialog_thread(s, plan, access, viewer, thread):
    return build_thread(dd.load_thread(s, plan, access, viewer, thread), plan, access, viewer,
                        thread, "nb")


def _ctx(s: Session, demo, viewer_name: str, person: str, today):
    viewer = demo.viewer(s, viewer_name)
    plan = demo.plan(s, person)
    _, access = access_for(s, viewer, plan.id, today)
    return viewer, plan, access


# --- domain ---------------------------------------------------------------------


def test_body_rules():
    assert check_body("") == "dialog.error_empty"
    assert check_body("   \n ") == "dialog.error_empty"
    assert check_body(None) == "dialog.error_empty"
    assert check_body("x" * BODY_MAX) is None
    assert check_body("x" * (BODY_MAX + 1)) == "dialog.error_too_long"


def test_client_ids_are_plain_tokens():
    assert valid_client_id("abcDEF123_-xyz")
    for bad in ("", "short", "x" * 65, "has space here", "<script>1</script>", None, 12345678):
        assert not valid_client_id(bad)


def test_links_are_only_http():
    segs = split_links("Se https://www.nav.no/kurs. Eller www.molde.kommune.no, ikke javascript:alert(1)")
    links = [(x.text, x.href) for x in segs if x.href]
    assert links == [("https://www.nav.no/kurs", "https://www.nav.no/kurs"),
                     ("www.molde.kommune.no", "https://www.molde.kommune.no")]
    assert "".join(x.text for x in segs).endswith("ikke javascript:alert(1)")


def test_html_stays_text():
    text = '<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">klikk</a>'
    segs = split_links(text)
    assert [x.href for x in segs] == [""]
    assert segs[0].text == text


@given(st.text(max_size=300))
def test_splitting_loses_no_text(text):
    segs = split_links(text)
    assert "".join(x.text for x in segs) == text
    assert all(x.href.startswith(("http://", "https://")) for x in segs if x.href)


# --- data -----------------------------------------------------------------------


def test_person_starts_thread_and_veileder_reads_it(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        kari = demo.account(s, "veileder")
        thread = dd.start_thread(s, plan, access, viewer, subject="Spørsmål om kurs",
                                 member_ids=[kari.id], body="Hei Kari!", client_id=CID,
                                 today=today)
        s.commit()
        tid = thread.id
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "veileder", "amina", today)
        thread = dd.get_thread(s, plan, access, viewer, tid)
        assert thread is not None and thread.waiting_for == "nav"
        assert dd.unread_by_thread(s, viewer.account_id, [tid]) == {tid: 1}
        assert dd.mark_read(s, thread, viewer.account_id) == 1
        s.commit()
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        page = _dialog_thread(s, plan, access, viewer, s.get(Thread, tid))
        assert page.messages[-1].read_label.startswith("Lest ")
        # a participant who is not in the thread does not see it
        laerer, _, laerer_access = _ctx(s, demo, "laerer", "amina", today)
        assert dd.get_thread(s, plan, laerer_access, laerer, tid) is None


def test_retry_with_same_client_id_stores_once(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        thread = s.exec(select(Thread).where(Thread.plan_id == plan.id)).first()
        first, created = dd.send(s, plan, access, viewer, thread, body="En gang", client_id=CID)
        again, created_again = dd.send(s, plan, access, viewer, thread, body="En gang",
                                       client_id=CID)
        s.commit()
        assert created and not created_again and first.id == again.id
        assert len(s.exec(select(Message).where(Message.client_id == CID)).all()) == 1


def test_the_person_writes_in_a_thread_she_was_not_in_and_has_read_her_own_message(
        fresh_db, demo, today):
    """Staff between themselves in her plan: she may still write there; she joins the
    thread, and her own message is read by her (the sender's membership read once)."""
    from test_data_queries import statements

    from ip_app.kernel.models import ThreadMember

    with Session(db.engine()) as s:
        kari, plan, kari_access = _ctx(s, demo, "veileder", "amina", today)
        koord = demo.account(s, "koordinator")
        thread = dd.start_thread(s, plan, kari_access, kari, subject="Mellom oss",
                                 member_ids=[koord.id], body="Hei!", client_id=CID, today=today)
        s.commit()
        tid = thread.id
    with Session(db.engine()) as s:
        amina, plan, access = _ctx(s, demo, "amina", "amina", today)
        thread = dd.get_thread(s, plan, access, amina, tid)
        assert thread is not None  # she reads every thread of her plan
        with statements(db.engine()) as seen:
            msg, created = dd.send(s, plan, access, amina, thread, body="Jeg er her også",
                                   client_id="client-id-000002")
        s.commit()
        assert created
        assert sum("FROM thread_member" in q for q in seen) == 1
        member = s.exec(select(ThreadMember).where(ThreadMember.thread_id == tid,
                                                   ThreadMember.account_id == amina.account_id)
                        ).one()
        assert member.last_read_at is not None and member.last_read_at >= msg.sent_at
        assert dd.unread_by_thread(s, amina.account_id, [tid]) == {}  # read up to her message


def test_bad_messages_change_nothing(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        thread = s.exec(select(Thread).where(Thread.plan_id == plan.id)).first()
        before = len(s.exec(select(Message)).all())
        for body, key in (("", "dialog.error_empty"), ("x" * 5001, "dialog.error_too_long")):
            with pytest.raises(dd.DialogError) as exc:
                dd.send(s, plan, access, viewer, thread, body=body, client_id=CID)
            assert exc.value.key == key
        assert len(s.exec(select(Message)).all()) == before


def test_relative_needs_dialog_consent(fresh_db, demo, today):
    """Hassan (pårørende) asked for consent on Amina's plan; until it is given with the
    dialog he cannot be written to, and he sees no threads."""
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        hassan = demo.account(s, "parorende")
        assert hassan.id not in {a for a, _, _, _ in dd.recipients(s, plan, viewer, today)}
        with pytest.raises(dd.DialogError):
            dd.start_thread(s, plan, access, viewer, subject="Hei", member_ids=[hassan.id],
                            body="Hei", client_id=CID, today=today)
        h_viewer, _, h_access = _ctx(s, demo, "parorende", "amina", today)
        assert dd.visible_threads(s, plan, h_access, h_viewer) == []


def test_withdrawn_dialog_scope_hides_threads(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "veileder", "amina", today)
        assert dd.visible_threads(s, plan, access, viewer)
        part = demo.participant(s, "amina", "veileder")
        consent = s.exec(select(Consent).where(Consent.participant_id == part.id)
                         .order_by(Consent.id.desc())).first()
        consent.scopes = "goals,all_measures"
        s.add(consent)
        s.commit()
        viewer, plan, access = _ctx(s, demo, "veileder", "amina", today)
        assert dd.visible_threads(s, plan, access, viewer) == []
        assert _dialog_list(s, plan, access, viewer, today).mode == "denied"


def test_drafts_are_kept_until_sent(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        thread = s.exec(select(Thread).where(Thread.plan_id == plan.id)).first()
        dd.save_draft(s, viewer.account_id, plan.id, thread.id, "Halvferdig")
        s.commit()
        assert dd.get_draft(s, viewer.account_id, plan.id, thread.id) == "Halvferdig"
        dd.send(s, plan, access, viewer, thread, body="Ferdig", client_id=CID)
        s.commit()
        assert dd.get_draft(s, viewer.account_id, plan.id, thread.id) == ""


def test_staff_marks_waiting_and_done_but_not_the_person(fresh_db, demo, today):
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "veileder", "amina", today)
        thread = dd.visible_threads(s, plan, access, viewer)[0].thread
        dd.set_waiting(s, access, viewer, thread, "bruker")
        assert thread.waiting_for == "bruker"
        dd.set_done(s, access, viewer, thread, True)
        assert thread.done and thread.waiting_for == ""
        amina, _, a_access = _ctx(s, demo, "amina", "amina", today)
        with pytest.raises(dd.DialogError):
            dd.set_waiting(s, a_access, amina, thread, "nav")


def test_first_read_time_is_kept(fresh_db, demo, today):
    from datetime import timedelta
    from ip_app.kernel.models import utcnow
    with Session(db.engine()) as s:
        viewer, plan, access = _ctx(s, demo, "amina", "amina", today)
        thread = s.exec(select(Thread).where(Thread.plan_id == plan.id)).first()
        msg, _ = dd.send(s, plan, access, viewer, thread, body="Hei", client_id=CID)
        s.commit()
        kari = demo.account(s, "veileder")
        t1 = utcnow()
        dd.mark_read(s, thread, kari.id, t1)
        dd.mark_read(s, thread, kari.id, t1 + timedelta(hours=3))  # reading again later
        s.commit()
        rows = s.exec(select(MessageRead).where(MessageRead.message_id == msg.id)).all()
        assert [(r.account_id, r.read_at) for r in rows] == [(kari.id, t1)]
