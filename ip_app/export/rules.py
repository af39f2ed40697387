"""What goes into a printout: the chosen period (plain Python)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional


@dataclass(frozen=True)
class ExportOptions:
    start: Optional[date] = None  # tiltak and messages from this day…
    end: Optional[date] = None  # …to this day (both optional)
    with_dialog: bool = False


def overlaps(start: Optional[date], end: Optional[date], opts: ExportOptions) -> bool:
    if opts.start and end and end < opts.start:
        return False
    if opts.end and start and start > opts.end:
        return False
    return True
