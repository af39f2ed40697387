"""Rules for editing tiltak and goals, and the tiltak form's validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ip_app.goals.rules import GOAL_MAX, check_goal_edit, may_edit_goals
from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.roles import Role
from ip_app.measures.input import MeasureInput
from ip_app.measures.rules import MeasureFacts, Status, check_edit, may_assign_to_others, may_create

PERSON, STAFF = 1, 2


def facts(status=Status.PLANLAGT, agreed=False, created_by=STAFF, responsible_role=Role.VEILEDER):
    return MeasureFacts(status=status, agreed=agreed, created_by_id=created_by,
                        responsible_participant_id=10, responsible_role=responsible_role,
                        responsible_org_kind="nav", plan_person_id=PERSON)


def actor(role, account=STAFF, participant=20):
    return Actor(account_id=account, role=role, participant_id=participant)


# --- check_edit ---------------------------------------------------------------------

@pytest.mark.parametrize("status", [Status.FULLFORT, Status.AVBRUTT])
def test_a_final_tiltak_is_kept_as_it_was(status):
    with pytest.raises(RuleError) as e:
        check_edit(actor(Role.KOORDINATOR), facts(status=status), agreed_changes=False)
    assert e.value.key == "error.status_final"


def test_the_person_cannot_edit_an_agreed_tiltak():
    with pytest.raises(RuleError) as e:
        check_edit(actor(Role.PERSON, PERSON), facts(agreed=True, created_by=PERSON,
                                                     responsible_role=Role.PERSON),
                   agreed_changes=False)
    assert e.value.key == "error.measure_locked"


def test_the_person_edits_their_own_but_cannot_mark_it_agreed():
    own = facts(created_by=PERSON, responsible_role=Role.PERSON)
    check_edit(actor(Role.PERSON, PERSON), own, agreed_changes=False)
    with pytest.raises(RuleError):
        check_edit(actor(Role.PERSON, PERSON), own, agreed_changes=True)


@pytest.mark.parametrize("role,allowed", [
    (Role.VEILEDER, True), (Role.KOORDINATOR, True), (Role.TJENESTEYTER, False),
    (Role.PARORENDE, False), (Role.VERGE, False),
])
def test_only_nav_and_the_koordinator_set_agreed(role, allowed):
    f = MeasureFacts(status=Status.PLANLAGT, agreed=False, created_by_id=STAFF,
                     responsible_participant_id=20, responsible_role=role,
                     responsible_org_kind="nav", plan_person_id=PERSON)
    if allowed:
        check_edit(actor(role), f, agreed_changes=True)
    else:
        with pytest.raises(RuleError):
            check_edit(actor(role), f, agreed_changes=True)


def test_tjenesteyter_edits_only_where_responsible():
    mine = MeasureFacts(status=Status.PLANLAGT, agreed=True, created_by_id=99,
                        responsible_participant_id=20, responsible_role=Role.TJENESTEYTER,
                        responsible_org_kind="dps", plan_person_id=PERSON)
    check_edit(actor(Role.TJENESTEYTER), mine, agreed_changes=False)
    with pytest.raises(RuleError):
        check_edit(actor(Role.TJENESTEYTER, participant=21), mine, agreed_changes=False)


def test_who_may_create_and_assign():
    assert may_create(actor(Role.PERSON)) and may_create(actor(Role.TJENESTEYTER))
    assert not may_create(actor(Role.PARORENDE)) and not may_create(actor(Role.VERGE))
    assert not may_assign_to_others(actor(Role.PERSON))
    assert may_assign_to_others(actor(Role.VEILEDER))


# --- goals ---------------------------------------------------------------------------

def test_person_changes_goal_without_reason_staff_needs_one():
    assert check_goal_edit(actor(Role.PERSON, PERSON), "a", "  b ", "") == ("b", "")
    with pytest.raises(RuleError) as e:
        check_goal_edit(actor(Role.VEILEDER), "a", "b", "  ")
    assert e.value.key == "error.goal_reason_required"
    assert check_goal_edit(actor(Role.KOORDINATOR), "a", "b", " fordi ") == ("b", "fordi")


@pytest.mark.parametrize("new,key", [
    ("", "error.goal_required"), ("   ", "error.goal_required"), ("a", "error.goal_same"),
    ("x" * (GOAL_MAX + 1), "error.goal_too_long"),
])
def test_goal_text_rules(new, key):
    with pytest.raises(RuleError) as e:
        check_goal_edit(actor(Role.PERSON, PERSON), "a", new, "")
    assert e.value.key == key


def test_goal_text_at_the_limit_is_accepted_and_nul_is_stripped():
    text, _ = check_goal_edit(actor(Role.PERSON, PERSON), "a", "x" * GOAL_MAX + "\x00", "")
    assert text == "x" * GOAL_MAX


@pytest.mark.parametrize("role", [Role.TJENESTEYTER, Role.PARORENDE, Role.VERGE])
def test_others_do_not_edit_goals(role):
    assert not may_edit_goals(actor(role))
    with pytest.raises(RuleError):
        check_goal_edit(actor(role), "a", "b", "grunn")


# --- the tiltak form -------------------------------------------------------------------

def test_measure_input_parses_what_a_form_posts():
    f = validate(MeasureInput, {"title": " Praksis ", "hours_per_week": "4,5", "goal_id": "7",
                                "responsible_participant_id": "", "serves": "a,b",
                                "agreed": "on", "start_date": "2026-12-01", "extra": "ignored"})
    assert (f.title, f.hours_per_week, f.goal_id, f.responsible_participant_id) == (
        "Praksis", 4.5, 7, None)
    assert f.serves == ["a", "b"] and f.agreed is True
    assert validate(MeasureInput, {"title": "x"}).agreed is False


@pytest.mark.parametrize("data,field,key", [
    ({"title": ""}, "title", "error.title_required"),
    ({"title": "x", "hours_per_week": "mange"}, "hours_per_week", "error.hours_invalid"),
    ({"title": "x", "hours_per_week": "61"}, "hours_per_week", "error.hours_invalid"),
    ({"title": "x", "hours_per_week": "-1"}, "hours_per_week", "error.hours_invalid"),
    ({"title": "x", "extent": "e" * 201}, "extent", "error.extent_too_long"),
    ({"title": "x", "how": "h" * 2001}, "how", "error.text_too_long"),
    ({"title": "x", "goal_id": "abc"}, "goal_id", "error.invalid"),
    ({"title": "x", "start_date": "2026-12-02", "end_date": "2026-12-01"}, "end_date",
     "error.end_before_start"),
])
def test_measure_input_errors(data, field, key):
    with pytest.raises(FormError) as e:
        validate(MeasureInput, data)
    assert e.value.errors.get(field) == key


@given(st.text(max_size=300))
def test_any_title_either_validates_cleanly_or_names_the_title(title):
    try:
        f = validate(MeasureInput, {"title": title})
    except FormError as e:
        assert set(e.errors) == {"title"}
    else:
        assert f.title == f.title.strip() and 0 < len(f.title) <= 200 and "\x00" not in f.title
