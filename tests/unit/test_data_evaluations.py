"""Evaluations and right-to-IP decisions in the data layer, on the demo database."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.caseload.data import caseload_for
from ip_app.evaluation.data import StalePlan, evaluations_of, load_page, record_evaluation
from ip_app.evaluation.rules import may_record_evaluation
from ip_app.evaluation.view import build_evaluation_page
from ip_app.ip_decision.data import decisions_for, has_ip_basis, record_decision
from ip_app.ip_decision.rules import IpOutcome
from ip_app.kernel.actor import RuleError
from ip_app.kernel.models import Evaluation, IpDecision, Plan, PlanBasis
from ip_app.kernel.plan_access import access_for
from ip_app.plan.data import load_page as load_plan_page, load_plan
from ip_app.plan.view import build_page


def _count(s: Session, model, *where) -> int:
    return s.exec(select(sa.func.count()).select_from(model).where(*where)).one()


def _record(s, demo, today, person="amina", by="koordinator", **over):
    plan = demo.plan(s, person)
    fields = dict(plan_id=plan.id, based_on_version=plan.version,
                  actor_id=demo.account(s, by).id, held_on=today, went_well="Godt i gang",
                  changes="Mer praksis", attendees="Amina, Ola", next_date=today + timedelta(90))
    fields.update(over)
    return record_evaluation(s, **fields)


# =========================================================================== evaluations
def test_demo_evaluations_newest_first(s, demo):
    rows = evaluations_of(s, demo.plan(s, "amina").id)
    assert [name for _, name in rows] == ["Ola Hansen"]
    assert rows[0][0].attendees.startswith("Amina Yusuf")


def test_record_sets_next_date_and_bumps_the_plan_version(s, demo, today):
    plan = demo.plan(s, "amina")
    v, start, end = plan.version, plan.period_start, plan.period_end
    ev = _record(s, demo, today)
    plan = s.get(Plan, plan.id, populate_existing=True)
    assert plan.next_evaluation == today + timedelta(90)
    assert plan.version == v + 1
    assert (plan.period_start, plan.period_end) == (start, end)  # blank keeps the period
    rows = evaluations_of(s, plan.id)
    assert rows[0][0].id == ev.id and len(rows) == 2  # newest first, old one kept
    assert ev.created_by_id == demo.account(s, "koordinator").id


def test_record_may_change_the_period(s, demo, today):
    plan = demo.plan(s, "amina")
    old_start = plan.period_start
    _record(s, demo, today, period_end=today + timedelta(700))
    plan = s.get(Plan, plan.id, populate_existing=True)
    assert plan.period_start == old_start and plan.period_end == today + timedelta(700)


def test_period_ending_before_start_writes_nothing(s, demo, today):
    plan = demo.plan(s, "amina")
    before = (_count(s, Evaluation), plan.version, plan.next_evaluation)
    with pytest.raises(RuleError):
        _record(s, demo, today, period_end=plan.period_start - timedelta(1))
    plan = s.get(Plan, plan.id, populate_existing=True)
    assert (_count(s, Evaluation), plan.version, plan.next_evaluation) == before


def test_stale_plan_version_is_refused_and_writes_nothing(s, demo, today):
    plan = demo.plan(s, "amina")
    seen_version = plan.version  # both forms were opened at this version
    _record(s, demo, today)  # someone else saved first
    after_first = (_count(s, Evaluation), s.get(Plan, plan.id).next_evaluation)
    with pytest.raises(StalePlan) as exc:
        _record(s, demo, today, based_on_version=seen_version, next_date=today + timedelta(30))
    assert exc.value.current.version == seen_version + 1
    assert (_count(s, Evaluation), s.get(Plan, plan.id).next_evaluation) == after_first


# =========================================================================== what pages show
def _page(s, demo, today, person, username):
    viewer = demo.viewer(s, username)
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    return build_evaluation_page(load_page(s, plan, with_attendees=may_record_evaluation(access)),
                                 plan, access, viewer, today)


def test_koordinator_gets_the_form_with_defaults(s, demo, today):
    page = _page(s, demo, today, "amina", "koordinator")
    plan = demo.plan(s, "amina")
    assert page.mode == "staff" and page.can_record
    assert page.held_default == today.isoformat()
    assert page.period_start_default == plan.period_start.isoformat()
    assert "Amina Yusuf" in page.attendees_default and "Ola Hansen" in page.attendees_default
    assert page.person_name == "Amina Yusuf" and page.plan_href == f"/plan/{plan.id}"
    assert len(page.evaluations) == 1 and not page.overdue


def test_person_reads_but_gets_no_form(s, demo, today):
    page = _page(s, demo, today, "emil", "emil")
    assert page.mode == "person" and not page.can_record
    assert page.overdue  # Emil's evaluation is overdue in the demo
    assert page.held_default == "" and page.attendees_default == ""
    assert page.evaluations and page.plan_href == "/"


def test_tjenesteyter_reads_but_gets_no_form(s, demo, today):
    page = _page(s, demo, today, "emil", "jobbspesialist")
    assert page.mode == "staff" and not page.can_record and page.evaluations


def test_plan_page_links_to_the_evaluations(s, demo, today):
    viewer = demo.viewer(s, "amina")
    plan, access = access_for(s, viewer, demo.plan(s, "amina").id, today)
    page = build_page(load_plan_page(s, load_plan(s, plan, access, viewer), viewer, today),
                      viewer, today)
    assert page.evaluations_href == f"/plan/{plan.id}/evaluering"


# =========================================================================== caseload
def test_caseload_offers_the_ip_check_and_highlights_overdue(s, demo, today):
    rows = {r.name: r for r in caseload_for(s, demo.viewer(s, "veileder"), today, "nb")}
    assert rows["Emil Strand"].overdue and not rows["Amina Yusuf"].overdue
    for name in ("Amina Yusuf", "Emil Strand", "Sara Nilsen"):
        person = demo.account(s, name.split()[0].lower())
        assert rows[name].ip_check_href == f"/ip-rett/{person.id}"


def test_caseload_of_a_tjenesteyter_has_no_ip_check(s, demo, today):
    rows = caseload_for(s, demo.viewer(s, "jobbspesialist"), today, "nb")
    assert rows and all(r.ip_check_href == "" for r in rows)


# =========================================================================== IP decisions
def test_join_existing_adds_no_basis_and_no_plan(s, demo):
    plan = demo.plan(s, "sara")
    sara = demo.account(s, "sara")
    assert has_ip_basis(s, plan.id)
    bases, plans = _count(s, PlanBasis), _count(s, Plan)
    d, added = record_decision(
        s, person_id=sara.id, plan_id=plan.id, actor_id=demo.account(s, "veileder").id,
        has_ip=False, long_term=True, several_providers=True, reasons="Har IP fra før.")
    # question 1 follows the data: the plan has an IP, so the answer "no" does not count
    assert d.has_ip_already is True and d.outcome == IpOutcome.JOIN_EXISTING
    assert not added and (_count(s, PlanBasis), _count(s, Plan)) == (bases, plans)
    assert decisions_for(s, sara.id)[0][0].id == d.id


def test_right_adds_the_ip_basis_to_the_one_existing_plan(s, demo):
    plan = demo.plan(s, "sara")
    sara = demo.account(s, "sara")
    s.execute(sa.delete(PlanBasis).where(PlanBasis.plan_id == plan.id,
                                         PlanBasis.basis == "individuell_plan"))  # test set-up
    assert not has_ip_basis(s, plan.id)
    plans = _count(s, Plan)
    d, added = record_decision(
        s, person_id=sara.id, plan_id=plan.id, actor_id=demo.account(s, "veileder").id,
        has_ip=False, long_term=True, several_providers=True, reasons="NAV og fastlege.")
    assert d.outcome == IpOutcome.RIGHT and added
    assert has_ip_basis(s, plan.id) and _count(s, Plan) == plans
    assert _count(s, Plan, Plan.person_id == sara.id) == 1


@pytest.mark.parametrize("long_term,several,outcome", [
    (False, True, IpOutcome.NO_RIGHT_SHORT_TERM),
    (True, False, IpOutcome.NO_RIGHT_SINGLE_PROVIDER),
])
def test_no_right_changes_no_plan(s, demo, long_term, several, outcome):
    plan = demo.plan(s, "sara")
    s.execute(sa.delete(PlanBasis).where(PlanBasis.plan_id == plan.id,
                                         PlanBasis.basis == "individuell_plan"))
    bases = _count(s, PlanBasis)
    d, added = record_decision(
        s, person_id=plan.person_id, plan_id=plan.id, actor_id=demo.account(s, "veileder").id,
        has_ip=False, long_term=long_term, several_providers=several, reasons="Vurdert.")
    assert d.outcome == outcome and not added and _count(s, PlanBasis) == bases


def test_decisions_newest_first_and_kept(s, demo):
    plan = demo.plan(s, "emil")
    actor = demo.account(s, "veileder").id
    first, _ = record_decision(s, person_id=plan.person_id, plan_id=plan.id, actor_id=actor,
                               has_ip=True, long_term=True, several_providers=True, reasons="1")
    second, _ = record_decision(s, person_id=plan.person_id, plan_id=plan.id, actor_id=actor,
                                has_ip=True, long_term=True, several_providers=False, reasons="2")
    rows = decisions_for(s, plan.person_id)
    assert [d.id for d, _ in rows] == [second.id, first.id]
    assert rows[0][1] == "Kari Nordmann"
    assert _count(s, IpDecision, IpDecision.person_id == plan.person_id) == 2
