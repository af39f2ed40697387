"""Fødselsnummer: numbers made here by search (the digits that make the weighted sums
divisible by 11), then checked by the app's rule; and the keyed hash it stores."""

from __future__ import annotations

import os
import stat
from datetime import date
from itertools import product

import pytest

from ip_app.kernel.actor import RuleError
from ip_app.people import key as person_key
from ip_app.people.fnr import FnrKind, looks_like_fnr, parse_fnr

# the control sums as published: each sum, over the digits up to and including the
# check digit, is divisible by 11
CONTROL_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
CONTROL_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _make(first9: str) -> str | None:
    """The 11-digit number whose control sums both hold, found by trying every pair of
    check digits (None: no pair works for these first nine digits)."""
    for k1, k2 in product("0123456789", repeat=2):
        n = first9 + k1 + k2
        if (sum(int(d) * w for d, w in zip(n, CONTROL_1)) % 11 == 0
                and sum(int(d) * w for d, w in zip(n, CONTROL_2)) % 11 == 0):
            return n
    return None


def _valid(ddmmyy: str, start: int = 0) -> str:
    for ind in range(start, start + 100):
        n = _make(f"{ddmmyy}{ind:03d}")
        if n:
            return n
    raise AssertionError("no valid number found")


TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("ddmmyy,start,born", [
    ("140397", 0, date(1997, 3, 14)),     # individual 000-499: 1900s
    ("010105", 500, date(2005, 1, 1)),    # 500-999 with year 00-39: 2000s
    ("290245", 900, None),                # 29 February 1945: 1945 is no leap year
    ("311260", 900, date(1960, 12, 31)),  # 900-999 with year 40-99: 1900s
    ("150670", 500, date(1870, 6, 15)),   # 500-749 with year 54-99: 1800s
])
def test_numbers_made_here_are_accepted_with_their_birth_date(ddmmyy, start, born):
    if born is None:
        with pytest.raises(RuleError) as e:
            parse_fnr(_valid(ddmmyy, start), TODAY)
        assert e.value.key == "fnr.error_date"
        return
    n = _valid(ddmmyy, start)
    f = parse_fnr(n, TODAY)
    assert (f.value, f.birth_date, f.kind) == (n, born, FnrKind.FNR)


def test_spaces_and_dots_that_people_type_are_ignored():
    n = _valid("140397")
    assert parse_fnr(f"{n[:6]} {n[6:]}", TODAY).value == n
    assert parse_fnr(f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:]}", TODAY).value == n


def test_every_single_wrong_digit_is_refused():
    for n in (_valid("140397"), _valid("010105", 500), _valid("311260", 900)):
        for i in range(11):
            for d in "0123456789":
                if d == n[i]:
                    continue
                wrong = n[:i] + d + n[i + 1:]
                with pytest.raises(RuleError):
                    parse_fnr(wrong, TODAY)


def test_a_wrong_check_digit_says_so():
    n = _valid("140397")
    wrong = n[:10] + str((int(n[10]) + 1) % 10)
    with pytest.raises(RuleError) as e:
        parse_fnr(wrong, TODAY)
    assert e.value.key == "fnr.error_check"


def test_d_number_and_synthetic_number():
    d = _valid("540397")  # day 14 + 40
    f = parse_fnr(d, TODAY)
    assert (f.birth_date, f.kind) == (date(1997, 3, 14), FnrKind.D_NUMBER)
    syn = _valid("148397")  # month 03 + 80: a test number, never a real person's
    f = parse_fnr(syn, TODAY)
    assert (f.birth_date, f.kind) == (date(1997, 3, 14), FnrKind.SYNTHETIC)


@pytest.mark.parametrize("raw,key", [
    ("", "fnr.error_format"), ("1403971234", "fnr.error_format"),
    ("140397123456", "fnr.error_format"), ("14039712a45", "fnr.error_format"),
    ("١٤٠٣٩٧١٢٣٤٥", "fnr.error_format"),  # digits, but not the ones we mean
])
def test_not_eleven_digits(raw, key):
    with pytest.raises(RuleError) as e:
        parse_fnr(raw, TODAY)
    assert e.value.key == key


@pytest.mark.parametrize("ddmmyy,start", [("310297", 0), ("001397", 0), ("140345", 750)])
def test_no_such_date_or_century(ddmmyy, start):
    n = _make(f"{ddmmyy}{start:03d}") or _valid(ddmmyy, start)
    with pytest.raises(RuleError) as e:
        parse_fnr(n, TODAY)
    assert e.value.key == "fnr.error_date"


def test_a_birth_date_after_today_is_refused():
    n = _valid("010130", 500)  # 1 January 2030
    with pytest.raises(RuleError) as e:
        parse_fnr(n, TODAY)
    assert e.value.key == "fnr.error_date"
    assert parse_fnr(n, date(2030, 1, 2)).birth_date == date(2030, 1, 1)


def test_looks_like_fnr():
    assert looks_like_fnr("140397 12345")
    assert not looks_like_fnr("Amina") and not looks_like_fnr("14.03.1997")


def test_hash_is_keyed_and_the_key_file_is_made_once(tmp_path, monkeypatch):
    n = _valid("140397")
    monkeypatch.delenv("IP_FNR_KEY", raising=False)
    monkeypatch.setenv("IP_FNR_KEY_FILE", str(tmp_path / "k" / "fnr.key"))
    first = person_key.fnr_hash(n)
    assert first == person_key.fnr_hash(n) and n not in first and len(first) == 64
    path = tmp_path / "k" / "fnr.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    monkeypatch.setenv("IP_FNR_KEY_FILE", str(tmp_path / "other.key"))
    assert person_key.fnr_hash(n) != first  # another install, another key
    monkeypatch.setenv("IP_FNR_KEY", "a configured key")
    configured = person_key.fnr_hash(n)
    assert configured not in (first, person_key.fnr_hash(_valid("140397", 200)))
    assert not (tmp_path / "none.key").exists()
