"""Norway's date: the days of the service (today, i dag, a consent's last day, an evaluation
that is due) are Norwegian days, whatever the server's own time zone. A server or container
on UTC has another date than Norway from 23:00 (22:00 in summer) to midnight UTC: its "today"
put a line written at 00:04 Norwegian time under "8. desember" instead of "i dag"."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Optional
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def today(now: Optional[datetime] = None) -> date:
    """The date in Norway now (or at `now`, an aware time)."""
    return (now or datetime.now(timezone.utc)).astimezone(OSLO).date()
