"""Evaluation and right-to-IP rules: who may do what, and the form shapes."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from ip_app.evaluation.rules import (
    may_evaluate, may_read_evaluations, may_record_evaluation, new_period, EvaluationForm,
)
from ip_app.ip_decision.rules import (
    IpOutcome, effective_has_ip, ip_outcome, may_decide_ip, IpCheckForm,
)
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.actor import RuleError
from ip_app.kernel.forms import TEXT_MAX, FormError, validate
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope

TODAY = date(2026, 3, 10)
D = lambda n: TODAY + timedelta(days=n)  # noqa: E731


# =========================================================================== who may
@pytest.mark.parametrize("role", list(Role) + [None])
def test_only_veileder_and_koordinator_evaluate(role):
    assert may_evaluate(role) is (role in (Role.VEILEDER, Role.KOORDINATOR))


@pytest.mark.parametrize("role", list(Role) + [None])
def test_only_veileder_and_koordinator_decide_on_ip(role):
    assert may_decide_ip(role) is (role in (Role.VEILEDER, Role.KOORDINATOR))


def _access(role, scopes=frozenset(Scope), allowed=True):
    return PlanAccess(allowed=allowed, role=role, participant_id=1, scopes=frozenset(scopes))


@pytest.mark.parametrize("role", list(Role))
def test_record_needs_access_and_an_evaluating_role(role):
    assert may_record_evaluation(_access(role)) is (role in (Role.VEILEDER, Role.KOORDINATOR))
    assert may_record_evaluation(_access(role, allowed=False)) is False


def test_the_person_reads_but_does_not_record():
    person = _access(Role.PERSON)
    assert may_read_evaluations(person) and not may_record_evaluation(person)


def test_reading_needs_the_goals_scope_for_participants():
    assert may_read_evaluations(_access(Role.TJENESTEYTER, {Scope.GOALS, Scope.OWN_MEASURES}))
    assert not may_read_evaluations(_access(Role.PARORENDE, {Scope.DIALOG}))
    assert not may_read_evaluations(_access(Role.VEILEDER, allowed=False))
    assert not may_read_evaluations(PlanAccess(allowed=False, reason="not_logged_in"))


# =========================================================================== plan period
def test_blank_period_fields_keep_the_current_period():
    assert new_period(D(-10), D(100), None, None) == (D(-10), D(100))
    assert new_period(D(-10), D(100), None, D(200)) == (D(-10), D(200))
    assert new_period(None, None, D(1), None) == (D(1), None)


def test_period_may_not_end_before_it_starts():
    with pytest.raises(RuleError) as exc:
        new_period(D(-10), D(100), D(150), None)  # new start after the kept end
    assert exc.value.key == "error.period_order"
    assert new_period(None, None, D(5), D(5)) == (D(5), D(5))  # one day is fine


# =========================================================================== IP question 1
def test_recorded_ip_cannot_be_answered_away():
    for recorded, answered in itertools.product([True, False], repeat=2):
        assert effective_has_ip(recorded, answered) is (recorded or answered)
    # so with an IP on the plan, the tree always says: join the existing plan
    assert ip_outcome(effective_has_ip(True, False), True, True) == IpOutcome.JOIN_EXISTING


# =========================================================================== evaluation form
def _eval(**over):
    data = {"held_on": D(-1).isoformat(), "went_well": "Bra oppmøte", "changes": "",
            "attendees": "Amina, Ola", "next_date": D(60).isoformat(),
            "period_start": "", "period_end": ""}
    data.update(over)
    return validate(EvaluationForm, data, context={"today": TODAY})


def _errors(fn, **over) -> dict[str, str]:
    with pytest.raises(FormError) as exc:
        fn(**over)
    return exc.value.errors


def test_valid_evaluation():
    f = _eval(period_start=D(-100).isoformat(), period_end=D(300).isoformat(),
              attendees="  Amina\x00 ")
    assert f.held_on == D(-1) and f.next_date == D(60)
    assert (f.period_start, f.period_end) == (D(-100), D(300))
    assert f.attendees == "Amina" and f.changes == ""


def test_blank_period_is_none():
    f = _eval()
    assert f.period_start is None and f.period_end is None


@pytest.mark.parametrize("over,field,key", [
    ({"held_on": ""}, "held_on", "error.date_required"),
    ({"held_on": "i går"}, "held_on", "error.date_invalid"),
    ({"held_on": D(1).isoformat()}, "held_on", "error.held_in_future"),
    ({"next_date": ""}, "next_date", "error.date_required"),
    ({"next_date": D(-1).isoformat(), "held_on": D(-5).isoformat()}, "next_date",
     "error.next_in_past"),
    ({"held_on": TODAY.isoformat(), "next_date": TODAY.isoformat()}, "next_date",
     "error.next_before_held"),
    ({"attendees": "   "}, "attendees", "error.attendees_required"),
    ({"went_well": "", "changes": " "}, "went_well", "error.evaluation_empty"),
    ({"went_well": "x" * (TEXT_MAX + 1)}, "went_well", "error.text_too_long"),
    ({"changes": "x" * (TEXT_MAX + 1)}, "changes", "error.text_too_long"),
    ({"attendees": "x" * (TEXT_MAX + 1)}, "attendees", "error.text_too_long"),
    ({"period_start": D(10).isoformat(), "period_end": D(9).isoformat()}, "period_end",
     "error.period_order"),
    ({"period_end": "31.12.2026"}, "period_end", "error.date_invalid"),
])
def test_evaluation_errors(over, field, key):
    assert _errors(_eval, **over) == {field: key}


def test_next_evaluation_today_is_allowed_when_held_before():
    assert _eval(held_on=D(-3).isoformat(), next_date=TODAY.isoformat()).next_date == TODAY


def test_missing_fields_each_get_a_message():
    with pytest.raises(FormError) as exc:
        validate(EvaluationForm, {}, context={"today": TODAY})
    assert exc.value.errors == {"held_on": "error.date_required",
                                "attendees": "error.attendees_required",
                                "next_date": "error.date_required"}


def test_text_at_the_limit_is_accepted():
    assert len(_eval(went_well="x" * TEXT_MAX).went_well) == TEXT_MAX


# =========================================================================== IP check form
def _ip(**over):
    data = {"has_ip": "nei", "long_term": "ja", "several_providers": "ja",
            "reasons": "Trenger NAV og DPS over lang tid."}
    data.update(over)
    return validate(IpCheckForm, data)


def test_valid_ip_check():
    f = _ip(has_ip="Nei", long_term="JA")
    assert (f.has_ip, f.long_term, f.several_providers) == (False, True, True)
    assert ip_outcome(f.has_ip, f.long_term, f.several_providers) == IpOutcome.RIGHT


@pytest.mark.parametrize("over,field,key", [
    ({"has_ip": ""}, "has_ip", "error.answer_required"),
    ({"long_term": "kanskje"}, "long_term", "error.answer_required"),
    ({"several_providers": None}, "several_providers", "error.answer_required"),
    ({"reasons": "  "}, "reasons", "error.reasons_required"),
    ({"reasons": "x" * (TEXT_MAX + 1)}, "reasons", "error.text_too_long"),
])
def test_ip_check_errors(over, field, key):
    assert _errors(_ip, **over) == {field: key}


def test_ip_reasons_at_the_limit():
    assert len(_ip(reasons="y" * TEXT_MAX).reasons) == TEXT_MAX


def test_ip_check_all_missing():
    with pytest.raises(FormError) as exc:
        validate(IpCheckForm, {})
    assert set(exc.value.errors) == {"has_ip", "long_term", "several_providers", "reasons"}


# =========================================================================== texts
def test_every_outcome_has_its_texts():
    from ip_app.kernel.i18n import catalogue

    nb = catalogue("nb")
    for o in IpOutcome:
        for prefix in ("ip.outcome.", "ip.outcome_short.", "ip.saved."):
            assert prefix + o.value in nb
