"""Issue 17, finding 9: kontorsperre — a plan restricted to one NAV office.

Only NAV staff of the named office may see the plan among NAV staff; a NAV veileder of
another office is refused even as a participant with consent, and the person is not
listed in that veileder's caseload or /samordning. The person, the office's own staff
and the other services (judged by their consent) keep their access.
"""

from __future__ import annotations

from datetime import date

import pytest

from ip_app.caseload.data import caseload_for
from ip_app.coordination.data import load_page
from ip_app.coordination.view import ALL, build_coordination
from ip_app.kernel.access import Membership, Viewer, office_allows, plan_access
from ip_app.kernel.models import Consent, Participant
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import OrgKind, Role
from ip_app.kernel.scopes import ConsentFacts, ConsentStatus, Scope

MOLDE, KSU, DPS = 1, 2, 3
TODAY = date(2026, 12, 1)
CONSENT = ConsentFacts(status=ConsentStatus.GRANTED, scopes=frozenset(Scope))


def _build(s, viewer, today, *args, **kwargs):
    return build_coordination(load_page(s, viewer, today), viewer, *args, **kwargs)


def _staff(org_id: int, org_kind: str, account_id: int = 7) -> Viewer:
    return Viewer(account_id=account_id, kind="staff", org_id=org_id, org_kind=org_kind)


def _member(role: Role = Role.VEILEDER) -> Membership:
    return Membership(participant_id=5, role=role, consent=CONSENT)


# --- the rule -------------------------------------------------------------------------

def test_an_unrestricted_plan_is_judged_by_consent_alone():
    for viewer in (_staff(KSU, OrgKind.NAV), _staff(DPS, OrgKind.DPS)):
        assert office_allows(viewer, None)
        assert plan_access(viewer, 1, _member(), TODAY, None).allowed


def test_nav_staff_of_another_office_are_refused_even_as_participants():
    access = plan_access(_staff(KSU, OrgKind.NAV), 1, _member(), TODAY, MOLDE)
    assert not access.allowed and access.reason == "office_restriction"
    assert access.scopes == frozenset()


def test_the_office_itself_and_other_services_keep_what_their_consent_gives():
    same_office = plan_access(_staff(MOLDE, OrgKind.NAV), 1, _member(), TODAY, MOLDE)
    other_service = plan_access(_staff(DPS, OrgKind.DPS), 1, _member(Role.TJENESTEYTER),
                                TODAY, MOLDE)
    assert same_office.allowed and same_office.scopes == plan_access(
        _staff(MOLDE, OrgKind.NAV), 1, _member(), TODAY, None).scopes
    assert other_service.allowed


def test_the_restriction_never_opens_a_plan_without_consent():
    assert not plan_access(_staff(MOLDE, OrgKind.NAV), 1, None, TODAY, MOLDE).allowed


def test_the_person_always_sees_their_own_plan():
    person = Viewer(account_id=1, kind="person")
    assert plan_access(person, 1, None, TODAY, MOLDE).is_owner


# --- in the data: access_for, the caseload and /samordning ------------------------------

@pytest.fixture()
def amina_with_ksu_veileder(s, demo, today):
    """veileder2 (NAV Kristiansund) joins Amina's plan with full consent."""
    plan = demo.plan(s, "amina")
    v2 = demo.account(s, "veileder2")
    part = Participant(plan_id=plan.id, account_id=v2.id, role=Role.VEILEDER.value,
                       organisation_id=v2.organisation_id)
    s.add(part)
    s.flush()
    s.add(Consent(plan_id=plan.id, participant_id=part.id, status=ConsentStatus.GRANTED.value,
                  scopes=",".join(sc.value for sc in Scope)))
    s.flush()
    return plan


def _restrict(s, plan, org_id):
    plan.office_restriction_org_id = org_id
    s.add(plan)
    s.flush()


def _sees(s, demo, username, plan, today) -> bool:
    return access_for(s, demo.viewer(s, username), plan.id, today)[1].allowed


def _coordination_people(s, demo, username, today) -> set[str]:
    page = _build(s, demo.viewer(s, username), today, ALL, ALL, "nb")
    return {r.person for g in page.groups for r in g.rows}


def test_a_restricted_plan_in_the_data(s, demo, today, amina_with_ksu_veileder):
    plan = amina_with_ksu_veileder
    v2 = demo.viewer(s, "veileder2")
    # before: the other office's veileder, now a participant, sees the plan everywhere
    assert _sees(s, demo, "veileder2", plan, today)
    assert "Amina Yusuf" in {c.name for c in caseload_for(s, v2, today, "nb")}
    assert "Amina Yusuf" in _coordination_people(s, demo, "veileder2", today)

    _restrict(s, plan, demo.org(s, "NAV Molde").id)

    _, access = access_for(s, v2, plan.id, today)
    assert not access.allowed and access.reason == "office_restriction"
    assert "Amina Yusuf" not in {c.name for c in caseload_for(s, v2, today, "nb")}
    assert "Amina Yusuf" not in _coordination_people(s, demo, "veileder2", today)
    # the person, NAV Molde's own veileder and the municipality's koordinator keep access
    for username in ("amina", "veileder", "koordinator"):
        assert _sees(s, demo, username, plan, today), username
    assert "Amina Yusuf" in {c.name for c in caseload_for(s, demo.viewer(s, "veileder"),
                                                          today, "nb")}
    assert "Amina Yusuf" in _coordination_people(s, demo, "veileder", today)


def test_the_other_office_is_no_recipient_in_the_dialog(s, demo, today, amina_with_ksu_veileder):
    from ip_app.dialog.data import recipients

    plan = amina_with_ksu_veileder
    amina, v2 = demo.viewer(s, "amina"), demo.account(s, "veileder2")
    assert v2.id in {aid for aid, _, _, _ in recipients(s, plan, amina, today)}
    _restrict(s, plan, demo.org(s, "NAV Molde").id)
    names = {aid for aid, _, _, _ in recipients(s, plan, amina, today)}
    assert v2.id not in names and demo.account(s, "veileder").id in names


def test_no_demo_plan_is_restricted(s):
    from sqlmodel import select

    from ip_app.kernel.models import Plan

    assert all(p.office_restriction_org_id is None for p in s.exec(select(Plan)))
