"""Samarbeidsavtale: who may edit, validation, versions (no lost update), and the default
"hvem gjør hva" a new plan starts from."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ip_app.cooperation import data as dc, rules as coop
from ip_app.cooperation.rules import Line, Party, PlanMember
from ip_app.ip_decision.data import record_decision
from ip_app.kernel.models import Account, CooperationAgreementVersion, Participant, Plan, PlanBasis
from ip_app.kernel.roles import Role
from ip_app.plan.rules import PlanBasis as Basis

NAV, MUNI, DPS = 1, 2, 3


# --- rules -----------------------------------------------------------------------------


def test_only_staff_of_the_two_organisations_read_and_coordinating_roles_edit():
    assert coop.may_read("staff", NAV, NAV, MUNI) and coop.may_read("staff", MUNI, NAV, MUNI)
    assert not coop.may_read("staff", DPS, NAV, MUNI)
    assert not coop.may_read("person", None, NAV, MUNI)
    assert not coop.may_read("relative", NAV, NAV, MUNI)  # a stray org id is no key
    assert coop.may_edit("staff", MUNI, NAV, MUNI, {Role.KOORDINATOR})
    assert coop.may_edit("staff", NAV, NAV, MUNI, {Role.VEILEDER, Role.TJENESTEYTER})
    assert not coop.may_edit("staff", MUNI, NAV, MUNI, {Role.TJENESTEYTER})  # reads only
    assert not coop.may_edit("staff", MUNI, NAV, MUNI, set())
    assert not coop.may_edit("staff", DPS, NAV, MUNI, {Role.KOORDINATOR})


def test_every_task_has_a_default_line():
    tasks = coop.tasks()
    assert tasks[:2] == ("kartlegging", "koordinering")
    assert "tiltak:arbeidstrening" in tasks and "tiltak:norskopplaering" in tasks
    default = {ln.task: ln.party for ln in coop.default_lines()}
    assert set(default) == set(tasks)
    assert default["koordinering"] == Party.KOMMUNE
    assert default["kartlegging"] == Party.FELLES  # rundskriv Q-27
    assert default["tiltak:arbeidstrening"] == Party.NAV
    assert default["tiltak:bolig_oppfolging"] == Party.KOMMUNE
    assert default["tiltak:ips"] == Party.ANNEN  # DPS usually


def _form(**over: str) -> dict:
    form = {f"party:{ln.task}": ln.party.value for ln in coop.default_lines()}
    form.update(over)
    return form


def test_parse_lines_validates_party_and_note_length():
    lines = coop.parse_lines(_form(**{"party:kartlegging": "felles",
                                      "note:kartlegging": "  Felles samtale  "}))
    first = lines[0]
    assert first == Line("kartlegging", Party.FELLES, "Felles samtale")
    with pytest.raises(coop.AgreementError) as exc:
        coop.parse_lines(_form(**{"party:koordinering": "hvem som helst",
                                  "note:tiltak:mentor": "x" * (coop.NOTE_MAX + 1)}))
    assert exc.value.errors == {"party:koordinering": "error.coop_party_required",
                                "note:tiltak:mentor": "error.coop_note_too_long"}
    with pytest.raises(coop.AgreementError):
        coop.parse_lines({})  # nothing chosen: every task is missing its party


def test_stored_lines_are_completed_with_defaults_and_bad_rows_skipped():
    lines = coop.from_json([{"task": "kartlegging", "party": "kommune", "note": "n"},
                            {"task": "koordinering", "party": "bogus"}])
    by = {ln.task: ln for ln in lines}
    assert by["kartlegging"] == Line("kartlegging", Party.KOMMUNE, "n")
    assert by["koordinering"].party == Party.KOMMUNE  # the default
    assert len(lines) == len(coop.tasks())


def test_default_split_gives_each_part_to_the_right_participant():
    lines = [Line("kartlegging", Party.NAV), Line("koordinering", Party.KOMMUNE, "Ola"),
             Line("tiltak:arbeidstrening", Party.FELLES), Line("tiltak:ips", Party.ANNEN),
             Line("tiltak:norskopplaering", Party.KOMMUNE)]  # serves only integreringsplan
    members = [PlanMember(10, Role.PERSON), PlanMember(11, Role.VEILEDER, NAV, "nav"),
               PlanMember(12, Role.KOORDINATOR, MUNI, "kommune"),
               PlanMember(13, Role.TJENESTEYTER, DPS, "dps"), PlanMember(14, Role.PARORENDE)]
    split = coop.default_split(lines, members, NAV, MUNI, [Basis.AKTIVITETSPLAN,
                                                           Basis.INDIVIDUELL_PLAN])
    tasks = {k: [ln.task for ln in v] for k, v in split.items()}
    assert tasks == {11: ["kartlegging", "tiltak:arbeidstrening"],
                     12: ["koordinering", "tiltak:arbeidstrening"],
                     13: ["tiltak:ips"]}
    # nobody from the municipality in the plan: its lines are left out, not misassigned
    split = coop.default_split(lines, members[:2], NAV, MUNI, [Basis.INDIVIDUELL_PLAN])
    assert set(split) == {11}


# --- data: versions and no lost update ----------------------------------------------------


def test_saving_makes_versions_and_a_stale_save_is_refused(s, demo):
    nav, muni = demo.org(s, "NAV Molde"), demo.org(s, "Molde kommune – helse og omsorg")
    ola = demo.account(s, "koordinator")
    kari = demo.account(s, "veileder")
    assert dc.agreement_between(s, nav.id, muni.id) is None
    assert dc.current_lines(s, None) == coop.default_lines()
    lines = list(coop.default_lines())
    a = dc.save_agreement(s, nav_org_id=nav.id, municipality_org_id=muni.id, based_on_version=0,
                          lines=lines, actor_id=ola.id)
    assert a.version == 1
    lines[0] = Line("kartlegging", Party.FELLES, "Sammen")
    a = dc.save_agreement(s, nav_org_id=nav.id, municipality_org_id=muni.id, based_on_version=1,
                          lines=lines, actor_id=kari.id)
    assert a.version == 2
    assert dc.current_lines(s, a)[0] == Line("kartlegging", Party.FELLES, "Sammen")
    # a form opened at version 1 may not overwrite version 2
    with pytest.raises(dc.StaleAgreement) as exc:
        dc.save_agreement(s, nav_org_id=nav.id, municipality_org_id=muni.id, based_on_version=1,
                          lines=coop.default_lines(), actor_id=ola.id)
    assert exc.value.current.version == 2
    with pytest.raises(dc.StaleAgreement):  # and starting it again is stale too
        dc.save_agreement(s, nav_org_id=nav.id, municipality_org_id=muni.id, based_on_version=0,
                          lines=coop.default_lines(), actor_id=ola.id)
    hist = dc.versions(s, a.id)
    assert [(v.version, name) for v, name in hist] == [(2, "Kari Nordmann"), (1, "Ola Hansen")]
    assert coop.changed_tasks(coop.from_json(hist[1][0].lines),
                              coop.from_json(hist[0][0].lines)) == ["kartlegging"]


def test_demo_offices_have_an_agreement_with_history(s, demo):
    nav, muni = demo.org(s, "NAV Molde"), demo.org(s, "Molde kommune – flyktningtjenesten")
    a = dc.agreement_between(s, nav.id, muni.id)
    assert a is not None and a.version >= 2
    assert len(dc.versions(s, a.id)) == a.version
    assert [o.name for o in dc.counterparts(s, nav)] == [
        "Molde kommune – flyktningtjenesten", "Molde kommune – helse og omsorg"]
    assert dc.counterparts(s, demo.org(s, "DPS Molde")) == []
    assert dc.plan_roles(s, demo.account(s, "koordinator").id) == {Role.KOORDINATOR}


# --- a new plan starts from the agreement ---------------------------------------------


def _new_plan(s, demo, person: str, members: list[tuple[str, Role, str]]) -> Plan:
    acct = Account(username=person, display_name=person.title(), kind="person")
    s.add(acct)
    s.flush()
    plan = Plan(person_id=acct.id, title="")
    s.add(plan)
    s.flush()
    s.add(PlanBasis(plan_id=plan.id, basis=Basis.AKTIVITETSPLAN.value))
    s.add(Participant(plan_id=plan.id, account_id=acct.id, role=Role.PERSON.value))
    for username, role, contribution in members:
        a = demo.account(s, username)
        s.add(Participant(plan_id=plan.id, account_id=a.id, role=role.value,
                          organisation_id=a.organisation_id, contribution=contribution))
    s.flush()
    return plan


def _contributions(s, plan_id: int) -> dict[str, str]:
    return {a.username: p.contribution for p, a in s.exec(
        select(Participant, Account).join(Account, Account.id == Participant.account_id)
        .where(Participant.plan_id == plan_id))}


def test_a_new_individuell_plan_starts_from_the_agreement(s, demo, today):
    plan = _new_plan(s, demo, "nyperson", [("veileder", Role.VEILEDER, ""),
                                           ("koordinator", Role.KOORDINATOR, "")])
    person_id = plan.person_id
    _, added = record_decision(s, person_id=person_id, plan_id=plan.id,
                               actor_id=demo.account(s, "veileder").id, has_ip=False,
                               long_term=True, several_providers=True, reasons="To tjenester",
                               today=today)
    assert added
    got = _contributions(s, plan.id)
    assert got["nyperson"] == ""  # the person's own words stay theirs
    assert got["veileder"].startswith("Etter samarbeidsavtalen:")
    assert "Arbeidstrening" in got["veileder"]
    assert got["koordinator"].startswith("Etter samarbeidsavtalen:")
    assert "Koordinering av individuell plan" in got["koordinator"]
    assert "Kartlegging (Flyktningtjenesten kartlegger" in got["koordinator"]  # felles
    assert "Kartlegging (Flyktningtjenesten kartlegger" in got["veileder"]
    assert "Arbeidstrening" not in got["koordinator"]  # NAV's


def test_written_contributions_are_never_replaced_and_no_agreement_means_nothing(s, demo):
    plan = _new_plan(s, demo, "nyperson2", [("veileder", Role.VEILEDER, "Mine ord"),
                                            ("koordinator", Role.KOORDINATOR, "")])
    assert dc.start_contributions(s, plan.id, "en") == 1
    got = _contributions(s, plan.id)
    assert got["veileder"] == "Mine ord"
    assert got["koordinator"].startswith("Under the cooperation agreement:")
    # NAV Kristiansund has no agreement with anyone: nothing is filled
    plan = _new_plan(s, demo, "nyperson3", [("veileder2", Role.VEILEDER, ""),
                                            ("koordinator", Role.KOORDINATOR, "")])
    assert dc.start_contributions(s, plan.id) == 0


def test_versions_are_append_only_rows(s, demo):
    nav, muni = demo.org(s, "NAV Molde"), demo.org(s, "Molde kommune – flyktningtjenesten")
    a = dc.agreement_between(s, nav.id, muni.id)
    rows = list(s.exec(select(CooperationAgreementVersion).where(
        CooperationAgreementVersion.agreement_id == a.id)))
    assert sorted(r.version for r in rows) == list(range(1, a.version + 1))
