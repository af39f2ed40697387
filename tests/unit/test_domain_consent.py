"""Samtykke (ip_app.consent.rules): scopes, expiry and the age of consent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ip_app.consent.rules import AGE_OF_CONSENT, age_on, consents_for_self
from ip_app.kernel.scopes import (
    ConsentFacts, ConsentStatus, Scope, active_scopes, effective_status, format_scopes,
    parse_scopes,
)

TODAY = date(2025, 3, 15)


# --------------------------------------------------------------------------- scopes
def test_scope_values_are_the_stored_strings():
    assert {s.value for s in Scope} == {
        "goals", "own_measures", "all_measures", "dialog", "confidential"}


@pytest.mark.parametrize("raw,expected", [
    ("", set()),
    (",,,", set()),
    ("goals", {Scope.GOALS}),
    ("goals,dialog", {Scope.GOALS, Scope.DIALOG}),
    (" goals , dialog ,", {Scope.GOALS, Scope.DIALOG}),
    ("goals,goals", {Scope.GOALS}),
    ("goals,unknown,admin,dialog", {Scope.GOALS, Scope.DIALOG}),
    ("GOALS,Dialog", set()),  # stored values are lower case; anything else is unknown
    ("own_measures,all_measures,confidential",
     {Scope.OWN_MEASURES, Scope.ALL_MEASURES, Scope.CONFIDENTIAL}),
    ("goals;dialog", set()),
])
def test_parse_scopes_from_string(raw, expected):
    got = parse_scopes(raw)
    assert got == frozenset(expected)
    assert isinstance(got, frozenset)
    assert all(type(s) is Scope for s in got)


def test_parse_scopes_from_iterable():
    assert parse_scopes(["dialog", " goals ", "nope", ""]) == {Scope.DIALOG, Scope.GOALS}
    assert parse_scopes([Scope.CONFIDENTIAL]) == {Scope.CONFIDENTIAL}
    assert parse_scopes([]) == frozenset()
    assert parse_scopes(iter(["goals"])) == {Scope.GOALS}


@pytest.mark.parametrize("scopes,expected", [
    ([], ""),
    ([Scope.GOALS], "goals"),
    ([Scope.GOALS, Scope.DIALOG], "dialog,goals"),
    (["goals", "dialog", "goals"], "dialog,goals"),
    (["bogus", Scope.CONFIDENTIAL], "confidential"),
    (list(Scope), "all_measures,confidential,dialog,goals,own_measures"),
])
def test_format_scopes_sorted_unique_known_only(scopes, expected):
    assert format_scopes(scopes) == expected


@given(st.frozensets(st.sampled_from(list(Scope))))
def test_parse_format_round_trip(scopes):
    assert parse_scopes(format_scopes(scopes)) == scopes


@given(st.lists(st.one_of(st.sampled_from([s.value for s in Scope]), st.text(max_size=12))))
def test_format_is_canonical(parts):
    text = format_scopes(parts)
    # formatting is idempotent and independent of order and repeats
    assert format_scopes(parse_scopes(text)) == text
    assert format_scopes(list(reversed(parts))) == text
    assert parse_scopes(text) == {Scope(p.strip()) for p in parts
                                  if p.strip() in {s.value for s in Scope}}


@given(st.text())
def test_parse_scopes_never_fails_on_any_text(raw):
    assert parse_scopes(raw) <= frozenset(Scope)


# --------------------------------------------------------------------------- expiry
def test_granted_without_end_date_never_expires():
    c = ConsentFacts(ConsentStatus.GRANTED, frozenset({Scope.GOALS}))
    assert effective_status(c, date(2999, 1, 1)) == ConsentStatus.GRANTED


def test_expiry_boundary_day():
    end = date(2025, 3, 31)
    c = ConsentFacts(ConsentStatus.GRANTED, frozenset({Scope.GOALS}), valid_until=end)
    assert effective_status(c, end - timedelta(days=1)) == ConsentStatus.GRANTED
    assert effective_status(c, end) == ConsentStatus.GRANTED  # valid through its last day
    assert effective_status(c, end + timedelta(days=1)) == ConsentStatus.EXPIRED
    assert active_scopes(c, end) == {Scope.GOALS}
    assert active_scopes(c, end + timedelta(days=1)) == frozenset()


@pytest.mark.parametrize("status", [ConsentStatus.REQUESTED, ConsentStatus.DECLINED,
                                    ConsentStatus.WITHDRAWN, ConsentStatus.EXPIRED])
@pytest.mark.parametrize("offset", [-10, 0, 10])
def test_other_statuses_are_kept_as_they_are(status, offset):
    c = ConsentFacts(status, frozenset(Scope), valid_until=TODAY + timedelta(days=offset))
    assert effective_status(c, TODAY) == status
    assert active_scopes(c, TODAY) == frozenset()


def test_active_scopes_of_no_consent():
    assert active_scopes(None, TODAY) == frozenset()


def test_active_scopes_of_granted_consent():
    scopes = frozenset({Scope.DIALOG, Scope.OWN_MEASURES})
    assert active_scopes(ConsentFacts(ConsentStatus.GRANTED, scopes), TODAY) == scopes


@given(st.dates(), st.dates(), st.frozensets(st.sampled_from(list(Scope))))
def test_expiry_property(until, today, scopes):
    c = ConsentFacts(ConsentStatus.GRANTED, scopes, valid_until=until)
    expired = today > until
    assert effective_status(c, today) == (ConsentStatus.EXPIRED if expired else ConsentStatus.GRANTED)
    assert active_scopes(c, today) == (frozenset() if expired else scopes)


# --------------------------------------------------------------------------- age of consent
def test_age_of_consent_is_16():
    assert AGE_OF_CONSENT == 16


@pytest.mark.parametrize("birth,today,age", [
    (date(2009, 6, 15), date(2025, 6, 14), 15),
    (date(2009, 6, 15), date(2025, 6, 15), 16),
    (date(2009, 6, 15), date(2025, 6, 16), 16),
    (date(2009, 12, 31), date(2025, 12, 30), 15),
    (date(2009, 12, 31), date(2025, 12, 31), 16),
    (date(2009, 1, 1), date(2024, 12, 31), 15),
    (date(2009, 1, 1), date(2025, 1, 1), 16),
    (date(2025, 3, 15), date(2025, 3, 15), 0),
    # born on 29 February: the 16th birthday falls in a leap year (2008 + 16 = 2024)
    (date(2008, 2, 29), date(2024, 2, 28), 15),
    (date(2008, 2, 29), date(2024, 2, 29), 16),
    (date(2008, 2, 29), date(2024, 3, 1), 16),
    # ...and in a non-leap year the birthday counts from 1 March
    (date(2008, 2, 29), date(2025, 2, 28), 16),
    (date(2008, 2, 29), date(2025, 3, 1), 17),
    # 2100 is not a leap year: a 29 February 2084 child turns 16 on 1 March 2100
    (date(2084, 2, 29), date(2100, 2, 28), 15),
    (date(2084, 2, 29), date(2100, 3, 1), 16),
])
def test_age_on(birth, today, age):
    assert age_on(birth, today) == age
    assert consents_for_self(birth, today) is (age >= 16)


def test_age_unknown():
    assert age_on(None, TODAY) is None
    # without a known birth date the person is treated as consenting for themselves
    assert consents_for_self(None, TODAY) is True


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=0, max_value=120))
def test_age_on_birthdays(birth, years):
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a non-leap year
        birthday = date(birth.year + years, 3, 1)
    assert age_on(birth, birthday) == years
    assert age_on(birth, birthday - timedelta(days=1)) == years - 1


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=0, max_value=40000), st.integers(min_value=0, max_value=800))
def test_age_is_monotonic(birth, d1, d2):
    a = birth + timedelta(days=d1)
    b = a + timedelta(days=d2)
    assert 0 <= age_on(birth, a) <= age_on(birth, b)
    assert age_on(birth, b) - age_on(birth, a) <= d2 // 365 + 1


@settings(max_examples=300)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2080, 12, 31)),
       st.integers(min_value=-800, max_value=800))
def test_consents_for_self_switches_exactly_on_16th_birthday(birth, offset):
    try:
        sixteenth = birth.replace(year=birth.year + 16)
    except ValueError:
        sixteenth = date(birth.year + 16, 3, 1)
    today = sixteenth + timedelta(days=offset)
    assert consents_for_self(birth, today) is (offset >= 0)


def test_who_may_ask_for_consent_again():
    from ip_app.kernel.scopes import ConsentStatus as CS
    from ip_app.consent.rules import may_request
    for role in ("veileder", "koordinator"):
        for st in (None, CS.DECLINED, CS.WITHDRAWN, CS.EXPIRED):
            assert may_request(role, st)
        for st in (CS.REQUESTED, CS.GRANTED):
            assert not may_request(role, st)  # one request or consent at a time
    for role in ("tjenesteyter", "parorende", "verge", "person", None):
        assert not may_request(role, None)
