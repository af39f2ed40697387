"""Recording and changing programme facts: who may, the form's rules, versions and stale saves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.forms import FormError
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.rules import PlanBasis
from ip_app.plan.view import build_page
from ip_app.programme import data as pdata
from ip_app.programme.edit_rules import (
    MAX_PHASES, NORWEGIAN_LEVELS, ProgrammeFacts, check_programme_form, editable_basis,
    may_edit_programme, same_facts,
)
from ip_app.programme.edit_view import build_edit_page
from ip_app.programme.rules import add_years

INT = PlanBasis.INTEGRERINGSPLAN
KVP = PlanBasis.KVALIFISERINGSPROGRAM
GOALS = (Scope.GOALS, Scope.ALL_MEASURES)


def _acc(role: Role, *scopes: Scope) -> PlanAccess:
    return PlanAccess(allowed=True, role=role, participant_id=5, scopes=frozenset(scopes))


def _v(org_kind: str, kind: str = "staff") -> Viewer:
    return Viewer(account_id=7, kind=kind, org_kind=org_kind)


# --- who may record or change the facts, every role -----------------------------------

@pytest.mark.parametrize("role, org, scopes, intro, kvp", [
    (Role.PERSON, "", tuple(Scope), False, False),  # the person reads, never writes
    (Role.KOORDINATOR, "kommune", GOALS, True, False),
    (Role.VEILEDER, "kommune", GOALS, True, False),  # a programme adviser at the municipality
    (Role.TJENESTEYTER, "kommune", GOALS, False, False),  # e.g. home care: not the programme
    (Role.VEILEDER, "nav", GOALS, False, True),  # NAV runs KVP
    (Role.KOORDINATOR, "nav", GOALS, False, True),
    (Role.TJENESTEYTER, "nav", GOALS, False, False),
    (Role.TJENESTEYTER, "dps", GOALS, False, False),
    (Role.TJENESTEYTER, "voksenopplaering", GOALS, False, False),
    (Role.TJENESTEYTER, "fastlege", GOALS, False, False),
    (Role.KOORDINATOR, "dps", GOALS, False, False),
    (Role.PARORENDE, "", (Scope.GOALS,), False, False),
    (Role.VERGE, "", (Scope.GOALS,), False, False),
    # staff of the right organisation whose consent does not cover the goals
    (Role.KOORDINATOR, "kommune", (Scope.OWN_MEASURES,), False, False),
    (Role.VEILEDER, "nav", (Scope.DIALOG,), False, False),
])
def test_who_may_write_the_programme(role, org, scopes, intro, kvp):
    access = _acc(role, *scopes)
    viewer = _v(org, "person" if role == Role.PERSON else
                "relative" if role in (Role.PARORENDE, Role.VERGE) else "staff")
    assert may_edit_programme(access, viewer, INT) is intro
    assert may_edit_programme(access, viewer, KVP) is kvp
    # no other basis has programme facts; nobody unknown or refused writes
    assert may_edit_programme(access, viewer, PlanBasis.INDIVIDUELL_PLAN) is False
    assert may_edit_programme(access, None, INT) is False
    assert may_edit_programme(PlanAccess(allowed=False, role=role), viewer, INT) is False
    both = [PlanBasis.AKTIVITETSPLAN, INT, KVP]
    expected = INT if intro else KVP if kvp else None
    assert editable_basis(access, viewer, both) == expected
    assert editable_basis(access, viewer, [PlanBasis.INDIVIDUELL_PLAN]) is None


def test_who_may_write_in_the_demo(s, demo, today):
    """Amina's introduction programme: Ola (kommune koordinator); Sara's KVP: Kari (NAV)."""
    out = {}
    for person in ("amina", "sara", "emil"):
        plan_id = demo.plan(s, person).id
        for who in ("amina", "sara", "emil", "koordinator", "veileder", "laerer", "fastlege",
                    "behandler", "jobbspesialist", "parorende", "veileder2"):
            viewer = demo.viewer(s, who)
            plan, access = access_for(s, viewer, plan_id, today)
            data = load_plan(s, plan, access, viewer)
            basis = editable_basis(access, viewer, data.bases)
            if basis is not None:
                out[(person, who)] = basis
    assert out == {("amina", "koordinator"): INT, ("sara", "veileder"): KVP}


# --- the form -----------------------------------------------------------------------

START = date(2026, 1, 5)


def _intro(**over):
    data = {"start_date": START.isoformat(), "norwegian_level": "A2", "education": "Vgs",
            "work_experience": "Klinikk", "final_goal": "Læreplass", "hurtigspor": "on",
            "extension_months": "0", "extension_reason": ""}
    data.update(over)
    return data


def _errors(basis, data, phases=()):
    with pytest.raises(FormError) as exc:
        check_programme_form(basis, data, list(phases))
    return exc.value.errors


def test_a_valid_introduction_programme():
    f = check_programme_form(INT, _intro(), [("Norsk", "2026-01-05"), ("", ""),
                                             ("Praksis", "2026-06-01")])
    assert f.start_date == START and f.hurtigspor and f.norwegian_level == "A2"
    assert f.phases == [{"name": "Norsk", "start": "2026-01-05"},
                        {"name": "Praksis", "start": "2026-06-01"}]  # the empty row is dropped
    assert f.end_date is None and f.extension_reason == ""
    # no box ticked: no hurtigspor; a reason without an extension is not kept
    f = check_programme_form(INT, _intro(hurtigspor="", extension_reason="glemt"), [])
    assert not f.hurtigspor and f.extension_reason == ""


def test_start_is_required_and_dates_must_be_dates():
    assert _errors(INT, _intro(start_date="")) == {"start_date": "error.programme_start_required"}
    assert _errors(INT, _intro(start_date="31.12.2026")) == {"start_date": "error.date_invalid"}
    assert _errors(INT, _intro(start_date="1900-01-01")) == {"start_date": "error.date_invalid"}


def test_the_extension_needs_a_reason_and_at_most_a_year():
    assert _errors(INT, _intro(extension_months="6")) == {
        "extension_reason": "error.extension_reason_required"}
    assert _errors(INT, _intro(extension_months="6", extension_reason="   ")) == {
        "extension_reason": "error.extension_reason_required"}
    assert _errors(INT, _intro(extension_months="13", extension_reason="x")) == {
        "extension_months": "error.extension_too_long"}
    assert _errors(INT, _intro(extension_months="-1", extension_reason="x")) == {
        "extension_months": "error.extension_too_long"}
    assert _errors(INT, _intro(extension_months="seks")) == {"extension_months": "error.invalid"}
    f = check_programme_form(INT, _intro(extension_months="12", extension_reason="Sykdom"), [])
    assert f.extension_months == 12 and f.extension_reason == "Sykdom"


def test_the_norwegian_level_is_from_the_fixed_list():
    assert NORWEGIAN_LEVELS == ("A0", "A1", "A2", "B1", "B2", "C1")
    for level in NORWEGIAN_LEVELS + ("",):
        assert check_programme_form(INT, _intro(norwegian_level=level), []).norwegian_level == level
    assert _errors(INT, _intro(norwegian_level="A2 muntlig")) == {
        "norwegian_level": "error.invalid"}


def test_texts_have_limits():
    assert _errors(INT, _intro(final_goal="x" * 2001)) == {"final_goal": "error.text_too_long"}
    assert _errors(INT, _intro(education="x" * 2001, work_experience="y" * 2001)) == {
        "education": "error.text_too_long", "work_experience": "error.text_too_long"}
    assert _errors(INT, _intro(), [("n" * 201, "2026-02-01")]) == {
        "phase_name_0": "error.phase_name_too_long"}


def test_phases_in_order_within_the_programme():
    assert _errors(INT, _intro(), [("A", "2026-03-01"), ("B", "2026-02-01")]) == {
        "phase_start_1": "error.phase_order"}
    assert _errors(INT, _intro(), [("Før", "2025-12-31")]) == {
        "phase_start_0": "error.phase_outside"}
    # two years: the last possible start is the day before the programme ends
    assert check_programme_form(INT, _intro(), [("Siste", "2028-01-04")]).phases
    assert _errors(INT, _intro(), [("Etter", "2028-01-05")]) == {
        "phase_start_0": "error.phase_outside"}
    # an extension lengthens the programme, and so the time phases may start in
    assert check_programme_form(INT, _intro(extension_months="6", extension_reason="Sykdom"),
                                [("Forlenget", "2028-03-01")]).phases
    assert _errors(INT, _intro(), [("", "2026-02-01"), ("Uten dato", "")]) == {
        "phase_name_0": "error.phase_name_required", "phase_start_1": "error.phase_start_required"}
    too_many = [(f"F{i}", (START + timedelta(days=i)).isoformat()) for i in range(MAX_PHASES + 1)]
    assert _errors(INT, _intro(), too_many) == {"phases": "error.phase_too_many"}


def test_kvp_needs_a_period():
    f = check_programme_form(KVP, {"start_date": "2026-01-05", "end_date": "2026-12-31",
                                   "final_goal": "Jobb", "hurtigspor": "on"}, [("X", "")])
    assert f == ProgrammeFacts(start_date=START, end_date=date(2026, 12, 31), final_goal="Jobb")
    assert _errors(KVP, {"start_date": "2026-01-05"}) == {"end_date": "error.programme_end_required"}
    assert _errors(KVP, {"start_date": "2026-01-05", "end_date": "2026-01-05"}) == {
        "end_date": "error.programme_end_before_start"}
    assert _errors(PlanBasis.INDIVIDUELL_PLAN, {"start_date": "2026-01-05"}) == {
        "_form": "error.invalid"}


_TEXT = st.text(max_size=60)
_DATE = st.one_of(st.dates(date(1980, 1, 1), date(2040, 1, 1)).map(date.isoformat), _TEXT)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({
    "start_date": _DATE, "end_date": _DATE, "norwegian_level": st.sampled_from(
        NORWEGIAN_LEVELS + ("", "D9", "a1")), "extension_months": st.one_of(
        st.integers(-3, 20).map(str), _TEXT), "extension_reason": _TEXT,
    "final_goal": st.one_of(_TEXT, st.text(min_size=1995, max_size=2010)),
    "hurtigspor": st.sampled_from(["", "on", "x"])}),
    st.lists(st.tuples(_TEXT, _DATE), max_size=MAX_PHASES + 2),
    st.sampled_from([INT, KVP]))
def test_any_form_is_saved_only_when_every_rule_holds(data, phases, basis):
    """Whatever is typed: either facts that keep every rule, or errors with catalogue keys."""
    try:
        f = check_programme_form(basis, data, phases)
    except FormError as exc:
        assert exc.errors and all(v.startswith("error.") for v in exc.errors.values())
        return
    assert len(f.final_goal) <= 2000
    if basis == KVP:
        assert f.end_date is not None and f.end_date > f.start_date and not f.phases
        return
    assert f.norwegian_level in NORWEGIAN_LEVELS + ("",)
    assert 0 <= f.extension_months <= 12
    assert bool(f.extension_reason) == bool(f.extension_months)
    starts = [date.fromisoformat(p["start"]) for p in f.phases]
    assert starts == sorted(starts) and len(starts) <= MAX_PHASES
    assert all(f.start_date <= d < add_years(f.start_date, 3) for d in starts)
    assert all(p["name"] and len(p["name"]) <= 200 for p in f.phases)


# --- versions, and a save based on an old one -----------------------------------------

def test_a_save_appends_a_version_and_a_stale_one_is_refused(s, demo):
    plan = demo.plan(s, "amina")
    ola = demo.account(s, "koordinator").id
    before = pdata.versions(s, plan.id, INT.value)
    assert [v.version for v in before] == [1, 2]
    facts = check_programme_form(INT, _intro(final_goal="Fast jobb i helse"),
                                 [("Norsk", "2026-01-05")])
    row = pdata.save_version(s, plan_id=plan.id, basis=INT.value, based_on=2, actor_id=ola,
                             **facts.as_fields())
    after = pdata.versions(s, plan.id, INT.value)
    assert row.version == 3 and [v.version for v in after] == [1, 2, 3]
    assert [v.final_goal for v in after[:2]] == [v.final_goal for v in before]  # kept as written
    assert same_facts(facts, after[-1])
    assert not same_facts(check_programme_form(INT, _intro(final_goal="Annet"), []), after[-1])
    # someone else still based on version 2: refused, shown the newer one, nothing written
    with pytest.raises(pdata.StaleProgramme) as exc:
        pdata.save_version(s, plan_id=plan.id, basis=INT.value, based_on=2, actor_id=ola,
                           **facts.as_fields())
    assert exc.value.current.version == 3 and exc.value.current.final_goal == "Fast jobb i helse"
    assert len(pdata.versions(s, plan.id, INT.value)) == 3
    # a first version of a new programme is based on 0
    emil = demo.plan(s, "emil")
    first = pdata.save_version(s, plan_id=emil.id, basis=INT.value, based_on=0, actor_id=ola,
                               **facts.as_fields())
    assert first.version == 1


def test_the_person_sees_the_saved_facts_on_their_plan(s, demo, today):
    plan = demo.plan(s, "amina")
    ola = demo.account(s, "koordinator").id
    start = today - timedelta(days=240)
    facts = check_programme_form(INT, _intro(
        start_date=start.isoformat(), final_goal="Fast jobb på sykehjem", extension_months="6",
        extension_reason="Lang sykdom", norwegian_level="B1", hurtigspor=""),
        [("Norsk", start.isoformat()), ("Arbeidstrening", (start + timedelta(days=30)).isoformat())])
    pdata.save_version(s, plan_id=plan.id, basis=INT.value, based_on=2, actor_id=ola,
                       **facts.as_fields())
    viewer = demo.viewer(s, "amina")
    _, access = access_for(s, viewer, plan.id, today)
    page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                      viewer, today, "nb")
    [b] = page.programme
    assert b.final_goal == "Fast jobb på sykehjem" and not b.hurtigspor
    assert b.norwegian_level == "B1 – selvstendig"
    assert [p.name for p in b.phases] == ["Norsk", "Arbeidstrening"]
    assert b.extension == "Forlenget med 6 måneder: Lang sykdom"
    assert b.time_left == "22 måneder igjen"  # two years and six months, eight used
    assert b.edit_href == "" and page.programme_new_href == ""  # the person cannot edit


def test_the_plan_page_links_to_the_form_for_those_who_may_edit(s, demo, today):
    def head(who, person):
        viewer = demo.viewer(s, who)
        plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
        return build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                          viewer, today, "nb")

    amina_plan = demo.plan(s, "amina").id
    assert head("koordinator", "amina").programme[0].edit_href == f"/plan/{amina_plan}/program"
    for who in ("amina", "veileder", "laerer"):
        page = head(who, "amina")
        assert [b.edit_href for b in page.programme] in ([""], [])
        assert page.programme_new_href == ""
    assert head("veileder", "sara").programme[0].edit_href.endswith("/program")
    assert head("koordinator", "sara").programme[0].edit_href == ""
    # a plan with the programme basis but no facts yet: a link to record them
    from ip_app.kernel.models import PlanBasis as PlanBasisRow
    emil = demo.plan(s, "emil")
    s.add(PlanBasisRow(plan_id=emil.id, basis=KVP.value))
    s.flush()
    page = head("veileder", "emil")
    assert page.programme == [] and page.programme_new_href == f"/plan/{emil.id}/program"


def test_the_edit_page_shows_the_form_from_the_newest_version_and_every_earlier_one(s, demo):
    plan = demo.plan(s, "amina")
    viewer = demo.viewer(s, "koordinator")
    page = build_edit_page(s, plan.id, INT, viewer, "Amina Yusuf", "nb")
    assert page.mode == "staff" and page.is_intro and page.version == 2
    assert page.f_goal.startswith("Læreplass") and page.f_level == "A2" and page.f_hurtigspor
    assert page.current.heading == "Versjon 2" and page.current.written.startswith("Skrevet av deg")
    assert [r.version for r in page.earlier] == [1]
    assert any(f.label == "Sluttmål" for f in page.earlier[0].facts)
    assert [o.value for o in page.level_options] == [""] + list(NORWEGIAN_LEVELS)
    assert [o.value for o in page.month_options] == [str(n) for n in range(13)]
    kvp = build_edit_page(s, demo.plan(s, "sara").id, KVP, demo.viewer(s, "veileder"),
                          "Sara", "en")
    assert not kvp.is_intro and kvp.f_end and kvp.current.written.startswith("Written by you")
