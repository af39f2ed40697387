"""Reading plans through the access policy (ip_app.plan.data, ip_app.caseload.data)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from ip_app.caseload.data import caseload_for
from ip_app.kernel.access import Viewer
from ip_app.kernel.models import Account, Consent, Goal, Measure, Participant, PlanItem
from ip_app.kernel.plan_access import access_for, membership, plan_of_person
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentStatus, Scope
from ip_app.plan.data import load_plan
from ip_app.plan.rules import PlanBasis


def _load(s, demo, person: str, viewer_name: str, today):
    viewer = demo.viewer(s, viewer_name)
    plan = demo.plan(s, person)
    got_plan, access = access_for(s, viewer, plan.id, today)
    assert got_plan is not None and got_plan.id == plan.id
    return access, load_plan(s, plan, access, viewer)


def _titles(data) -> set[str]:
    return {m.title for m in data.measures}


def _all_measures(s, demo, person: str) -> list[Measure]:
    return list(s.exec(select(Measure).where(Measure.plan_id == demo.plan(s, person).id)))


def _consent_of(s, demo, person: str, username: str) -> Consent:
    part = demo.participant(s, person, username)
    return s.exec(select(Consent).where(Consent.participant_id == part.id)
                  .order_by(Consent.id.desc())).first()


# --- the owner -------------------------------------------------------------------------


def test_person_sees_her_whole_plan(s, demo, today):
    access, data = _load(s, demo, "amina", "amina", today)
    plan = demo.plan(s, "amina")
    assert access.allowed and access.is_owner and access.role == Role.PERSON
    assert access.scopes == frozenset(Scope)
    assert data.person_name == "Amina Yusuf"
    assert data.bases == [PlanBasis.INTEGRERINGSPLAN, PlanBasis.AKTIVITETSPLAN,
                          PlanBasis.INDIVIDUELL_PLAN]
    everything = _all_measures(s, demo, "amina")
    assert len(everything) == 8
    assert sorted(m.id for m in data.measures) == sorted(m.id for m in everything)
    goals = list(s.exec(select(Goal).where(Goal.plan_id == plan.id)))
    assert sorted(g.id for g in data.goals) == sorted(g.id for g in goals) and len(goals) == 4
    assert data.goals[0].parent_id is None  # the main goal first, then the sub-goals
    assert [g.position for g in data.goals[1:]] == [1, 2, 3]
    items = list(s.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)))
    assert sorted(i.id for i in data.items) == sorted(i.id for i in items) and len(items) == 9
    assert {p.account_id for p in data.participants} == {
        a.id for a in s.exec(select(Account).where(Account.username.in_(
            ["amina", "koordinator", "veileder", "laerer", "parorende"])))}
    coordinator = [p for p in data.participants if p.is_coordinator]
    assert [p.name for p in coordinator] == ["Ola Hansen"]


def test_person_sees_tiltak_restricted_to_an_office(s, demo, today):
    _, data = _load(s, demo, "sara", "sara", today)
    assert len(data.measures) == len(_all_measures(s, demo, "sara")) == 10
    assert {"KVP-kurs i jobbsøking og CV", "Praksis i butikk med mentor"} <= _titles(data)


def test_archived_goals_and_items_are_left_out(s, demo, today):
    plan = demo.plan(s, "amina")
    goal = s.exec(select(Goal).where(Goal.plan_id == plan.id, Goal.parent_id != None)).first()  # noqa: E711
    item = s.exec(select(PlanItem).where(PlanItem.plan_id == plan.id)).first()
    goal.archived_at = item.archived_at = s.exec(select(Account)).first().created_at
    s.add(goal)
    s.add(item)
    s.flush()
    _, data = _load(s, demo, "amina", "amina", today)
    assert goal.id not in {g.id for g in data.goals} and len(data.goals) == 3
    assert item.id not in {i.id for i in data.items} and len(data.items) == 8


# --- refused viewers ---------------------------------------------------------------------


def _assert_no_data(data):
    assert not data.access.allowed
    assert data.person_name == ""
    assert data.bases == [] and data.participants == [] and data.goals == []
    assert data.measures == [] and data.items == []


def test_staff_not_on_the_plan_is_refused(s, demo, today):
    access, data = _load(s, demo, "amina", "veileder2", today)
    assert not access.allowed and access.reason == "not_participant"
    assert access.scopes == frozenset()
    _assert_no_data(data)


def test_relative_with_only_a_requested_consent_is_refused(s, demo, today):
    assert _consent_of(s, demo, "amina", "parorende").status == ConsentStatus.REQUESTED
    access, data = _load(s, demo, "amina", "parorende", today)
    assert not access.allowed and access.reason == "no_consent"
    assert access.role == Role.PARORENDE
    _assert_no_data(data)


def test_no_viewer_and_unknown_plan(s, demo, today):
    plan = demo.plan(s, "amina")
    got, access = access_for(s, None, plan.id, today)
    assert got.id == plan.id and not access.allowed and access.reason == "not_logged_in"
    got, access = access_for(s, demo.viewer(s, "amina"), 999_999, today)
    assert got is None and not access.allowed


def test_participant_who_left_is_refused(s, demo, today):
    part = demo.participant(s, "amina", "laerer")
    part.left_at = s.exec(select(Account)).first().created_at
    s.add(part)
    s.flush()
    access, data = _load(s, demo, "amina", "laerer", today)
    assert not access.allowed and access.reason == "not_participant"
    _assert_no_data(data)
    # and the one who left is no longer listed to the others
    _, owner_view = _load(s, demo, "amina", "amina", today)
    assert part.id not in {p.id for p in owner_view.participants}


def test_person_cannot_open_another_persons_plan(s, demo, today):
    access, data = _load(s, demo, "amina", "emil", today)
    assert not access.allowed
    _assert_no_data(data)


# --- partial views -------------------------------------------------------------------------


def test_service_provider_sees_only_the_tiltak_they_are_responsible_for(s, demo, today):
    access, data = _load(s, demo, "amina", "laerer", today)
    laerer = demo.participant(s, "amina", "laerer")
    assert access.allowed and access.role == Role.TJENESTEYTER
    assert Scope.ALL_MEASURES not in access.scopes and Scope.OWN_MEASURES in access.scopes
    responsible = [m for m in _all_measures(s, demo, "amina")
                   if m.responsible_participant_id == laerer.id]
    assert len(responsible) == 2
    assert sorted(m.id for m in data.measures) == sorted(m.id for m in responsible)
    assert _titles(data) == {"Norskopplæring spor 2 mot B1",
                             "Samfunnskunnskap på arabisk (50 timer)"}
    assert len(data.goals) == 4  # the goals scope was given


def test_office_restricted_tiltak_are_hidden_from_other_organisations(s, demo, today):
    nav_molde = demo.org(s, "NAV Molde")
    restricted = {m.title for m in _all_measures(s, demo, "sara")
                  if m.restricted_to_org_id == nav_molde.id}
    assert restricted == {"KVP-kurs i jobbsøking og CV",
                          "Økonomisk rådgivning og søknad om gjeldsordning",
                          "Praksis i butikk med mentor"}

    k_access, koordinator = _load(s, demo, "sara", "koordinator", today)
    assert k_access.allowed and Scope.ALL_MEASURES in k_access.scopes
    assert not (restricted & _titles(koordinator))
    assert len(koordinator.measures) == 10 - 3

    v_access, veileder = _load(s, demo, "sara", "veileder", today)
    assert v_access.allowed
    assert restricted <= _titles(veileder)
    assert len(veileder.measures) == 10


def test_office_restriction_also_applies_to_own_measures_scope(s, demo, today):
    # a tiltak the fastlege is responsible for, but kept to NAV Molde, stays hidden for him
    fastlege = demo.participant(s, "sara", "fastlege")
    _, before = _load(s, demo, "sara", "fastlege", today)
    assert before.measures and all(m.responsible_participant_id == fastlege.id
                                   for m in before.measures)
    m = before.measures[0]
    m.restricted_to_org_id = demo.org(s, "NAV Molde").id
    s.add(m)
    s.flush()
    _, after = _load(s, demo, "sara", "fastlege", today)
    assert m.id not in {x.id for x in after.measures}
    assert len(after.measures) == len(before.measures) - 1


@pytest.mark.parametrize("change", ["withdrawn", "expired", "declined"])
def test_consent_change_removes_access_at_once(s, demo, today, change):
    access, data = _load(s, demo, "amina", "laerer", today)
    assert access.allowed and data.measures

    consent = _consent_of(s, demo, "amina", "laerer")
    if change == "expired":
        consent.valid_until = today - timedelta(days=1)
    else:
        consent.status = change
    s.add(consent)
    s.flush()

    access, data = _load(s, demo, "amina", "laerer", today)
    assert not access.allowed and access.reason == "no_consent"
    _assert_no_data(data)
    [row] = [r for r in caseload_for(s, demo.viewer(s, "laerer"), today, "nb")
             if r.plan_id == demo.plan(s, "amina").id]
    assert row.has_access is False


def test_consent_valid_until_today_still_gives_access(s, demo, today):
    consent = _consent_of(s, demo, "amina", "laerer")
    consent.valid_until = today
    s.add(consent)
    s.flush()
    access, _ = _load(s, demo, "amina", "laerer", today)
    assert access.allowed
    # ... and not the day after
    access, _ = _load(s, demo, "amina", "laerer", today + timedelta(days=1))
    assert not access.allowed


def test_the_latest_consent_row_counts(s, demo, today):
    part = demo.participant(s, "amina", "laerer")
    s.add(Consent(plan_id=part.plan_id, participant_id=part.id, status="withdrawn",
                  scopes="goals,own_measures"))
    s.flush()
    assert not _load(s, demo, "amina", "laerer", today)[0].allowed
    m = membership(s, part.plan_id, part.account_id)
    assert m.consent.status == ConsentStatus.WITHDRAWN


def test_granting_the_relative_consent_gives_a_limited_view(s, demo, today):
    consent = _consent_of(s, demo, "amina", "parorende")
    consent.status = "granted"
    consent.scopes = "goals,dialog,confidential,all_measures"
    consent.valid_until = today + timedelta(days=30)
    s.add(consent)
    s.flush()
    access, data = _load(s, demo, "amina", "parorende", today)
    assert access.allowed
    assert Scope.CONFIDENTIAL not in access.scopes  # never for relatives
    assert len(data.goals) == 4 and len(data.measures) == 8


def test_withdrawing_the_consent_does_not_limit_the_owner(s, demo, today):
    for c in s.exec(select(Consent).where(Consent.plan_id == demo.plan(s, "amina").id)):
        c.status = "withdrawn"
        s.add(c)
    s.flush()
    access, data = _load(s, demo, "amina", "amina", today)
    assert access.allowed and len(data.measures) == 8


# --- protected contact details (kode 6 / kode 7) -------------------------------------


def _contacts(data) -> dict[int, tuple[str, str]]:
    return {p.account_id: (p.phone, p.email) for p in data.participants}


@pytest.mark.parametrize("protection", ["kode6", "kode7"])
def test_protected_participants_contact_details_are_blanked_for_others(s, demo, today,
                                                                       protection):
    amina = demo.account(s, "amina")
    veileder = demo.account(s, "veileder")
    assert amina.phone and veileder.phone and veileder.email
    amina.protection = protection
    s.add(amina)
    s.flush()

    for other in ("veileder", "koordinator", "laerer"):
        _, data = _load(s, demo, "amina", other, today)
        assert _contacts(data)[amina.id] == ("", "")
        assert _contacts(data)[veileder.id] == (veileder.phone, veileder.email)
        [info] = [p for p in data.participants if p.account_id == amina.id]
        assert info.name == "Amina Yusuf"  # the name is not hidden, only the contact

    _, own = _load(s, demo, "amina", "amina", today)
    assert _contacts(own)[amina.id] == (amina.phone, amina.email)


def test_protected_staff_contact_details_are_blanked_for_the_person(s, demo, today):
    laerer = demo.account(s, "laerer")
    laerer.protection = "kode7"
    s.add(laerer)
    s.flush()
    _, person_view = _load(s, demo, "amina", "amina", today)
    assert _contacts(person_view)[laerer.id] == ("", "")
    _, own = _load(s, demo, "amina", "laerer", today)
    assert _contacts(own)[laerer.id] == (laerer.phone, laerer.email)


def test_contact_details_without_protection_are_shown(s, demo, today):
    _, data = _load(s, demo, "amina", "veileder", today)
    amina = demo.account(s, "amina")
    assert _contacts(data)[amina.id] == (amina.phone, amina.email)


# --- caseload ------------------------------------------------------------------------------


def test_caseload_of_the_veileder(s, demo, today):
    rows = caseload_for(s, demo.viewer(s, "veileder"), today, "nb")
    assert [r.name for r in rows] == ["Amina Yusuf", "Emil Strand", "Sara Nilsen"]
    assert all(r.has_access for r in rows)
    assert all(r.role == "NAV-veileder" for r in rows)
    for r in rows:
        assert r.href == f"/plan/{r.plan_id}"
        assert r.next_evaluation  # shown with access
    assert {r.name: r.overdue for r in rows} == {
        "Amina Yusuf": False, "Emil Strand": True, "Sara Nilsen": False}
    persons = {r.name: r.plan_id for r in rows}
    assert persons["Emil Strand"] == plan_of_person(s, demo.account(s, "emil").id).id


def test_caseload_of_staff_on_no_plan_is_empty(s, demo, today):
    assert caseload_for(s, demo.viewer(s, "veileder2"), today, "nb") == []


def test_caseload_row_without_consent_has_no_access(s, demo, today):
    rows = caseload_for(s, demo.viewer(s, "parorende"), today, "nb")
    assert len(rows) == 1
    [row] = rows
    assert row.name == "Amina Yusuf" and row.role == "pårørende"
    assert row.has_access is False
    assert row.next_evaluation == "" and row.overdue is False  # nothing of the plan leaks


def test_caseload_leaves_out_plans_the_staff_member_left(s, demo, today):
    part = demo.participant(s, "emil", "veileder")
    part.left_at = s.exec(select(Account)).first().created_at
    s.add(part)
    s.flush()
    rows = caseload_for(s, demo.viewer(s, "veileder"), today, "nb")
    assert [r.name for r in rows] == ["Amina Yusuf", "Sara Nilsen"]


def test_caseload_has_access_matches_access_for(s, demo, today):
    for username in ("veileder", "koordinator", "laerer", "behandler", "jobbspesialist",
                     "fastlege", "parorende", "veileder2"):
        viewer: Viewer = demo.viewer(s, username)
        for row in caseload_for(s, viewer, today, "nb"):
            _, access = access_for(s, viewer, row.plan_id, today)
            assert row.has_access == access.allowed, (username, row.name)
        # and every plan the viewer may open is in the caseload
        on = {p.plan_id for p in s.exec(select(Participant).where(
            Participant.account_id == viewer.account_id))}
        assert {r.plan_id for r in caseload_for(s, viewer, today, "nb")} == on


_USERS = ["amina", "behandler", "emil", "fastlege", "foresatt", "jobbspesialist", "koordinator",
          "laerer", "noah", "parorende", "sara", "veileder", "veileder2"]


@pytest.mark.parametrize("viewer_name", _USERS)
def test_one_tiltak_is_visible_exactly_when_the_whole_plan_shows_it(s, demo, today, viewer_name):
    """`visible_measure` (the gate of a write on one tiltak) agrees with `load_plan` for every
    viewer, every plan and every tiltak in the database, also tiltak of other plans."""
    from ip_app.plan.data import visible_measure

    viewer = demo.viewer(s, viewer_name)
    every = list(s.exec(select(Measure)))
    seen = 0
    for person in ("amina", "emil", "sara", "noah"):
        plan = demo.plan(s, person)
        _, access = access_for(s, viewer, plan.id, today)
        data = load_plan(s, plan, access, viewer)
        shown = {m.id for m in data.measures}
        for m in every:
            found = visible_measure(s, plan, access, viewer, m.id)
            assert (found is not None) == (m.id in shown), (person, m.title)
            if found is not None:
                seen += 1
                assert found[0].id == m.id
                assert found[1] == data.participant(m.responsible_participant_id)
        assert visible_measure(s, plan, access, viewer, None) is None
        assert visible_measure(s, plan, access, viewer, 10**9) is None
    if viewer_name in ("amina", "veileder", "koordinator"):
        assert seen > 0  # the check above was not vacuous for those who see tiltak
