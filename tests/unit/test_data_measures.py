"""Writing tiltak and goals: versions, history and optimistic locking."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.goals.data import StaleGoal, create_goal, goal_versions, update_goal_text
from ip_app.kernel import db
from ip_app.kernel.models import Goal, GoalVersion, Measure, MeasureVersion
from ip_app.kernel.roles import Role
from ip_app.measures.data import (
    SNAPSHOT_FIELDS, StaleVersion, change_status, create_measure, snapshot, update_measure,
    versions,
)
from ip_app.measures.rules import Status


def _count(s: Session, model) -> int:
    return s.exec(select(sa.func.count()).select_from(model)).one()


def _new_measure(s, demo, **extra) -> Measure:
    actor = demo.actor(s, "amina", "veileder")
    fields = dict(title="Kurs i førstehjelp", status=str(Status.PLANLAGT),
                  responsible_participant_id=actor.participant_id, serves="aktivitetsplan",
                  start_date=date(2030, 1, 6), hours_per_week=3.5, agreed=True)
    fields.update(extra)
    return create_measure(s, plan_id=demo.plan(s, "amina").id, actor=actor,
                          reason="Avtalt i møte", **fields)


def test_create_measure_writes_version_1_with_a_snapshot(s, demo):
    actor = demo.actor(s, "amina", "veileder")
    m = _new_measure(s, demo)
    assert m.id is not None and m.version == 1
    assert m.created_by_id == actor.account_id and m.created_at == m.updated_at
    [v] = versions(s, m.id)
    assert v.version == 1
    assert v.changed_by_id == actor.account_id and v.changed_by_role == "veileder"
    assert v.reason == "Avtalt i møte"
    assert set(v.snapshot) == set(SNAPSHOT_FIELDS)
    assert v.snapshot["title"] == "Kurs i førstehjelp"
    assert v.snapshot["status"] == "planlagt"
    assert v.snapshot["start_date"] == "2030-01-06"  # dates as ISO strings in the JSON
    assert v.snapshot["end_date"] is None
    assert v.snapshot["hours_per_week"] == 3.5 and v.snapshot["agreed"] is True
    assert v.snapshot == snapshot(m)


def test_snapshot_survives_a_round_trip_through_the_database(fresh_db, demo):
    with db.session() as s:
        mid = _new_measure(s, demo).id
    with Session(db.engine()) as s:
        [v] = versions(s, mid)
        assert v.snapshot == snapshot(s.get(Measure, mid))


def test_change_status_bumps_the_version_and_records_who_and_why(s, demo):
    m = _new_measure(s, demo)
    koordinator = demo.actor(s, "amina", "koordinator")
    m2 = change_status(s, measure_id=m.id, based_on_version=1, actor=koordinator,
                       new=Status.GJENNOMFORES, reason="Startet mandag")
    assert m2.id == m.id and m2.version == 2 and m2.status == "gjennomfores"
    assert m2.updated_at >= m2.created_at
    v1, v2 = versions(s, m.id)
    assert (v1.version, v2.version) == (1, 2)
    assert v1.snapshot["status"] == "planlagt"  # the old state is kept as it was
    assert v2.snapshot["status"] == "gjennomfores"
    assert v2.reason == "Startet mandag"
    assert v2.changed_by_id == koordinator.account_id and v2.changed_by_role == "koordinator"
    assert {k: v for k, v in v2.snapshot.items() if k != "status"} == \
        {k: v for k, v in v1.snapshot.items() if k != "status"}


def test_update_measure_changes_fields_and_keeps_the_old_version(s, demo):
    m = _new_measure(s, demo)
    actor = demo.actor(s, "amina", "veileder")
    m = update_measure(s, measure_id=m.id, based_on_version=1, actor=actor,
                       reason="Mer tid", hours_per_week=5.0, extent="2 dager")
    assert (m.version, m.hours_per_week, m.extent) == (2, 5.0, "2 dager")
    v1, v2 = versions(s, m.id)
    assert v1.snapshot["hours_per_week"] == 3.5 and v2.snapshot["hours_per_week"] == 5.0


def test_a_stale_update_is_refused_and_changes_nothing(fresh_db, demo):
    with db.session() as s:
        m = next(x for x in s.exec(select(Measure).where(
            Measure.plan_id == demo.plan(s, "amina").id)) if x.title == "Mentor fra Molde frivilligsentral")
        mid, base = m.id, m.version
        koordinator = demo.actor(s, "amina", "koordinator")
        veileder = demo.actor(s, "amina", "veileder")
        n_versions = len(versions(s, mid))

    # two people open the same tiltak at version `base`; the first one saves
    with db.session() as s:
        first = change_status(s, measure_id=mid, based_on_version=base, actor=koordinator,
                              new=Status.GJENNOMFORES, reason="Første møte holdt")
        assert first.version == base + 1
    with Session(db.engine()) as s:
        row_before = s.get(Measure, mid).model_dump()
        versions_before = [(v.id, v.version, v.snapshot, v.reason) for v in versions(s, mid)]
        assert len(versions_before) == n_versions + 1

    # the second save is based on the old version: refused, whatever it wanted to change
    seen = {}
    with pytest.raises(StaleVersion):
        with db.session() as s:  # rolls back on the error, like the app's unit of work
            try:
                change_status(s, measure_id=mid, based_on_version=base, actor=veileder,
                              new=Status.AVBRUTT, reason="Passet ikke")
            except StaleVersion as exc:  # the current state, to tell the user
                seen.update(version=exc.current.version, status=exc.current.status)
                raise
    assert seen == {"version": base + 1, "status": "gjennomfores"}
    with pytest.raises(StaleVersion):
        with db.session() as s:
            update_measure(s, measure_id=mid, based_on_version=base, actor=veileder,
                           title="Overskrevet")

    with Session(db.engine()) as s:
        assert s.get(Measure, mid).model_dump() == row_before
        assert [(v.id, v.version, v.snapshot, v.reason) for v in versions(s, mid)] == \
            versions_before


def test_stale_update_in_the_same_session_writes_nothing(s, demo):
    m = _new_measure(s, demo)
    actor = demo.actor(s, "amina", "veileder")
    change_status(s, measure_id=m.id, based_on_version=1, actor=actor, new=Status.GJENNOMFORES,
                  reason="")
    n = _count(s, MeasureVersion)
    with pytest.raises(StaleVersion):
        update_measure(s, measure_id=m.id, based_on_version=1, actor=actor, title="x")
    with pytest.raises(StaleVersion):
        update_measure(s, measure_id=m.id, based_on_version=7, actor=actor, title="x")
    s.flush()
    assert _count(s, MeasureVersion) == n
    row = s.get(Measure, m.id)
    assert (row.version, row.title, row.status) == (2, "Kurs i førstehjelp", "gjennomfores")


def test_updating_a_missing_measure_raises_lookup_error(s, demo):
    with pytest.raises(LookupError):
        update_measure(s, measure_id=987_654, based_on_version=1,
                       actor=demo.actor(s, "amina", "veileder"), title="x")


def test_nothing_is_deleted_versions_only_grow(fresh_db, demo):
    with Session(db.engine()) as s:
        counts = [(_count(s, Measure), _count(s, MeasureVersion))]
        ids_before = set(s.exec(select(MeasureVersion.id)).all())
    for step in range(3):
        with db.session() as s:
            actor = demo.actor(s, "sara", "veileder")
            m = create_measure(s, plan_id=demo.plan(s, "sara").id, actor=actor,
                               title=f"Tiltak {step}", status="planlagt")
            m = change_status(s, measure_id=m.id, based_on_version=m.version, actor=actor,
                              new=Status.GJENNOMFORES, reason="")
            change_status(s, measure_id=m.id, based_on_version=m.version, actor=actor,
                          new=Status.AVBRUTT, reason="Stoppet")
        try:
            with db.session() as s:
                update_measure(s, measure_id=m.id, based_on_version=1, actor=actor, title="y")
        except StaleVersion:
            pass
        with Session(db.engine()) as s:
            counts.append((_count(s, Measure), _count(s, MeasureVersion)))
    c0, v0 = counts[0]
    assert counts == [(c0 + i, v0 + 3 * i) for i in range(4)]  # the stale update added none
    with Session(db.engine()) as s:
        assert ids_before <= set(s.exec(select(MeasureVersion.id)).all())
        # every measure has one version per version number, 1..current, no gaps
        for m in s.exec(select(Measure)):
            assert [v.version for v in versions(s, m.id)] == list(range(1, m.version + 1))


def test_demo_versions_match_the_current_rows(s, demo):
    for m in s.exec(select(Measure)):
        vs = versions(s, m.id)
        assert vs[-1].version == m.version
        assert vs[-1].snapshot == snapshot(m)


# --- goals --------------------------------------------------------------------------------


def test_update_goal_text_keeps_every_version(s, demo):
    amina = demo.actor(s, "amina", "amina")
    g = create_goal(s, plan_id=demo.plan(s, "amina").id, actor=amina, text="Første", position=9)
    assert g.version == 1
    g = update_goal_text(s, goal_id=g.id, based_on_version=1, actor=amina, text="Andre",
                         reason="Mer presist")
    koordinator = demo.actor(s, "amina", "koordinator")
    g = update_goal_text(s, goal_id=g.id, based_on_version=2, actor=koordinator, text="Tredje")
    assert (g.version, g.text) == (3, "Tredje")
    vs = goal_versions(s, g.id)
    assert [(v.version, v.text) for v in vs] == [(1, "Første"), (2, "Andre"), (3, "Tredje")]
    assert vs[1].reason == "Mer presist" and vs[1].changed_by_role == Role.PERSON
    assert vs[2].changed_by_id == koordinator.account_id and vs[2].changed_by_role == "koordinator"


def test_stale_goal_update_is_refused(fresh_db, demo):
    with db.session() as s:
        g = s.exec(select(Goal).where(Goal.plan_id == demo.plan(s, "emil").id,
                                      Goal.parent_id == None)).one()  # noqa: E711
        gid, base, old_text = g.id, g.version, g.text
        emil = demo.actor(s, "emil", "emil")
        n_versions = len(goal_versions(s, gid))
    with db.session() as s:
        update_goal_text(s, goal_id=gid, based_on_version=base, actor=emil, text="Ny tekst")
    seen = {}
    with pytest.raises(StaleGoal):
        with db.session() as s:
            try:
                update_goal_text(s, goal_id=gid, based_on_version=base, actor=emil,
                                 text="Skrevet samtidig")
            except StaleGoal as exc:
                seen.update(version=exc.current.version, text=exc.current.text)
                raise
    assert seen == {"version": base + 1, "text": "Ny tekst"}
    with Session(db.engine()) as s:
        g = s.get(Goal, gid)
        assert (g.version, g.text) == (base + 1, "Ny tekst")
        vs = goal_versions(s, gid)
        assert len(vs) == n_versions + 1
        assert [v.text for v in vs][-2:] == [old_text, "Ny tekst"]
        assert "Skrevet samtidig" not in {v.text for v in s.exec(select(GoalVersion))}
