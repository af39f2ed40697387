"""The demo data keeps the invariants the app relies on."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from ip_app.kernel import clock
from ip_app.demo.seed import load_demo
from ip_app.kernel import models as M
from ip_app.kernel.roles import STAFF_ROLES, Role
from ip_app.kernel.scopes import ConsentStatus, Scope, parse_scopes
from ip_app.measures.rules import Status
from ip_app.plan.progress import evaluation_overdue
from ip_app.plan.rules import parse_serves


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    eng = sa.create_engine(url)

    @sa.event.listens_for(eng, "connect")
    def _fk(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    SQLModel.metadata.create_all(eng)
    with Session(eng) as s:
        assert load_demo(s, password="demo") is True
        s.commit()
    yield eng
    eng.dispose()


@pytest.fixture()
def s(engine):
    with Session(engine) as session:
        yield session


MAIN = {"amina", "emil", "sara"}  # the three full cases; Noah (14) is a small plan beside them


def _main_plans(s: Session) -> list:
    users = {a.id: a.username for a in _all(s, M.Account)}
    return [p for p in _all(s, M.Plan) if users[p.person_id] in MAIN]


def _all(s: Session, model):
    return list(s.exec(select(model)))


def _row_counts(s: Session) -> dict[str, int]:
    return {t.name: s.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables}


def test_accounts(s):
    accounts = {a.username: a for a in _all(s, M.Account)}
    assert set(accounts) == {
        "veileder", "koordinator", "behandler", "jobbspesialist", "laerer", "fastlege",
        "veileder2", "amina", "emil", "sara", "parorende", "noah", "foresatt", "admin",
        "navadmin",
    }
    assert accounts["admin"].staff_roles == "administrator"
    assert accounts["veileder2"].staff_roles == "veileder"
    assert all(a.is_demo for a in accounts.values())
    assert len({a.password_hash for a in accounts.values()}) == 1  # hashed once
    assert accounts["parorende"].kind == "relative"
    assert accounts["foresatt"].kind == "relative"
    for a in accounts.values():
        if a.kind == "staff":
            assert a.title and a.organisation_id and a.phone and a.email
        if a.kind == "person":
            assert a.birth_date is not None


def test_three_persons_each_with_one_plan(s):
    persons = [a for a in _all(s, M.Account) if a.kind == "person" and a.username in MAIN]
    assert len(persons) == 3
    plans = _main_plans(s)
    assert sorted(p.person_id for p in plans) == sorted(a.id for a in persons)
    for p in plans:
        person_rows = [x for x in _all(s, M.Participant)
                       if x.plan_id == p.id and x.role == Role.PERSON]
        assert [x.account_id for x in person_rows] == [p.person_id]
        assert p.period_start < p.period_end
        kinds = {i.kind for i in _all(s, M.PlanItem) if i.plan_id == p.id}
        assert kinds == {"resource", "service_need", "partner"}
        goals = [g for g in _all(s, M.Goal) if g.plan_id == p.id]
        assert sum(g.parent_id is None for g in goals) == 1 and len(goals) >= 3
        assert all(x.contribution for x in _all(s, M.Participant) if x.plan_id == p.id)
    today = clock.today()
    assert sum(evaluation_overdue(p.next_evaluation, today) for p in plans) == 1


def test_plan_bases(s):
    by_user = {a.id: a.username for a in _all(s, M.Account)}
    bases: dict[str, set[str]] = {}
    for p in _all(s, M.Plan):
        bases[by_user[p.person_id]] = {b.basis for b in _all(s, M.PlanBasis) if b.plan_id == p.id}
    assert bases == {
        "amina": {"integreringsplan", "aktivitetsplan", "individuell_plan"},
        "emil": {"aktivitetsplan", "individuell_plan"},
        "sara": {"kvalifiseringsprogram", "individuell_plan", "aktivitetsplan"},
        "noah": {"individuell_plan"},
    }


def test_measures_per_plan(s):
    participants = {x.id: x for x in _all(s, M.Participant)}
    measures = _all(s, M.Measure)
    for p in _main_plans(s):
        ms = [m for m in measures if m.plan_id == p.id]
        assert 6 <= len(ms) <= 12
        assert {m.status for m in ms} == {str(x) for x in Status}
        assert any(m.agreed for m in ms)
        assert any(len(parse_serves(m.serves)) > 1 for m in ms)  # samordnet
        owners = {participants[m.responsible_participant_id].role for m in ms}
        assert Role.PERSON in owners and len(owners) >= 2
        for m in ms:
            assert participants[m.responsible_participant_id].plan_id == p.id
            assert parse_serves(m.serves)
    assert any(m.restricted_to_org_id is not None for m in measures)


def test_every_measure_has_consistent_versions(s):
    versions = _all(s, M.MeasureVersion)
    multi = 0
    for m in _all(s, M.Measure):
        vs = sorted((v for v in versions if v.measure_id == m.id), key=lambda v: v.version)
        assert vs, f"measure {m.id} has no version"
        assert [v.version for v in vs] == list(range(1, len(vs) + 1))
        assert vs[-1].version == m.version
        assert vs[-1].snapshot["status"] == m.status
        assert vs[-1].snapshot["agreed"] == m.agreed
        assert [v.changed_at for v in vs] == sorted(v.changed_at for v in vs)
        assert vs[0].changed_at == m.created_at and vs[-1].changed_at == m.updated_at
        if m.agreed and m.status in (Status.FULLFORT, Status.AVBRUTT):
            assert vs[-1].reason  # stopping an agreed tiltak needs a reason
        multi += len(vs) >= 2
    assert multi >= 10


def test_consents(s):
    consents = _all(s, M.Consent)
    events = _all(s, M.ConsentEvent)
    accounts = {a.id: a for a in _all(s, M.Account)}
    today = clock.today()
    main = {p.id for p in _main_plans(s)}
    for x in _all(s, M.Participant):
        if x.plan_id not in main:
            continue
        mine = [c for c in consents if c.participant_id == x.id]
        if Role(x.role) in STAFF_ROLES:
            assert len(mine) == 1 and mine[0].status == ConsentStatus.GRANTED
            c = mine[0]
            assert c.plan_id == x.plan_id and c.valid_until > today and c.decided_at
            scopes = parse_scopes(c.scopes)
            assert Scope.GOALS in scopes and Scope.DIALOG in scopes
            assert (Scope.ALL_MEASURES in scopes) == (x.role != Role.TJENESTEYTER)
            is_behandler = accounts[x.account_id].username == "behandler"
            assert (Scope.CONFIDENTIAL in scopes) == is_behandler
            assert {e.action for e in events if e.consent_id == c.id} == {"requested", "granted"}
        elif x.role == Role.PARORENDE:
            assert [c.status for c in mine] == [ConsentStatus.REQUESTED]
        else:
            assert x.role == Role.PERSON and not mine


def test_coordinator_is_participant_of_same_plan(s):
    participants = {x.id: x for x in _all(s, M.Participant)}
    for p in _all(s, M.Plan):
        c = participants[p.coordinator_participant_id]
        assert c.plan_id == p.id and Role(c.role) in STAFF_ROLES


def test_veileder_on_all_plans_and_veileder2_on_none(s):
    accounts = {a.username: a for a in _all(s, M.Account)}
    parts = _all(s, M.Participant)
    plans = _all(s, M.Plan)
    kari = [x for x in parts if x.account_id == accounts["veileder"].id]
    assert len(kari) == len(_main_plans(s)) == 3 and all(x.role == Role.VEILEDER for x in kari)
    assert not [x for x in parts if x.account_id == accounts["veileder2"].id]


def test_dialog(s):
    threads = _all(s, M.Thread)
    members = _all(s, M.ThreadMember)
    messages = _all(s, M.Message)
    plans = _main_plans(s)
    per_plan = Counter(t.plan_id for t in threads)
    assert all(1 <= per_plan[p.id] <= 3 for p in plans)
    assert any(t.measure_id for t in threads)
    assert len({(m.sender_id, m.client_id) for m in messages}) == len(messages)
    person_of_plan = {p.id: p.person_id for p in plans}
    unread_to_person = 0
    for t in threads:
        msgs = sorted((m for m in messages if m.thread_id == t.id), key=lambda m: m.sent_at)
        assert msgs and t.last_message_at == msgs[-1].sent_at
        mem = {m.account_id: m for m in members if m.thread_id == t.id}
        assert person_of_plan[t.plan_id] in mem
        assert {m.sender_id for m in msgs} <= set(mem)
        person = mem[person_of_plan[t.plan_id]]
        unread_to_person += sum(
            1 for m in msgs if m.sender_id != person.account_id
            and (person.last_read_at is None or m.sent_at > person.last_read_at))
    assert unread_to_person == 1


def test_every_datetime_is_timezone_aware(s):
    checked = 0
    for table in SQLModel.metadata.sorted_tables:
        for row in s.execute(sa.select(table)).mappings():
            for value in row.values():
                if isinstance(value, datetime):
                    assert value.tzinfo is not None, (table.name, row)
                    checked += 1
    assert checked > 100


def test_second_load_adds_nothing(s):
    before = _row_counts(s)
    assert load_demo(s) is False
    s.flush()
    assert _row_counts(s) == before


def test_the_child_under_16_has_a_guardian_who_decides(s, demo, today):
    from ip_app.consent.data import may_decide_for
    plan = demo.plan(s, "noah")
    assert not may_decide_for(s, plan, demo.account(s, "noah").id, today)
    assert may_decide_for(s, plan, demo.account(s, "foresatt").id, today)
    assert not may_decide_for(s, demo.plan(s, "amina"), demo.account(s, "parorende").id, today)
