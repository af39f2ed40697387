"""One OPEN plan per person (issue 19): a new plan starts beside a closed one, the person's
plan is the open one, a second open plan is refused by the database itself, and the closed
plan cannot be reopened beside the new one. On SQLite and PostgreSQL (`any_db`)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from ip_app.kernel import clock
from ip_app.closing import data as closing_data
from ip_app.kernel import db
from ip_app.kernel.models import Account, Plan, utcnow
from ip_app.kernel.plan_access import open_plan_of_person, plan_of_person
from ip_app.kernel.roles import Role
from ip_app.people import data as people
from ip_app.people.fnr import parse_fnr
from ip_app.plan_start.data import PlanExists, existing_plan, start_plan
from ip_app.plan_start.rules import check_plan_start
from tests.unit.test_fnr import _valid


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("IP_FNR_KEY", "test key")


def _start_form(today: date):
    return check_plan_start({
        "basis_individuell_plan": "on", "period_start": today.isoformat(),
        "period_end": (today + timedelta(days=365)).isoformat(),
        "first_evaluation": (today + timedelta(days=90)).isoformat(),
        "goal": "", "consent": "on"}, today)


def _koordinator(s) -> Account:
    return s.exec(select(Account).where(Account.username == "koordinator")).one()


def _new_plan(s, person: Account) -> Plan:
    today = clock.today()
    return start_plan(s, person=person, starter=_koordinator(s), role=Role.KOORDINATOR,
                      start=_start_form(today), today=today)


def test_a_new_plan_starts_beside_a_closed_one_and_is_the_persons_plan(any_db, demo):
    with db.session() as s:
        person = people.create_person(s, fnr=parse_fnr(_valid("050585")),
                                      name=f"Nora {uuid.uuid4().hex[:6]}")
        first = _new_plan(s, person)
        person_id, first_id = person.id, first.id
        closing_data.close_plan(s, plan_id=first_id,
                                actor=demo.actor(s, "amina", "koordinator"),
                                reason="moved", text="", evaluation="Flyttet til Ålesund.")
    with db.session() as s:
        assert existing_plan(s, person_id) is None  # a closed plan does not stop a start
        assert plan_of_person(s, person_id).id == first_id  # but is still read
        person = s.get(Account, person_id)
        second_id = _new_plan(s, person).id
    with db.session() as s:
        assert second_id != first_id
        assert plan_of_person(s, person_id).id == second_id
        assert open_plan_of_person(s, person_id).id == second_id
        assert existing_plan(s, person_id).id == second_id
        assert [p.id for p, _ in closing_data.closed_plans_of(s, person_id)] == [first_id]
        hits = people.search(s, name=s.get(Account, person_id).display_name)
        assert [(h.account_id, h.plan_id) for h in hits] == [(person_id, second_id)]
        # starting a third while the second is open: the open one is offered to join
        with pytest.raises(PlanExists) as e:
            _new_plan(s, s.get(Account, person_id))
        assert e.value.plan_id == second_id
        s.rollback()
    with db.session() as s:
        assert len(s.exec(select(Plan).where(Plan.person_id == person_id)).all()) == 2


def test_the_database_refuses_a_second_open_plan_and_the_old_one_stays_closed(any_db, demo):
    with db.session() as s:
        amina = demo.account(s, "amina")
        old = demo.plan(s, "amina")
        closing_data.close_plan(s, plan_id=old.id, actor=demo.actor(s, "amina", "koordinator"),
                                reason="goal_reached", text="", evaluation="Målet er nådd.")
        old_id, amina_id = old.id, amina.id
    with db.session() as s:
        new_id = _new_plan(s, s.get(Account, amina_id)).id
    before = _plans(amina_id)
    with pytest.raises(sa.exc.IntegrityError):
        with db.session() as s:  # past the application's check: the unique index holds
            s.add(Plan(person_id=amina_id, created_at=utcnow(), updated_at=utcnow()))
            s.flush()
    with pytest.raises(closing_data.OtherPlanOpen):
        with db.session() as s:
            closing_data.reopen_plan(s, plan_id=old_id,
                                     actor=demo.actor(s, "amina", "koordinator"),
                                     reason="Feil avslutning")
    assert _plans(amina_id) == before
    with db.session() as s:
        assert s.get(Plan, old_id).closed_at is not None
        assert plan_of_person(s, amina_id).id == new_id
        # closing the new one lets the old be reopened (one open plan at a time)
        closing_data.close_plan(s, plan_id=new_id, actor=_actor_in(s, new_id),
                                reason="other", text="Startet ved en feil", evaluation="Feil.")
    with db.session() as s:
        closing_data.reopen_plan(s, plan_id=old_id, actor=demo.actor(s, "amina", "koordinator"),
                                 reason="Feil avslutning")
    with db.session() as s:
        assert plan_of_person(s, amina_id).id == old_id


def _plans(person_id: int) -> list[tuple[int, bool]]:
    with db.session() as s:
        return [(p.id, p.closed_at is None)
                for p in s.exec(select(Plan).where(Plan.person_id == person_id)
                                .order_by(Plan.id))]


def _actor_in(s, plan_id: int):
    from ip_app.kernel.actor import Actor
    from ip_app.kernel.models import Participant

    part = s.exec(select(Participant).where(Participant.plan_id == plan_id,
                                            Participant.role == "koordinator")).one()
    return Actor(account_id=part.account_id, role=Role.KOORDINATOR, participant_id=part.id,
                 org_kind="", org_id=part.organisation_id)


def test_the_right_to_ip_of_a_person_without_a_plan_is_kept_on_the_person(s, demo):
    """A decision without a plan: kept on the person, no plan and no basis made (the IP
    starts on Ny plan)."""
    from ip_app.ip_decision.data import decisions_for, record_decision
    from ip_app.ip_decision.rules import IpOutcome, may_check_without_plan
    from ip_app.kernel.models import PlanBasis

    person = people.create_person(s, fnr=parse_fnr(_valid("121290")), name="Omar Test")
    plans, bases = (s.exec(select(sa.func.count()).select_from(m)).one() for m in (Plan, PlanBasis))
    d, added = record_decision(s, person_id=person.id, plan_id=None,
                               actor_id=demo.account(s, "veileder2").id, has_ip=False,
                               long_term=True, several_providers=True, reasons="Trenger begge.")
    assert d.outcome == IpOutcome.RIGHT and not added
    assert decisions_for(s, person.id)[0][0].id == d.id
    assert (s.exec(select(sa.func.count()).select_from(Plan)).one(),
            s.exec(select(sa.func.count()).select_from(PlanBasis)).one()) == (plans, bases)
    assert may_check_without_plan("staff", True, False)
    assert not may_check_without_plan("staff", False, False)  # a tjenesteyter
    assert not may_check_without_plan("staff", True, True)  # deactivated
    assert not may_check_without_plan("person", True, False)
