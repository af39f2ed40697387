"""Full-time programmes: weekly hours against 37.5, and introduction programme time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ip_app.domain.programme import (
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
