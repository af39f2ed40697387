"""The legal bases one plan joins, and how a tiltak is tagged by the plans it serves."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Iterable

from ip_app.measures.rules import MeasureFacts, Status


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


def measure_order(m: Any) -> tuple:  # a Measure row
    """The order `load_plan` reads tiltak in (undated first, then by start, then as made),
    for a list of tiltak put together in Python."""
    return (m.start_date is not None, m.start_date or date.min, m.id)


def measure_facts(m: Any, responsible: Any, plan_person_id: int) -> MeasureFacts:
    """`m`: a Measure row; `responsible`: who is responsible (plan.data.ParticipantInfo)."""
    return MeasureFacts(
        status=Status(m.status), agreed=m.agreed, created_by_id=m.created_by_id,
        responsible_participant_id=m.responsible_participant_id,
        responsible_role=responsible.role if responsible else None,
        responsible_org_kind=responsible.org_kind if responsible else "",
        plan_person_id=plan_person_id,
    )


def history_key(kind: str, id_: int, version: int, viewer: Any, lang: str) -> tuple:
    """The key of one goal's or tiltak's finished history rows for one viewer and language
    (the `plan.history` memo): a new version moves it."""
    return (kind, id_, version, viewer.account_id, lang)
