"""The access log as people read it: lines grouped by who and day, refused ones apart.

Plain rules over plain facts: the web layer turns each group into one sentence ("Kari
Nordmann, NAV Molde, så planen din 3 ganger i dag") with its lines below it, and each line
names the part of the plan its audit row's target points at (which tiltak, conversation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, Optional

# actions that only look (a group of only these "så planen din N ganger")
READS = frozenset({"read_plan"})


@dataclass(frozen=True)
class LogFact:
    id: int
    at: datetime
    day: date  # the local day of `at`
    actor: Optional[int]  # the account; None when nobody was logged in
    action: str
    allowed: bool
    target: str = ""


@dataclass
class LogGroup:
    actor: Optional[int]
    day: date
    allowed: bool
    facts: list[LogFact] = field(default_factory=list)

    @property
    def only_reads(self) -> bool:
        return all(f.action in READS for f in self.facts)


def group_log(facts: Iterable[LogFact]) -> list[LogGroup]:
    """Newest first (as given): one group per who, day and allowed-or-refused, in the order
    of each group's newest line."""
    groups: dict[tuple, LogGroup] = {}
    for f in facts:
        key = (f.actor, f.day, f.allowed)
        if key not in groups:
            groups[key] = LogGroup(f.actor, f.day, f.allowed)
        groups[key].facts.append(f)
    return list(groups.values())


def target_of(target: str) -> tuple[str, Optional[int]]:
    """"measure:12" -> ("measure", 12); anything else -> (kind, None)."""
    kind, _, raw = (target or "").partition(":")
    try:
        return kind, int(raw)
    except ValueError:
        return kind, None


def day_word(day: date, today: date) -> str:
    """"today" | "yesterday" | "" (then the date is written out)."""
    delta = (today - day).days
    return "today" if delta == 0 else "yesterday" if delta == 1 else ""
