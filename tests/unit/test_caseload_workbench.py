"""The caseload as a workbench: plan types, offices, last change, "Skriv til", the
follow-up list from the data, and a constant number of statements for 5 or 50 people."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlmodel import Session, select
from test_data_queries import statements

from ip_app.caseload.data import filter_cases, office_options, workbench_for
from ip_app.caseload.rules import OSLO, rest_of_week
from ip_app.kernel import db
from ip_app.kernel.models import Account, Consent, Meeting, Participant, Plan, PlanBasis


def _add_people(demo, n: int, today, *, offset: int = 0) -> None:
    """`n` more people the veileder follows, each with a plan, a consent ending in 20
    days and a meeting tomorrow."""
    with db.session() as s:
        veileder = demo.account(s, "veileder")
        for i in range(offset, offset + n):
            person = Account(username=f"wb{i}", display_name=f"Person {i:03d}", kind="person",
                             password_hash="x")
            s.add(person)
            s.flush()
            plan = Plan(person_id=person.id, next_evaluation=today + timedelta(days=i % 40 - 10))
            s.add(plan)
            s.flush()
            s.add(PlanBasis(plan_id=plan.id, basis="aktivitetsplan"))
            s.add(Participant(plan_id=plan.id, account_id=person.id, role="person"))
            part = Participant(plan_id=plan.id, account_id=veileder.id, role="veileder",
                               organisation_id=veileder.organisation_id)
            s.add(part)
            s.flush()
            s.add(Consent(plan_id=plan.id, participant_id=part.id, status="granted",
                          scopes="goals,all_measures,dialog",
                          valid_until=today + timedelta(days=20)))
            start = datetime.combine(rest_of_week(today)[1], time(10), tzinfo=OSLO)
            s.add(Meeting(plan_id=plan.id, starts_at=start.astimezone(timezone.utc),
                          ends_at=(start + timedelta(hours=1)).astimezone(timezone.utc),
                          place_kind="place", topic="Oppfølging", invited=[part.id],
                          status="planned", created_by_id=veileder.id))


def _workbench(demo, username: str, today):
    eng = db.engine()
    with Session(eng) as s:
        viewer = demo.viewer(s, username)
    with Session(eng) as s, statements(eng) as seen:
        cases, followups = workbench_for(s, viewer, today, "nb")
    return list(seen), cases, followups


def test_statements_are_the_same_for_5_and_50_people(fresh_db, demo, today):
    _add_people(demo, 2, today)  # 3 demo people + 2 = 5
    five, cases5, follow5 = _workbench(demo, "veileder", today)
    assert len(cases5) == 5
    _add_people(demo, 45, today, offset=2)
    fifty, cases50, follow50 = _workbench(demo, "veileder", today)
    assert len(cases50) == 50 and len(follow50) > len(follow5)
    assert len(fifty) == len(five), "\n".join(fifty)


def test_rows_carry_types_offices_and_where_to_write(demo_db, demo, today):
    _, cases, _ = _workbench(demo, "veileder", today)
    amina = next(c for c in cases if c.name.startswith("Amina"))
    assert "integreringsplan" in amina.types and "Integreringsplan" in amina.types_label
    assert amina.dialog_href == f"/plan/{amina.plan_id}/dialog"
    assert amina.changed_at and amina.changed.startswith("Sist endret")
    assert amina.offices and office_options(cases)
    with Session(db.engine()) as s:
        veileder = demo.viewer(s, "veileder")
        own_office = s.exec(select(sa.func.count()).select_from(Participant).where(
            Participant.plan_id == amina.plan_id, Participant.left_at == None,  # noqa: E711
            Participant.organisation_id == veileder.org_id,
            Participant.role.in_(["veileder", "koordinator"]))).one()
    assert amina.my_office is bool(own_office)


def test_filters_narrow_by_type_office_and_whose(demo_db, demo, today):
    _, cases, _ = _workbench(demo, "veileder", today)
    ip = filter_cases(cases, "", "all", plan_type="integreringsplan")
    assert ip and all("integreringsplan" in c.types for c in ip)
    assert len(ip) < len(cases) or all("integreringsplan" in c.types for c in cases)
    office = office_options(cases)[0]
    assert all(office in c.offices for c in filter_cases(cases, "", "all", office=office))
    assert all(c.mine for c in filter_cases(cases, "", "all", scope="mine"))
    assert filter_cases(cases, "", "all", plan_type="not-a-type") == []


def test_follow_up_rows_come_from_what_the_viewer_may_see(fresh_db, demo, today):
    _add_people(demo, 1, today)
    _, cases, followups = _workbench(demo, "veileder", today)
    mine = [f for f in followups if f.name == "Person 000"]
    texts = " | ".join(f.text for f in mine)
    assert "Samtykket ditt går ut" in texts and "Møte denne uken" in texts
    # the meeting's topic is never in the list (the list says when, the plan says what)
    assert "Oppfølging" not in texts
    assert {f.plan_id for f in followups} <= {c.plan_id for c in cases if c.has_access}
    _, _, nothing = _workbench(demo, "veileder2", today)
    assert nothing == []
