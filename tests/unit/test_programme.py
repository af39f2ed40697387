"""Full-time programmes: weekly hours against 37.5, and introduction programme time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ip_app.programme.rules import (
    FULL_TIME_HOURS, ProgrammeError, add_years, programme_time, weekly_hours,
)

MON = date(2026, 11, 16)


def test_hours_of_running_tiltak_are_summed():
    load = weekly_hours([
        (20, True, MON - timedelta(days=30), None),
        (12, True, None, MON + timedelta(days=2)),
        (6, False, None, None),  # stopped or finished: not counted
        (5, True, MON + timedelta(days=7), None),  # starts next week
        (4, True, None, MON - timedelta(days=1)),  # ended last week
        (None, True, None, None),
    ], MON + timedelta(days=3))
    assert load.planned == 32
    assert load.missing == 5.5 and not load.is_full_time
    assert weekly_hours([(37.5, True, None, None)], MON).is_full_time
    assert weekly_hours([(40, True, None, None)], MON).missing == 0


@given(st.lists(st.tuples(st.one_of(st.none(), st.floats(0, 60)), st.booleans()), max_size=20))
def test_the_sum_is_the_active_hours_and_missing_never_negative(items):
    load = weekly_hours([(h, a, None, None) for h, a in items], MON)
    assert load.planned == pytest.approx(sum(h for h, a in items if h and a), abs=0.01)
    assert 0 <= load.missing <= FULL_TIME_HOURS
    assert load.is_full_time == (load.planned >= FULL_TIME_HOURS - 0.005)


def test_two_years_and_the_extension():
    start = date(2025, 3, 1)
    t = programme_time(start, date(2026, 3, 1))
    assert t.end == date(2027, 3, 1) and t.used_days == 365 and t.left_days == 365
    assert not t.extended
    ext = programme_time(start, date(2026, 3, 1), extension_months=12,
                         extension_reason="Sykdom i familien")
    assert ext.end == date(2028, 3, 1) and ext.extended and ext.left_days == 731
    with pytest.raises(ProgrammeError) as exc:
        programme_time(start, date(2026, 3, 1), extension_months=6)
    assert exc.value.key == "error.extension_reason_required"
    with pytest.raises(ProgrammeError):
        programme_time(start, date(2026, 3, 1), extension_months=13, extension_reason="x")


def test_before_start_and_after_end():
    start = date(2026, 1, 1)
    before = programme_time(start, date(2025, 12, 1))
    assert before.used_days == 0 and before.left_days == before.total_days
    after = programme_time(start, date(2030, 1, 1))
    assert after.left_days == 0 and after.used_days == after.total_days


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(-800, 1500),
       st.integers(0, 12))
def test_used_plus_left_is_the_whole_programme_while_it_runs(start, offset, months):
    today = start + timedelta(days=offset)
    t = programme_time(start, today, extension_months=months, extension_reason="grunn")
    assert 0 <= t.used_days <= t.total_days and 0 <= t.left_days <= t.total_days
    if start <= today <= t.end:
        assert t.used_days + t.left_days == t.total_days
    # never longer than three years, never shorter than two
    assert add_years(start, 2) <= t.end <= add_years(start, 3)


# --- the plan page's programme part, from the demo ------------------------------------

from ip_app.programme import data as pdata  # noqa: E402
from ip_app.kernel.plan_access import access_for
from ip_app.plan.data import load_page, load_plan  # noqa: E402
from ip_app.plan.view import build_page  # noqa: E402


def _page(s, demo, who, person, today):
    viewer = demo.viewer(s, who)
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    return build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                      viewer, today, "nb")


def test_amina_sees_her_introduction_programme(s, demo, today):
    [b] = _page(s, demo, "amina", "amina", today).programme
    assert b.heading == "Introduksjonsprogrammet" and b.hurtigspor
    assert b.final_goal.startswith("Læreplass som helsefagarbeider")
    assert b.norwegian_level.startswith("A2") and len(b.phases) == 4
    assert b.time_used == "8 måneder brukt" and b.time_left == "16 måneder igjen"
    # norsk (20 t) and the nursing home (12 t) are running: 32 of 37.5
    assert b.week_sum == "Sum denne uka: 32 av 37,5 timer"
    assert b.under_full_time and "5,5 timer" in b.full_time_message
    # the earlier kartlegging is kept as version 1
    assert [v.version for v in pdata.versions(s, demo.plan(s, "amina").id, "integreringsplan")
            ] == [1, 2]


def test_sara_sees_kvp_and_her_right_to_an_ip(s, demo, today):
    [b] = _page(s, demo, "sara", "sara", today).programme
    assert b.heading.startswith("Kvalifiseringsprogrammet")
    assert "individuell plan" in b.right_to_ip
    assert b.week_sum == "Sum denne uka: 26 av 37,5 timer" and b.under_full_time


def test_emil_has_no_programme_and_relatives_see_none(s, demo, today):
    assert _page(s, demo, "emil", "emil", today).programme == []
