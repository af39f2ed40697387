"""Til oppfølging and the caseload's sort: the rules in caseload/rules.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from ip_app.caseload import rules as f
from ip_app.caseload.rules import CaseFacts, Kind

TODAY = date(2026, 12, 9)  # a Wednesday
UTC = timezone.utc


def _kinds(items):
    return [(i.name, i.kind) for i in items]


@pytest.mark.parametrize("days, expected", [
    (-1, Kind.EVALUATION_OVERDUE), (0, Kind.EVALUATION_DUE),
    (f.EVALUATION_SOON_DAYS, Kind.EVALUATION_DUE), (f.EVALUATION_SOON_DAYS + 1, None),
])
def test_evaluation_overdue_or_due_soon(days, expected):
    assert f.evaluation_follow_up(TODAY + timedelta(days=days), TODAY) == expected


def test_no_evaluation_date_asks_for_nothing():
    assert f.evaluation_follow_up(None, TODAY) is None


@pytest.mark.parametrize("days, expiring", [
    (-1, False), (0, True), (f.CONSENT_SOON_DAYS, True), (f.CONSENT_SOON_DAYS + 1, False),
])
def test_consent_expiring_within_the_window(days, expiring):
    assert f.consent_expiring(TODAY + timedelta(days=days), TODAY) is expiring


def test_a_consent_without_end_never_expires():
    assert f.consent_expiring(None, TODAY) is False


def test_rest_of_week_ends_on_sunday():
    assert f.rest_of_week(TODAY) == (TODAY, date(2026, 12, 13))
    sunday = date(2026, 12, 13)
    assert f.rest_of_week(sunday) == (sunday, sunday)


def test_meeting_this_week_is_counted_in_norwegian_time():
    # Sunday 23:30 in Oslo is Sunday 22:30 UTC: this week; Monday 00:30 Oslo is not
    assert f.meeting_this_week(datetime(2026, 12, 13, 22, 30, tzinfo=UTC), TODAY)
    assert not f.meeting_this_week(datetime(2026, 12, 13, 23, 30, tzinfo=UTC), TODAY)
    assert not f.meeting_this_week(datetime(2026, 12, 8, 10, 0, tzinfo=UTC), TODAY)  # yesterday
    with pytest.raises(ValueError):
        f.meeting_this_week(datetime(2026, 12, 10, 10, 0), TODAY)


def test_follow_ups_list_what_waits_most_pressing_first():
    cases = [
        CaseFacts(1, "Berit", next_evaluation=TODAY + timedelta(days=3), proposals=2),
        CaseFacts(2, "Ali", next_evaluation=TODAY - timedelta(days=5), answer_nav=1,
                  consent_valid_until=TODAY + timedelta(days=10),
                  meetings=(datetime(2026, 12, 10, 9, 0, tzinfo=UTC),
                            datetime(2026, 12, 20, 9, 0, tzinfo=UTC))),
        CaseFacts(3, "Cecilie", next_evaluation=TODAY + timedelta(days=60),
                  consent_valid_until=TODAY + timedelta(days=90)),
    ]
    items = f.follow_ups(cases, TODAY)
    assert _kinds(items) == [
        ("Ali", Kind.EVALUATION_OVERDUE), ("Ali", Kind.ANSWER_NAV), ("Berit", Kind.PROPOSALS),
        ("Ali", Kind.MEETING), ("Berit", Kind.EVALUATION_DUE), ("Ali", Kind.CONSENT_EXPIRING),
    ]
    meeting = next(i for i in items if i.kind == Kind.MEETING)
    assert meeting.on == date(2026, 12, 10) and meeting.plan_id == 2
    assert next(i for i in items if i.kind == Kind.PROPOSALS).count == 2


def test_nothing_waiting_gives_an_empty_list():
    assert f.follow_ups([CaseFacts(1, "Ola")], TODAY) == []


@dataclass
class _Row:
    name: str
    evaluation_on: str = ""
    changed_at: str = ""
    unread: int = 0


ROWS = [_Row("Emil", "2026-12-01", "2026-12-05T10:00:00+00:00", 0),
        _Row("amina", "2027-01-10", "", 3),
        _Row("Sara", "", "2026-12-08T10:00:00+00:00", 1)]


@pytest.mark.parametrize("by, order", [
    ("name", ["amina", "Emil", "Sara"]),
    ("evaluation", ["Emil", "amina", "Sara"]),  # soonest first, none last
    ("changed", ["Sara", "Emil", "amina"]),  # newest first, none last
    ("unread", ["amina", "Sara", "Emil"]),
    ("something else", ["amina", "Emil", "Sara"]),
])
def test_sort_rows(by, order):
    assert [r.name for r in f.sort_rows(ROWS, by)] == order
