"""Handing NAV's part to another veileder moves the tiltak the old veileder was responsible
for (issue 19): each unfinished one gets the new veileder as a new version (who, when, why),
finished ones keep who did them, and the person reads it in plain words. On SQLite and
PostgreSQL (`any_db`)."""

from __future__ import annotations

from sqlmodel import Session, select

from ip_app.kernel import db
from ip_app.kernel.models import Measure, MeasureVersion, Participant
from ip_app.kernel.plan_access import access_for
from ip_app.measures.data import create_measure
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import _HISTORY, build_page
from ip_app.team import data as team


def test_hand_over_moves_the_old_veileders_open_tiltak_with_history(any_db, demo, today):
    with db.session() as s:
        plan = demo.plan(s, "amina")
        kari = demo.participant(s, "amina", "veileder")
        by_kari = demo.actor(s, "amina", "veileder")
        done = create_measure(s, plan_id=plan.id, actor=by_kari, title="Ferdig kurs",
                              status="fullfort", responsible_participant_id=kari.id)
        open_ = create_measure(s, plan_id=plan.id, actor=by_kari, title="Jobbsøkerkurs",
                               status="planlagt", responsible_participant_id=kari.id)
        plan_id, kari_id, done_id, open_id = plan.id, kari.id, done.id, open_.id
        before = {m.id: m.version for m in s.exec(select(Measure).where(
            Measure.plan_id == plan_id, Measure.responsible_participant_id == kari_id))}
    assert open_id in before and done_id in before
    with db.session() as s:
        plan = demo.plan(s, "amina")
        koord = demo.account(s, "koordinator")
        new = team.hand_over(s, plan=plan, old=s.get(Participant, kari_id),
                             new_account=demo.account(s, "veileder2"), by_id=koord.id,
                             by_role="koordinator", reason="Kari har fått ny jobb.", today=today)
        new_id = new.id
    with db.session() as s:
        moved = s.exec(select(Measure).where(Measure.plan_id == plan_id,
                                             Measure.responsible_participant_id == new_id)).all()
        kept = s.exec(select(Measure).where(Measure.plan_id == plan_id,
                                            Measure.responsible_participant_id == kari_id)).all()
        assert open_id in {m.id for m in moved} and done_id not in {m.id for m in moved}
        assert {m.status for m in kept} <= {"fullfort", "avbrutt"}
        assert all(m.version == before[m.id] + 1 for m in moved)
        last = s.exec(select(MeasureVersion).where(MeasureVersion.measure_id == open_id)
                      .order_by(MeasureVersion.version.desc())).first()
        assert (last.reason, last.changed_by_id, last.changed_by_role) == (
            "Kari har fått ny jobb.", demo.account(s, "koordinator").id, "koordinator")
        assert last.snapshot["responsible_participant_id"] == new_id
        assert s.get(Measure, done_id).version == 1  # finished: who did it stays
        line = team.events(s, plan_id)[0]
        assert (line.kind, line.name, line.previous_name) == ("nav_handover", "Nils Vik",
                                                              "Kari Nordmann")

    # Amina reads on the card who is responsible now, who changed it and why
    _HISTORY.clear()
    with Session(db.engine()) as s:
        viewer = demo.viewer(s, "amina")
        plan, access = access_for(s, viewer, plan_id, today)
        page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today),
                          viewer, today)
    card = next(c for g in page.by_status for c in g.cards if c.id == open_id)
    assert "Nils Vik" in card.responsible
    row = card.history[0]
    assert row.text.endswith("(koordinator) ga ansvaret til Nils Vik"), row.text
    assert row.reason == "Kari har fått ny jobb."
