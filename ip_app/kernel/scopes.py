"""What a consent lets a participant see, as the access policy reads it.

The scopes, the states a consent goes through and whether one is in force today. The
rules for giving, changing and withdrawing consent are in consent.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Iterable, Optional


class Scope(StrEnum):
    GOALS = "goals"  # mål, ressurser og behov
    OWN_MEASURES = "own_measures"  # the tiltak the participant is responsible for
    ALL_MEASURES = "all_measures"  # every tiltak in the plan
    DIALOG = "dialog"  # the dialog with this participant
    CONFIDENTIAL = "confidential"  # taushetsbelagte opplysninger (notes, assessments)


class ConsentStatus(StrEnum):
    REQUESTED = "requested"
    GRANTED = "granted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


def parse_scopes(raw: str | Iterable[str]) -> frozenset[Scope]:
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    valid = set(Scope.__members__.values())
    return frozenset(Scope(p.strip()) for p in parts if p.strip() in valid)


def format_scopes(scopes: Iterable[Scope | str]) -> str:
    return ",".join(sorted(parse_scopes([str(s) for s in scopes])))


@dataclass(frozen=True)
class ConsentFacts:
    status: ConsentStatus
    scopes: frozenset[Scope]
    valid_until: Optional[date] = None


def effective_status(c: ConsentFacts, today: date) -> ConsentStatus:
    """A granted consent past its end date counts as expired, without any job running."""
    if c.status == ConsentStatus.GRANTED and c.valid_until is not None and c.valid_until < today:
        return ConsentStatus.EXPIRED
    return c.status


def active_scopes(c: Optional[ConsentFacts], today: date) -> frozenset[Scope]:
    if c is None or effective_status(c, today) != ConsentStatus.GRANTED:
        return frozenset()
    return c.scopes
