"""The legal bases one plan joins, and how a tiltak is tagged by the plans it serves."""

from __future__ import annotations

from enum import StrEnum
from typing import Iterable


class PlanBasis(StrEnum):
    AKTIVITETSPLAN = "aktivitetsplan"  # NAV-loven § 14 a
    INDIVIDUELL_PLAN = "individuell_plan"  # NAV-loven § 15, stjl. § 28, pbrl. § 2-5
    INTEGRERINGSPLAN = "integreringsplan"  # integreringsloven
    KVALIFISERINGSPROGRAM = "kvalifiseringsprogram"  # stjl. § 29 and § 33


SAMORDNET = "samordnet"  # the tag of a tiltak that serves more than one plan


def parse_serves(raw: str) -> list[PlanBasis]:
    """Parse the stored comma list; unknown values are ignored, order kept, no repeats."""
    seen: list[PlanBasis] = []
    for part in (raw or "").split(","):
        part = part.strip()
        if part in PlanBasis.__members__.values() and PlanBasis(part) not in seen:
            seen.append(PlanBasis(part))
    return seen


def format_serves(bases: Iterable[PlanBasis | str]) -> str:
    return ",".join(parse_serves(",".join(str(b) for b in bases)))


def plan_tag(serves: list[PlanBasis]) -> str:
    """The one tag a card shows: the plan it serves, or 'samordnet' for several."""
    if not serves:
        return ""
    if len(serves) > 1:
        return SAMORDNET
    return serves[0].value
