"""Fødselsnummer and D-nummer: is this a number that can exist?

Plain rules, no I/O. A Norwegian national identity number has 11 digits: the birth
date (DDMMYY), a three-digit individual number that also tells the century, and two
check digits (modulus 11). A D-nummer (given to people who are not registered as
living in Norway) has 4 added to the first digit of the day; a synthetic test number
(made for testing, never a real person's) has 8 added to the first digit of the month.

The app never keeps the number itself: `people.key.fnr_hash` turns it into a keyed
hash, and staff see the name and birth date (`Fnr.birth_date`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Optional

from ip_app.kernel.actor import RuleError

_FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class FnrKind(StrEnum):
    FNR = "fnr"  # fødselsnummer
    D_NUMBER = "d"  # D-nummer
    SYNTHETIC = "synthetic"  # syntetisk testnummer


@dataclass(frozen=True)
class Fnr:
    """A checked number: `value` the 11 digits, and what it tells."""

    value: str
    birth_date: date
    kind: FnrKind


def _check_digit(digits: str, weights: tuple[int, ...]) -> Optional[int]:
    rest = 11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11
    if rest == 11:
        return 0
    return None if rest == 10 else rest  # 10: no number has these first digits


def _century(year: int, individual: int) -> Optional[int]:
    """The century of a two-digit year from the individual number (None: not issued)."""
    if individual <= 499:
        return 1900
    if individual >= 900 and year >= 40:
        return 1900
    if individual <= 749 and year >= 54:
        return 1800
    if year <= 39:
        return 2000
    return None


def normalise(raw: str) -> str:
    """What a person typed, without the spaces, dots and dashes people put in."""
    return "".join(ch for ch in (raw or "") if ch not in " .-\u00a0\t")


def parse_fnr(raw: str, today: Optional[date] = None) -> Fnr:
    """The number as a checked `Fnr`, or RuleError with the catalogue key of what is wrong:
    `fnr.error_format` (not 11 digits), `fnr.error_date` (no such birth date),
    `fnr.error_check` (a check digit does not match: most likely a typing error)."""
    value = normalise(raw)
    if len(value) != 11 or not value.isascii() or not value.isdigit():
        raise RuleError("fnr.error_format")
    day, month, year = int(value[0:2]), int(value[2:4]), int(value[4:6])
    kind = FnrKind.FNR
    if day > 40:
        day, kind = day - 40, FnrKind.D_NUMBER
    if month > 80:
        month, kind = month - 80, FnrKind.SYNTHETIC
    century = _century(year, int(value[6:9]))
    if century is None:
        raise RuleError("fnr.error_date")
    try:
        born = date(century + year, month, day)
    except ValueError:
        raise RuleError("fnr.error_date") from None
    if today is not None and born > today:
        raise RuleError("fnr.error_date")
    first = _check_digit(value[:9], _FIRST_WEIGHTS)
    second = _check_digit(value[:10], _SECOND_WEIGHTS)
    if first is None or second is None or value[9:] != f"{first}{second}":
        raise RuleError("fnr.error_check")
    return Fnr(value=value, birth_date=born, kind=kind)


def looks_like_fnr(raw: str) -> bool:
    """Whether a search text is meant as a number (11 digits once spaces are gone)."""
    value = normalise(raw)
    return len(value) == 11 and value.isdigit()
