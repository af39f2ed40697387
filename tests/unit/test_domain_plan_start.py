"""The "Ny plan" form and the person search (plan_start/rules.py)."""

from __future__ import annotations

from datetime import date

import pytest

from ip_app.kernel.actor import RuleError
from ip_app.kernel.forms import FormError
from ip_app.plan.rules import PlanBasis
from ip_app.plan_start.rules import check_new_person, check_plan_start, parse_search
from tests.unit.test_fnr import _valid

TODAY = date(2026, 12, 7)
GOOD = {"basis_individuell_plan": "on", "basis_aktivitetsplan": "on",
        "period_start": "2026-12-07", "period_end": "2027-12-07",
        "first_evaluation": "2027-03-01", "goal": "Jeg vil ha en jobb.", "consent": "on"}


def test_a_good_form():
    p = check_plan_start(GOOD, TODAY)
    assert p.bases == (PlanBasis.AKTIVITETSPLAN, PlanBasis.INDIVIDUELL_PLAN)
    assert (p.period_start, p.period_end, p.first_evaluation) == (
        date(2026, 12, 7), date(2027, 12, 7), date(2027, 3, 1))


def test_the_goal_may_be_left_for_the_person():
    assert check_plan_start({**GOOD, "goal": "  "}, TODAY).goal == ""


@pytest.mark.parametrize("change,field,key", [
    ({"basis_individuell_plan": "", "basis_aktivitetsplan": ""}, "bases", "start.error_bases"),
    ({"period_start": ""}, "period_start", "start.error_date"),
    ({"period_start": "7. desember"}, "period_start", "start.error_date"),
    ({"period_start": "2025-01-01"}, "period_start", "start.error_start_past"),
    ({"period_end": "2026-12-01"}, "period_end", "start.error_end_before_start"),
    ({"period_end": "2040-01-01"}, "period_end", "start.error_period_long"),
    ({"first_evaluation": "2026-12-01"}, "first_evaluation", "start.error_eval_before_period"),
    ({"first_evaluation": "2028-01-01"}, "first_evaluation", "start.error_eval_after_period"),
    ({"goal": "x" * 501}, "goal", "start.error_goal_long"),
    ({"consent": ""}, "consent", "start.error_consent"),
])
def test_bad_input_is_named_at_its_field(change, field, key):
    with pytest.raises(FormError) as e:
        check_plan_start({**GOOD, **change}, TODAY)
    assert e.value.errors == {field: key}


def test_a_new_person_needs_a_valid_number_and_a_name():
    n = _valid("140397")
    p = check_new_person({"fnr": n, "name": " Leila Test "}, TODAY)
    assert (p.name, p.fnr.birth_date) == ("Leila Test", date(1997, 3, 14))
    with pytest.raises(FormError) as e:
        check_new_person({"fnr": n[:10] + str((int(n[10]) + 1) % 10), "name": ""}, TODAY)
    assert e.value.errors == {"fnr": "fnr.error_check", "name": "start.error_name"}


def test_what_a_search_means():
    n = _valid("140397")
    kind, value = parse_search(n[:6] + " " + n[6:], TODAY)
    assert kind == "fnr" and value.value == n
    assert parse_search("14.03.1997", TODAY) == ("born", date(1997, 3, 14))
    assert parse_search("14.03.97", TODAY) == ("born", date(1997, 3, 14))
    assert parse_search("1.2.05", TODAY) == ("born", date(2005, 2, 1))
    assert parse_search("Amina", TODAY) == ("name", "Amina")
    for bad, key in (("31.02.1997", "start.error_search_date"), ("A", "start.error_search_short"),
                     (n[:10] + str((int(n[10]) + 1) % 10), "fnr.error_check")):
        with pytest.raises(RuleError) as e:
            parse_search(bad, TODAY)
        assert e.value.key == key
