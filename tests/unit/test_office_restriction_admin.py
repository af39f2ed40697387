"""Kontorsperre set and lifted by the NAV office's administrator (issue 19): only the
office's open plans, each change with a history row (who, when, why), the policy follows
at once. On SQLite and PostgreSQL (`any_db`)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ip_app.kernel import db
from ip_app.kernel.models import OfficeRestrictionEvent, Plan
from ip_app.kernel.plan_access import access_for
from ip_app.staff import data as staff
from ip_app.staff.rules import may_restrict_office


def test_only_a_nav_office_restricts():
    assert may_restrict_office("nav")
    assert not may_restrict_office("kommune") and not may_restrict_office("")


def test_the_office_sets_and_lifts_a_restriction_with_history(any_db, demo, today):
    with db.session() as s:
        molde = demo.org(s, "NAV Molde")
        ksu = demo.org(s, "NAV Kristiansund")
        amina_plan = demo.plan(s, "amina").id
        admin = demo.account(s, "navadmin")
        names = [p.person_name for p in staff.office_plans(s, molde.id)]
        assert "Amina Yusuf" in names
        assert staff.office_plans(s, ksu.id) == []  # veileder2 takes part in no plan
        assert not staff.is_office_plan(s, ksu.id, amina_plan)
        molde_id, ksu_id, admin_id = molde.id, ksu.id, admin.id
    with pytest.raises(staff.NotOfficePlan):  # not Kristiansund's plan
        with db.session() as s:
            staff.set_restriction(s, plan_id=amina_plan, org_id=ksu_id, by_id=admin_id,
                                  reason="Feil kontor", restrict=True)
    with db.session() as s:
        staff.set_restriction(s, plan_id=amina_plan, org_id=molde_id, by_id=admin_id,
                              reason="Ansatt i NAV", restrict=True)
    with db.session() as s:
        assert s.get(Plan, amina_plan).office_restriction_org_id == molde_id
        # veileder2 (NAV Kristiansund) is shut out even once she would take part
        _, access = access_for(s, demo.viewer(s, "veileder2"), amina_plan, today)
        assert not access.allowed
        row = next(p for p in staff.office_plans(s, molde_id) if p.plan_id == amina_plan)
        assert row.restricted and [(h.event, h.by_name, h.reason) for h in row.history] == [
            ("set", "Hege Berg", "Ansatt i NAV")]
    with pytest.raises(staff.NotOfficePlan):  # already set: nothing written twice
        with db.session() as s:
            staff.set_restriction(s, plan_id=amina_plan, org_id=molde_id, by_id=admin_id,
                                  reason="Igjen", restrict=True)
    with db.session() as s:
        staff.set_restriction(s, plan_id=amina_plan, org_id=molde_id, by_id=admin_id,
                              reason="Ikke lenger nødvendig", restrict=False)
    with db.session() as s:
        assert s.get(Plan, amina_plan).office_restriction_org_id is None
        events = s.exec(select(OfficeRestrictionEvent.event, OfficeRestrictionEvent.reason)
                        .where(OfficeRestrictionEvent.plan_id == amina_plan)
                        .order_by(OfficeRestrictionEvent.id)).all()
        assert [tuple(e) for e in events] == [("set", "Ansatt i NAV"),
                                              ("lifted", "Ikke lenger nødvendig")]
