"""Readable history of a tiltak, computed from consecutive version snapshots.

One place turns versions into changes ("status from Planlagt to Gjennomføres");
the UI formats each change in the viewer's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

# snapshot fields a person would recognise, in the order changes are told
TRACKED_FIELDS = (
    "title", "kind", "description", "responsible_participant_id", "extent", "hours_per_week", "how",
    "start_date", "end_date", "goal_id", "serves",
)


@dataclass(frozen=True)
class Change:
    kind: str  # "created" | "status" | "agreed" | "fields"
    old: Optional[str] = None
    new: Optional[str] = None
    fields: tuple[str, ...] = field(default_factory=tuple)


def changes_between(prev: Optional[dict[str, Any]], cur: dict[str, Any]) -> list[Change]:
    if prev is None:
        return [Change(kind="created", new=cur.get("status"))]
    out: list[Change] = []
    if prev.get("status") != cur.get("status"):
        out.append(Change(kind="status", old=prev.get("status"), new=cur.get("status")))
    if bool(prev.get("agreed")) != bool(cur.get("agreed")):
        out.append(Change(kind="agreed", new="yes" if cur.get("agreed") else "no"))
    changed = tuple(f for f in TRACKED_FIELDS if prev.get(f) != cur.get(f))
    if changed:
        out.append(Change(kind="fields", fields=changed))
    return out


def history(snapshots: list[dict[str, Any]]) -> list[list[Change]]:
    """For versions in ascending order, the changes each version made."""
    result: list[list[Change]] = []
    prev: Optional[dict[str, Any]] = None
    for snap in snapshots:
        result.append(changes_between(prev, snap))
        prev = snap
    return result


# the texts a person wrote or reads on the card: every earlier value stays readable
EARLIER_FIELDS = ("title", "description", "extent", "hours_per_week", "how", "start_date",
                  "end_date")


def earlier_values(prev: Optional[dict[str, Any]], cur: dict[str, Any]
                   ) -> list[tuple[str, Any]]:
    """What a version replaced: (field, the value before) for each text field it changed,
    in the card's order. Nothing for the first version (nothing was there before)."""
    if prev is None:
        return []
    return [(f, prev.get(f)) for f in EARLIER_FIELDS if prev.get(f) != cur.get(f)]
