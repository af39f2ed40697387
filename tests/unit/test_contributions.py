"""Hvem gjør hva: who may change whose part, the text rules, versions, and the IPS team."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ip_app.contributions.data import StaleContribution, update_contribution, versions_of
from ip_app.contributions.rules import (
    MemberFacts, check_contribution_edit, ips_team, may_edit_contribution, CONTRIBUTION_MAX,
)
from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.forms import FormError
from ip_app.kernel.models import ContributionVersion, Participant
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import OrgKind, Role
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import build_page

OWN, OTHER = 10, 20

# role -> (may edit own part, may edit someone else's part)
MATRIX = {
    Role.KOORDINATOR: (True, True),
    Role.VEILEDER: (True, True),
    Role.TJENESTEYTER: (True, False),
    Role.PERSON: (True, False),
    Role.PARORENDE: (False, False),
    Role.VERGE: (False, False),
}


def actor(role: Role, participant: int = OWN) -> Actor:
    return Actor(account_id=1, role=role, participant_id=participant)


def test_the_matrix_names_every_role():
    assert set(MATRIX) == set(Role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("whose", ["own", "other"])
def test_who_may_edit_whose_part(role, whose):
    target = OWN if whose == "own" else OTHER
    expected = MATRIX[role][0 if whose == "own" else 1]
    assert may_edit_contribution(actor(role), target) is expected
    # the same answer through the full check (with valid input)
    if expected:
        form = check_contribution_edit(actor(role), target, "Gammel tekst", {"text": "Ny tekst"})
        assert form.text == "Ny tekst"
    else:
        with pytest.raises(RuleError) as e:
            check_contribution_edit(actor(role), target, "Gammel tekst", {"text": "Ny tekst"})
        assert e.value.key == "error.not_allowed"


@pytest.mark.parametrize("role", list(Role))
def test_no_one_edits_a_part_that_is_not_there(role):
    assert may_edit_contribution(actor(role), None) is False


@pytest.mark.parametrize("role", list(Role))
def test_without_a_participant_row_only_the_plan_wide_roles_may_edit(role):
    # e.g. a person whose own participant row is missing: no "own" part to match
    assert may_edit_contribution(Actor(account_id=1, role=role), OTHER) is (
        role in (Role.KOORDINATOR, Role.VEILEDER))


def test_a_tjenesteyter_named_coordinator_of_the_plan_edits_every_part():
    assert may_edit_contribution(actor(Role.TJENESTEYTER), OTHER, coordinator_participant_id=OWN)
    assert not may_edit_contribution(actor(Role.TJENESTEYTER), OTHER, coordinator_participant_id=99)
    # the person or a relative is never made an editor of others' parts that way
    for role in (Role.PERSON, Role.PARORENDE, Role.VERGE):
        assert not may_edit_contribution(actor(role), OTHER, coordinator_participant_id=OWN)


def test_a_refused_user_learns_nothing_about_the_input():
    with pytest.raises(RuleError) as e:
        check_contribution_edit(actor(Role.PARORENDE), OWN, "x", {"text": ""})
    assert e.value.key == "error.not_allowed"
    assert not isinstance(e.value, FormError)


# --- the text ----------------------------------------------------------------------


def _errors(data: dict, old: str = "Gammel tekst") -> dict[str, str]:
    with pytest.raises(FormError) as e:
        check_contribution_edit(actor(Role.KOORDINATOR), OTHER, old, data)
    return e.value.errors


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00"])
def test_the_text_is_required(text):
    assert _errors({"text": text}) == {"text": "error.contribution_required"}
    assert _errors({}) == {"text": "error.contribution_required"}


def test_the_text_is_trimmed_and_at_most_500_characters():
    form = check_contribution_edit(actor(Role.KOORDINATOR), OTHER, "x",
                                   {"text": "  Følger opp på jobben.\n", "reason": "  Avtalt.  "})
    assert (form.text, form.reason) == ("Følger opp på jobben.", "Avtalt.")
    assert check_contribution_edit(actor(Role.KOORDINATOR), OTHER, "x",
                                   {"text": "a" * CONTRIBUTION_MAX}).text == "a" * 500
    assert _errors({"text": "a" * (CONTRIBUTION_MAX + 1)}) == {"text": "error.contribution_too_long"}
    # spaces around do not count
    assert check_contribution_edit(actor(Role.KOORDINATOR), OTHER, "x",
                                   {"text": " " + "a" * 500 + " "}).text == "a" * 500


def test_an_unchanged_text_is_refused_and_the_nul_byte_removed():
    assert _errors({"text": " Gammel tekst "}) == {"text": "error.contribution_same"}
    assert check_contribution_edit(actor(Role.KOORDINATOR), OTHER, "x",
                                   {"text": "Ny\x00 tekst"}).text == "Ny tekst"


def test_the_reason_is_optional_but_at_most_500_characters():
    assert check_contribution_edit(actor(Role.PERSON), OWN, "x", {"text": "y"}).reason == ""
    assert _errors({"text": "Ny", "reason": "r" * 501}) == {"reason": "error.reason_too_long"}


# --- the IPS team ------------------------------------------------------------------


def m(pid, role, org="", title=""):
    return MemberFacts(participant_id=pid, role=role, org_kind=org, title=title)


EMIL_LIKE = [
    m(1, Role.PERSON),
    m(2, Role.VEILEDER, OrgKind.NAV, "NAV-veileder"),
    m(3, Role.TJENESTEYTER, OrgKind.DPS, "Jobbspesialist (IPS)"),
    m(4, Role.TJENESTEYTER, OrgKind.DPS, "Psykologspesialist"),
    m(5, Role.KOORDINATOR, OrgKind.MUNICIPALITY, "Koordinator"),
    m(6, Role.PARORENDE),
    m(7, Role.TJENESTEYTER, OrgKind.GP, "Fastlege"),
]


def test_the_ips_team_with_an_ips_tiltak():
    assert ips_team(EMIL_LIKE, ips_responsible_ids=[3], has_ips_measure=True) == [
        (1, "person"), (3, "jobbspesialist"), (4, "behandler"), (2, "nav")]


def test_a_jobbspesialist_at_dps_alone_makes_an_ips_team():
    assert ips_team(EMIL_LIKE) == [(1, "person"), (3, "jobbspesialist"), (4, "behandler"),
                                   (2, "nav")]


def test_the_responsible_for_the_ips_tiltak_is_the_jobbspesialist_whatever_the_title():
    members = [m(1, Role.PERSON), m(4, Role.TJENESTEYTER, OrgKind.DPS, "Psykolog"),
               m(8, Role.TJENESTEYTER, OrgKind.DPS, "Konsulent")]
    assert ips_team(members, ips_responsible_ids=[8], has_ips_measure=True) == [
        (1, "person"), (8, "jobbspesialist"), (4, "behandler")]


def test_no_ips_no_team():
    no_ips = [x for x in EMIL_LIKE if x.participant_id != 3]
    assert ips_team(no_ips) == []
    # a jobbspesialist title outside DPS is not enough on its own
    assert ips_team([m(1, Role.PERSON), m(9, Role.TJENESTEYTER, OrgKind.OTHER, "Jobbspesialist")]) == []
    # staff from NAV in another role count as NAV
    assert ips_team([m(1, Role.PERSON), m(2, Role.KOORDINATOR, OrgKind.NAV)],
                    has_ips_measure=True) == [(1, "person"), (2, "nav")]


# --- stored versions ---------------------------------------------------------------


def test_a_save_makes_a_new_version_and_keeps_the_old_text(s, demo):
    part = demo.participant(s, "amina", "laerer")
    old, v = part.contribution, part.contribution_version
    by = demo.actor(s, "amina", "koordinator")
    update_contribution(s, participant_id=part.id, based_on_version=v, actor=by,
                        text="Norskopplæring fem dager i uka.", reason="Nytt semester.")
    s.refresh(part)
    assert (part.contribution, part.contribution_version) == ("Norskopplæring fem dager i uka.", v + 1)
    rows = versions_of(s, [part.id])[part.id]
    assert [r.version for r in rows] == list(range(1, v + 2))
    assert rows[-2].text == old
    assert (rows[-1].text, rows[-1].changed_by_id, rows[-1].changed_by_role, rows[-1].reason) == (
        "Norskopplæring fem dager i uka.", by.account_id, "koordinator", "Nytt semester.")


def test_a_save_based_on_an_old_version_is_refused_and_shows_the_newer_text(s, demo):
    part = demo.participant(s, "amina", "laerer")
    v = part.contribution_version
    by = demo.actor(s, "amina", "laerer")
    update_contribution(s, participant_id=part.id, based_on_version=v, actor=by, text="Først")
    n = len(versions_of(s, [part.id])[part.id])
    with pytest.raises(StaleContribution) as e:
        update_contribution(s, participant_id=part.id, based_on_version=v, actor=by, text="Sist")
    assert (e.value.text, e.value.version) == ("Først", v + 1)
    s.refresh(part)
    assert part.contribution == "Først"  # nothing overwritten
    assert len(versions_of(s, [part.id])[part.id]) == n


def test_a_part_without_version_rows_keeps_its_first_text_on_the_first_change(s, demo):
    part = demo.participant(s, "amina", "veileder")
    for row in s.exec(select(ContributionVersion).where(ContributionVersion.participant_id == part.id)):
        s.delete(row)  # as if added by a script that wrote no version
    s.flush()
    old = part.contribution
    update_contribution(s, participant_id=part.id, based_on_version=part.contribution_version,
                        actor=demo.actor(s, "amina", "veileder"), text="Ny tekst")
    rows = versions_of(s, [part.id])[part.id]
    assert [(r.version, r.text, r.changed_by_id) for r in rows][0] == (1, old, None)
    assert rows[-1].text == "Ny tekst"


def test_every_demo_participant_has_its_current_text_as_the_newest_version(s):
    parts = list(s.exec(select(Participant)))
    versions = versions_of(s, [p.id for p in parts])
    for p in parts:
        rows = versions[p.id]
        assert [r.version for r in rows] == list(range(1, p.contribution_version + 1)), p.id
        assert rows[-1].text == p.contribution


# --- what the plan page shows --------------------------------------------------------


def _people(s, demo, viewer_name, person, today):
    viewer = demo.viewer(s, viewer_name)
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    assert access.allowed
    page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                      viewer, today, "nb")
    return page, {r.id: r for r in page.people}


def test_emils_plan_shows_the_ips_team_with_each_part_and_earlier_texts(s, demo, today):
    page, rows = _people(s, demo, "emil", "emil", today)
    assert page.has_ips_team and not page.has_others
    assert [(r.name, r.team_part) for r in page.people] == [
        ("Deg", "Deltaker i IPS"), ("Jonas Lie", "Jobbspesialist"),
        ("Ingrid Berg", "Behandler"), ("Kari Nordmann", "NAV")]
    assert all(r.contribution for r in page.people)
    jobb = rows[demo.participant(s, "emil", "jobbspesialist").id]
    assert [h.text for h in jobb.history] == [
        "Kari Nordmann (NAV-veileder) endret til: «Jobbspesialist i IPS-teamet: finner "
        "arbeidsgivere sammen med Emil og følger opp på arbeidsplassen.»",
        "Jonas Lie (tjenesteyter) skrev: «Jobbspesialist i IPS-teamet: finner arbeidsgivere "
        "sammen med Emil.»"]
    assert jobb.history[0].reason == "Arbeidsutprøvingen på Molde Bilservice har startet."
    # the person edits only their own part
    assert [r.can_edit for r in page.people] == [True, False, False, False]
    assert page.people[0].edit_label == "Endre hva du gjør"


@pytest.mark.parametrize("viewer_name, editable", [
    ("veileder", {"emil", "veileder", "jobbspesialist", "behandler"}),
    ("jobbspesialist", {"jobbspesialist"}),
    ("behandler", {"behandler"}),
])
def test_who_sees_an_edit_action_on_emils_plan(s, demo, today, viewer_name, editable):
    _, rows = _people(s, demo, viewer_name, "emil", today)
    ids = {demo.participant(s, "emil", u).id: u for u in ("emil", "veileder", "jobbspesialist",
                                                           "behandler")}
    assert {ids[i] for i, r in rows.items() if r.can_edit} == editable


def test_a_plan_without_ips_has_no_team_and_the_koordinator_first(s, demo, today):
    page, _ = _people(s, demo, "koordinator", "amina", today)
    assert not page.has_ips_team and page.has_others
    assert page.people[0].is_coordinator
    assert all(r.team_part == "" for r in page.people)
    assert all(r.can_edit for r in page.people)  # the koordinator edits every part
    assert page.people[1].edit_label.startswith("Endre hva ")
