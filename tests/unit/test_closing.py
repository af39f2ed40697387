"""Closing a plan: who may close and reopen, the form's checks, the reopening period,
one open plan per person, and that a closed plan takes no write through the gate."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import Session, select
from test_gate import Tab, _cookie, _live, _rows  # noqa: F401 - _live: a fixture

from ip_app.kernel import clock
from ip_app.closing import data as closing_data
from ip_app.closing.rules import (
    REOPEN_ACTION, REOPEN_DAYS, CloseReason, check_close, check_reopen, closing_roles,
    has_open_plan, may_close, may_reopen_now, may_write,
)
from ip_app.kernel import db
from ip_app.kernel.actor import Actor
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import t
from ip_app.kernel.models import Measure, Plan, PlanClosure
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.rules import PlanBasis
from ip_app.plan.view import build_page

IP = [PlanBasis.AKTIVITETSPLAN, PlanBasis.INDIVIDUELL_PLAN]
AP = [PlanBasis.AKTIVITETSPLAN]
NOW = datetime(2026, 12, 7, 12, tzinfo=timezone.utc)


def actor(role: Role, participant: int = 3) -> Actor:
    return Actor(account_id=7, role=role, participant_id=participant)


@pytest.mark.parametrize("role, bases, may", [
    (Role.KOORDINATOR, IP, True), (Role.VEILEDER, IP, False),
    (Role.VEILEDER, AP, True), (Role.KOORDINATOR, AP, True),
    (Role.PERSON, IP, False), (Role.PERSON, AP, False),
    (Role.TJENESTEYTER, IP, False), (Role.PARORENDE, AP, False), (Role.VERGE, IP, False),
])
def test_who_closes_a_plan(role, bases, may):
    assert may_close(actor(role), bases) is may


def test_the_participant_the_plan_names_as_coordinator_closes_its_ip():
    assert may_close(actor(Role.TJENESTEYTER, participant=9), IP, coordinator_participant_id=9)
    assert not may_close(actor(Role.PERSON, participant=9), IP, coordinator_participant_id=9)
    assert closing_roles(["individuell_plan"]) == {Role.KOORDINATOR}


def test_a_closed_plan_takes_no_write_but_its_reopening():
    assert may_write(False, "edit_goal") and may_write(False, "close_plan")
    assert not may_write(True, "edit_goal") and not may_write(True, "close_plan")
    assert not may_write(True, "add_ip_item") and may_write(True, REOPEN_ACTION)


@pytest.mark.parametrize("form, errors", [
    (("", "", "Bra"), {"reason": "close.error_reason"}),
    (("nonsense", "", "Bra"), {"reason": "close.error_reason"}),
    (("other", "  ", "Bra"), {"other": "close.error_other"}),
    (("goal_reached", "", "   "), {"evaluation": "close.error_evaluation"}),
    (("moved", "", "x" * 2001), {"evaluation": "close.error_too_long"}),
    (("moved", "", ["a"]), {"evaluation": "error.invalid"}),
])
def test_bad_closing_input_is_refused_at_the_field(form, errors):
    with pytest.raises(FormError) as e:
        check_close(*form)
    assert e.value.errors == errors


def test_a_good_closing_is_cleaned():
    assert check_close("other", " Flytter til Bergen ", " Gikk bra ") == (
        CloseReason.OTHER, "Flytter til Bergen", "Gikk bra")
    assert check_close("goal_reached", "ignored", "Fikk jobb") == (
        CloseReason.GOAL_REACHED, "", "Fikk jobb")


def test_reopening_within_the_period_with_a_reason():
    closed = NOW - timedelta(days=REOPEN_DAYS)
    assert may_reopen_now(closed, NOW) and check_reopen(closed, NOW, " Ny jobb ") == "Ny jobb"
    late = NOW - timedelta(days=REOPEN_DAYS, seconds=1)
    assert not may_reopen_now(late, NOW)
    with pytest.raises(FormError) as e:
        check_reopen(late, NOW, "Ny jobb")
    assert e.value.errors == {"_form": "close.error_too_late"}
    with pytest.raises(FormError) as e:
        check_reopen(closed, NOW, " ")
    assert e.value.errors == {"reason": "close.error_reopen_reason"}
    with pytest.raises(FormError):
        check_reopen(None, NOW, "x")


def test_one_open_plan_per_person_a_closed_one_does_not_count():
    assert not has_open_plan([]) and not has_open_plan([NOW, NOW - timedelta(days=400)])
    assert has_open_plan([NOW, None])


# --- data and the gate --------------------------------------------------------------

def _close(demo, who: str = "koordinator") -> int:
    with db.session() as s:
        plan = demo.plan(s, "amina")
        row = closing_data.close_plan(s, plan_id=plan.id, actor=demo.actor(s, "amina", who),
                                      reason="goal_reached", text="", evaluation="Fikk jobb")
        return row.id


def test_closing_and_reopening_are_kept_and_a_second_close_is_refused(fresh_db, demo):
    _close(demo)
    with db.session() as s:
        plan = demo.plan(s, "amina")
        assert plan.closed_at is not None
        with pytest.raises(closing_data.AlreadyChanged):
            closing_data.close_plan(s, plan_id=plan.id, actor=demo.actor(s, "amina", "koordinator"),
                                    reason="moved", text="", evaluation="x")
    with db.session() as s:
        plan = demo.plan(s, "amina")
        closing_data.reopen_plan(s, plan_id=plan.id, actor=demo.actor(s, "amina", "koordinator"),
                                 reason="Trenger hjelp igjen")
    with Session(db.engine()) as s:
        plan = demo.plan(s, "amina")
        events = closing_data.events_of(s, plan.id)
        assert plan.closed_at is None
        assert [(e.event, e.reason, e.text, e.evaluation) for e in events] == [
            ("closed", "goal_reached", "", "Fikk jobb"),
            ("reopened", "", "Trenger hjelp igjen", "")]
        assert events[0].by_name  # who, for the history


def test_the_closed_plan_reads_as_closed_and_offers_no_change(fresh_db, demo):
    _close(demo)
    with Session(db.engine()) as s:
        for who, reopen in (("amina", False), ("koordinator", True), ("veileder", False)):
            viewer = demo.viewer(s, who)
            plan = demo.plan(s, "amina")
            _, access = access_for(s, viewer, plan.id, clock.today())
            page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, clock.today()),
                              viewer, clock.today())
            assert page.closing.closed and "Målet er nådd" in page.closing.summary
            assert page.closing.evaluation == "Fikk jobb"
            assert page.closing.can_reopen is reopen and not page.closing.can_close
            assert not page.can_edit_goals and not page.ip.can_write
            assert not any(c.can_change or c.can_edit for g in page.by_status for c in g.cards)
            assert (page.closing.pdf_href != "") is (who == "amina")
        assert [p.id for p, _ in closing_data.closed_plans_of(s, demo.account(s, "amina").id)] \
            == [demo.plan(s, "amina").id]


def test_the_gate_refuses_every_write_to_a_closed_plan_and_audits_it(fresh_db, demo):
    _close(demo)
    with Session(db.engine()) as s:
        plan = demo.plan(s, "amina")
        m = s.exec(select(Measure).where(Measure.plan_id == plan.id)).first()
        plan_id, measure_id = plan.id, m.id
    tab = Tab(_cookie(demo, "veileder"), plan_id, [])
    asyncio.run(Tab.save(tab, {"measure_id": str(measure_id)}))
    assert tab.ran == [] and tab.error == t("close.error_closed", "nb")
    assert [(r.allowed, r.detail) for r in _rows("gate_test_write")] == [(False, "plan_closed")]
    with db.session() as s:  # reopened: the same write goes through
        closing_data.reopen_plan(s, plan_id=plan_id, actor=demo.actor(s, "amina", "koordinator"),
                                 reason="Igjen")
    tab = Tab(_cookie(demo, "veileder"), plan_id, [])
    asyncio.run(Tab.save(tab, {"measure_id": str(measure_id)}))
    assert len(tab.ran) == 1 and tab.error == ""


def test_the_final_pdf_is_kept_for_the_person(fresh_db, demo):
    from ip_app.closing.state import keep_final_pdf
    closure = _close(demo)
    with Session(db.engine()) as s:
        plan_id = demo.plan(s, "amina").id
    keep_final_pdf(plan_id, closure)
    with Session(db.engine()) as s:
        pdf = closing_data.final_pdf(s, plan_id)
        assert pdf is not None and pdf.startswith(b"%PDF")
        assert s.get(PlanClosure, closure).plan_id == plan_id and s.get(Plan, plan_id).closed_at
