"""The number of SQL statements does not grow with the size of a plan or a caseload (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel import clock
from ip_app.caseload.data import caseload_for
from ip_app.kernel import db
from ip_app.kernel.models import (
    Account, Consent, Goal, Measure, MeasureVersion, Participant, Plan, PlanBasis,
)
from ip_app.kernel.plan_access import access_for
from ip_app.measures.data import change_status, create_measure, update_measure
from ip_app.measures.rules import Status
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import _HISTORY, build_page

EXTRA = 30


@contextmanager
def statements(engine: sa.Engine, keep: Callable[[Any], bool] = lambda context: True
               ) -> Iterator[list[str]]:
    """Every SQL statement sent to the database inside the block (with `keep`: those whose
    execution context it keeps)."""
    seen: list[str] = []

    def _before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if keep(context):
            seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", _before)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", _before)


def _plan_page(demo, viewer_name: str, person: str, today: date, cold: bool = True):
    """Open the plan page as the web layer does, in a new session; count its statements.

    `cold`: with the history memo emptied, so every history is read (the most statements)."""
    if cold:
        _HISTORY.clear()
    eng = db.engine()
    with Session(eng) as s:
        viewer = demo.viewer(s, viewer_name)
        plan_id = demo.plan(s, person).id
    with Session(eng) as s, statements(eng) as seen:
        plan, access = access_for(s, viewer, plan_id, today)
        data = load_plan(s, plan, access, viewer)
        page = build_page(load_page(s, data, viewer, today), viewer, today)
    assert access.allowed
    return list(seen), page


def _cards(page) -> int:
    return sum(len(g.cards) for g in page.by_status)


def _add_tiltak(demo, person: str, n: int) -> None:
    """`n` more tiltak in `person`'s plan, by several people, each with several versions."""
    with db.session() as s:
        plan = demo.plan(s, person)
        goals = list(s.exec(select(Goal.id).where(Goal.plan_id == plan.id)))
        parts = list(s.exec(select(Participant).where(Participant.plan_id == plan.id,
                                                      Participant.role != "parorende")))
        staff = [p for p in parts if p.role in ("veileder", "koordinator")]
        for i in range(n):
            by = demo.actor(s, person, s.get(Account, staff[i % len(staff)].account_id).username)
            m = create_measure(
                s, plan_id=plan.id, actor=by, title=f"Ekstra tiltak {i}", status="planlagt",
                responsible_participant_id=parts[i % len(parts)].id, goal_id=goals[i % len(goals)],
                serves="aktivitetsplan,individuell_plan" if i % 2 else "individuell_plan",
                start_date=clock.today() + timedelta(days=i), agreed=i % 3 == 0,
            )
            m = change_status(s, measure_id=m.id, based_on_version=m.version, actor=by,
                              new=Status.GJENNOMFORES, reason="")
            m = update_measure(s, measure_id=m.id, based_on_version=m.version, actor=by,
                               extent=f"{i} timer", hours_per_week=float(i))
            if i % 2:
                change_status(s, measure_id=m.id, based_on_version=m.version, actor=by,
                              new=Status.FULLFORT, reason="Ferdig")


@pytest.mark.parametrize("viewer_name, person", [
    ("amina", "amina"),  # the owner: everything
    ("veileder", "amina"),  # all tiltak, through consent
    ("laerer", "amina"),  # only the tiltak laerer is responsible for
    ("koordinator", "sara"),  # some tiltak restricted to another office
])
def test_plan_page_statement_count_does_not_grow_with_the_plan(fresh_db, demo, today,
                                                                viewer_name, person):
    _plan_page(demo, viewer_name, person, today)  # warm up (engine, dialect, caches)
    before, page_before = _plan_page(demo, viewer_name, person, today)
    # 12, + unread count + conversations per tiltak (dialog) + the programme part (intro/KVP)
    # + the meetings with their versions and authors (one statement)
    # + every text of the participants' parts (hvem gjør hva), one query for all
    # + the IP's own contents (ip_contents/view.py): every item with its versions and
    # authors, the archived sub-goals with theirs, the plan's closings and reopenings
    # + the current referat of the held meetings the viewer may read it of (issue 21)
    # + the "slik går det" notes of the tiltak shown (progress_notes, issue 21)
    # + the person's samtalereferat not read yet ("Venter på deg", the owner only)
    assert len(before) <= 23, before

    _add_tiltak(demo, person, EXTRA)
    with Session(db.engine()) as s:
        plan_id = demo.plan(s, person).id
        n_versions = s.exec(select(sa.func.count()).select_from(MeasureVersion).join(
            Measure, Measure.id == MeasureVersion.measure_id).where(
            Measure.plan_id == plan_id)).one()
        assert n_versions >= 3 * EXTRA

    after, page_after = _plan_page(demo, viewer_name, person, today)
    assert _cards(page_after) > _cards(page_before)  # the new tiltak are on the page ...
    if viewer_name in ("amina", "veileder"):
        assert _cards(page_after) == _cards(page_before) + EXTRA
    assert len(after) == len(before), "\n".join(after)  # ... for the same statements


def test_plan_page_statement_count_does_not_depend_on_the_plan(fresh_db, demo, today):
    counts = {p: len(_plan_page(demo, p, p, today)[0]) for p in ("amina", "emil", "sara")}
    assert len(set(counts.values())) == 1, counts


def _add_plans(demo, n: int, today: date) -> None:
    """`n` more people whose plans have `veileder` as participant with a granted consent."""
    with db.session() as s:
        veileder = demo.account(s, "veileder")
        for i in range(n):
            person = Account(username=f"extra{i}", display_name=f"Person {i:02d}", kind="person",
                             password_hash="x")
            s.add(person)
            s.flush()
            plan = Plan(person_id=person.id, title=f"Plan {i}",
                        next_evaluation=today + timedelta(days=i - n // 2))
            s.add(plan)
            s.flush()
            s.add(PlanBasis(plan_id=plan.id, basis="aktivitetsplan"))
            s.add(Participant(plan_id=plan.id, account_id=person.id, role="person"))
            part = Participant(plan_id=plan.id, account_id=veileder.id, role="veileder",
                               organisation_id=veileder.organisation_id)
            s.add(part)
            s.flush()
            # several consent rows each: the history of a consent is kept
            s.add(Consent(plan_id=plan.id, participant_id=part.id, status="requested",
                          scopes="goals"))
            s.add(Consent(plan_id=plan.id, participant_id=part.id,
                          status="granted" if i % 4 else "withdrawn",
                          scopes="goals,all_measures,dialog",
                          valid_until=today + timedelta(days=100)))


def _caseload(demo, username: str, today: date):
    eng = db.engine()
    with Session(eng) as s:
        viewer = demo.viewer(s, username)
    with Session(eng) as s, statements(eng) as seen:
        rows = caseload_for(s, viewer, today, "nb")
    return list(seen), rows


def test_caseload_statement_count_does_not_grow_with_the_caseload(fresh_db, demo, today):
    _caseload(demo, "veileder", today)  # warm up
    before, rows_before = _caseload(demo, "veileder", today)
    assert len(rows_before) == 3
    # people+plans, consents, unread, answers, tiltak figures, plan types, offices, meetings
    assert len(before) <= 8, before

    _add_plans(demo, EXTRA, today)
    after, rows_after = _caseload(demo, "veileder", today)
    assert len(rows_after) == 3 + EXTRA
    assert sum(not r.has_access for r in rows_after) == len(range(0, EXTRA, 4))
    assert len(after) == len(before), "\n".join(after)


def test_empty_caseload_costs_no_more_than_a_full_one(fresh_db, demo, today):
    _caseload(demo, "veileder", today)
    full, _ = _caseload(demo, "veileder", today)
    empty, rows = _caseload(demo, "veileder2", today)
    assert rows == [] and len(empty) <= len(full)


def _history_reads(seen: list[str]) -> list[str]:
    return [x for x in seen if "FROM measure_version" in x or "FROM goal_version" in x]


def test_a_rebuild_reads_only_the_histories_that_changed(fresh_db, demo, today):
    """The live rebuild after one change reads the versions of that tiltak alone: the other
    histories come from the memo, and a rebuild with nothing changed reads none."""
    _add_tiltak(demo, "amina", 5)
    seen, page = _plan_page(demo, "amina", "amina", today)
    assert len(_history_reads(seen)) == 2  # cold: every goal's and every tiltak's history
    seen, again = _plan_page(demo, "amina", "amina", today, cold=False)
    assert _history_reads(seen) == [] and again == page

    card = next(c for g in page.by_status for c in g.cards if c.status == "gjennomfores")
    with db.session() as s:
        viewer = demo.actor(s, "amina", "amina")
        change_status(s, measure_id=card.id, based_on_version=card.version, actor=viewer,
                      new=Status.FULLFORT, reason="Ferdig")
    seen, after = _plan_page(demo, "amina", "amina", today, cold=False)
    reads = _history_reads(seen)
    assert len(reads) == 1 and "FROM measure_version" in reads[0]
    changed = next(c for g in after.by_status for c in g.cards if c.id == card.id)
    assert changed.status == "fullfort" and len(changed.history) == len(card.history) + 1
    assert "Ferdig" in [row.reason for row in changed.history]


def test_a_grown_history_reads_two_versions_and_equals_a_history_read_whole(any_db, demo,
                                                                           today):
    """After a change, the memo's rows of the version before and the new version alone give
    exactly the history a cold build reads in full (the row-value IN works on both databases)."""
    _add_tiltak(demo, "amina", 3)
    _, page = _plan_page(demo, "amina", "amina", today)
    card = next(c for g in page.by_status for c in g.cards if c.status == "gjennomfores")
    with db.session() as s:
        by = demo.actor(s, "amina", "veileder")
        m = update_measure(s, measure_id=card.id, based_on_version=card.version, actor=by,
                           extent="3 timer i uka")
        change_status(s, measure_id=m.id, based_on_version=m.version, actor=by,
                      new=Status.AVBRUTT, reason="Flyttet")
    # two versions since the page was built: read whole; then one more: grown by one
    _, warm = _plan_page(demo, "amina", "amina", today, cold=False)
    with db.session() as s:
        m = s.get(Measure, card.id)
        m2 = update_measure(s, measure_id=m.id, based_on_version=m.version, actor=by, how="Ute")
        assert m2.version == card.version + 3
    eng = db.engine()
    with Session(eng) as s:
        viewer = demo.viewer(s, "amina")
        plan_id = demo.plan(s, "amina").id
    with Session(eng) as s, statements(eng) as seen:
        plan, access = access_for(s, viewer, plan_id, today)
        grown = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today),
                           viewer, today)
    versions_read = [x for x in seen if "FROM measure_version" in x]
    # only the pair (version before, new version) of the one tiltak that grew
    assert len(versions_read) == 1, versions_read
    assert "(measure_version.measure_id, measure_version.version) IN" in versions_read[0]
    _, cold = _plan_page(demo, "amina", "amina", today)

    def history(p):
        return next(c for g in p.by_status for c in g.cards if c.id == card.id).history

    assert history(grown) == history(cold)
    assert len(history(grown)) == len(history(warm)) + 1 == len(card.history) + 3
    assert grown == cold
