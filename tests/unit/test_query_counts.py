"""SQL statements per EVENT do not grow with the number of tiltak (no N+1).

`test_data_queries.py` already counts the statements of one plan page load
(`access_for` + `load_plan` + `build_page`) and of a caseload; this module adds the
write events, following the same data-layer and plan_view calls as
`PlanState.change_status` / `PlanState.add_activity` and the page recompute every
linked tab then does (`PlanState.page`):

    session lookup -> access_for (-> the one tiltak) -> rule check -> write + version +
    audit, then (the live recompute) access_for -> load_plan -> build_page.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session
from test_data_queries import EXTRA, _add_tiltak, statements  # same helpers, same sizes

from ip_app.kernel import audit, db
from ip_app.kernel.accounts import start_session
from ip_app.kernel.forms import validate
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.session import viewer_for_token
from ip_app.measures import data as measure_data
from ip_app.measures.input import NewActivity
from ip_app.measures.rules import Status, check_status_change, initial_status
from ip_app.plan.data import load_page, load_plan, measure_facts, visible_measure
from ip_app.plan.view import build_page


def _token(username: str, demo) -> str:
    with db.session() as s:
        return start_session(s, demo.account(s, username).id)


def _recompute(viewer, plan_id: int, today: date) -> None:
    """What `PlanState.page` does in every open tab after a change."""
    with db.session() as s:
        plan, access = access_for(s, viewer, plan_id, today)
        build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today), viewer, today)


def _change_status_event(token: str, plan_id: int, today: date) -> tuple[list[str], int]:
    eng = db.engine()
    with statements(eng) as seen:
        viewer = viewer_for_token(token)
        with db.session() as s:
            plan, access = access_for(s, viewer, plan_id, today)
            data = load_plan(s, plan, access, viewer)
            actor = access.actor(viewer)
            page = build_page(load_page(s, data, viewer, today),
                              viewer, today)  # outside the count below: picks a card
        n_pick = len(seen)
        card = next(c for g in page.by_status for c in g.cards
                    if c.can_change and c.status in ("planlagt", "gjennomfores"))
        new = Status.PLANLAGT if card.status == "gjennomfores" else Status.GJENNOMFORES
        del seen[:n_pick]
        with db.session() as s:
            plan, access = access_for(s, viewer, plan_id, today)
            m, responsible = visible_measure(s, plan, access, viewer, card.id)
            reason = check_status_change(actor, measure_facts(m, responsible, plan.person_id),
                                         new, "")
            measure_data.change_status(s, measure_id=m.id, based_on_version=m.version,
                                       actor=actor, new=new, reason=reason)
            audit.record(s, actor_id=viewer.account_id, actor_role=str(actor.role),
                         action="change_status", plan_id=plan_id, target=f"measure:{m.id}")
        _recompute(viewer, plan_id, today)
    return list(seen), card.id


def _add_activity_event(token: str, plan_id: int, today: date, title: str) -> list[str]:
    eng = db.engine()
    with statements(eng) as seen:
        viewer = viewer_for_token(token)
        with db.session() as s:
            plan, access = access_for(s, viewer, plan_id, today)
            form = validate(NewActivity, {"title": title, "description": "", "start_date": "",
                                          "end_date": ""})
            actor = access.actor(viewer)
            m = measure_data.create_measure(
                s, plan_id=plan_id, actor=actor, title=form.title, description="",
                start_date=None, end_date=None, status=str(initial_status(actor)),
                responsible_participant_id=access.participant_id)
            audit.record(s, actor_id=viewer.account_id, actor_role=str(actor.role),
                         action="add_measure", plan_id=plan_id, target=f"measure:{m.id}")
        _recompute(viewer, plan_id, today)
    return list(seen)


@pytest.mark.parametrize("viewer_name, person", [("veileder", "amina"), ("koordinator", "sara")])
def test_status_change_event_statement_count_does_not_grow_with_the_plan(
        fresh_db, demo, today, viewer_name, person):
    token = _token(viewer_name, demo)
    with Session(db.engine()) as s:
        plan_id = demo.plan(s, person).id
    _change_status_event(token, plan_id, today)  # warm up
    before, _ = _change_status_event(token, plan_id, today)
    assert len(before) <= 30, "\n".join(before)
    writes = [x for x in before if not x.lstrip().upper().startswith("SELECT")]
    assert len(writes) <= 4, writes  # UPDATE measure, INSERT version, INSERT audit (+ savepoint)

    _add_tiltak(demo, person, EXTRA)
    after, _ = _change_status_event(token, plan_id, today)
    assert len(after) == len(before), "\n".join(after)


def test_add_activity_event_statement_count_does_not_grow_with_the_plan(fresh_db, demo, today):
    token = _token("amina", demo)
    with Session(db.engine()) as s:
        plan_id = demo.plan(s, "amina").id
    _add_activity_event(token, plan_id, today, "Oppvarming")
    before = _add_activity_event(token, plan_id, today, "Svømmekurs")
    assert len(before) <= 30, "\n".join(before)

    _add_tiltak(demo, "amina", EXTRA)
    after = _add_activity_event(token, plan_id, today, "Bibliotekkurs")
    assert len(after) == len(before), "\n".join(after)
