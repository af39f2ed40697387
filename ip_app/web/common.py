"""Small helpers every state uses: the date the rules run on, and ids from the browser."""

from __future__ import annotations

from datetime import date
from typing import Optional


def today() -> date:
    """The date access, consent expiry and overdue evaluations are judged on."""
    return date.today()


def to_int(raw: object) -> Optional[int]:
    """An id as sent by a browser, or None: it is only ever used to look something up."""
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None
