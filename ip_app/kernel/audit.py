"""The audit log: append-only records of reads and changes, allowed or refused.

Attempts by no one (no live session) on a plan are not stored (issue 17): anyone can
send them, and stored on the plan they would fill the person's access log and push
real entries off its first page. They are counted per worker and reported in the
server log, at most one warning line a minute (`ANONYMOUS`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlmodel import Session

from ip_app.kernel.models import AuditEvent, utcnow

log = logging.getLogger("ip_app.audit")
WARN_EVERY_S = 60.0


class _Anonymous:
    """Attempts on plans without a session: a running count, and a warning line at most
    every WARN_EVERY_S seconds with what came since the previous line."""

    def __init__(self) -> None:
        self.total = 0
        self._since: Counter[str] = Counter()
        self._last_warning = float("-inf")
        self._lock = threading.Lock()

    def note(self, action: str) -> None:
        with self._lock:
            self.total += 1
            self._since[action] += 1
            now = time.monotonic()
            if now - self._last_warning < WARN_EVERY_S:
                return
            since, self._since = self._since, Counter()
            self._last_warning = now
        log.warning("attempts on plans without a session (not in any access log): %s; "
                    "%d in all since start", ", ".join(f"{a} {n}" for a, n in since.most_common()),
                    self.total)


ANONYMOUS = _Anonymous()


_INSERT = sa.insert(AuditEvent)


def record(
    s: Session,
    *,
    actor_id: Optional[int],
    action: str,
    plan_id: Optional[int] = None,
    actor_role: str = "",
    target: str = "",
    allowed: bool = True,
    detail: str = "",
) -> None:
    if actor_id is None and plan_id is not None:
        ANONYMOUS.note(action)
        return
    # one Core INSERT, in the caller's transaction: the ORM's unit of work for one row cost
    # more than the rest of a page's open (a flush before the next query, issue 23)
    s.execute(_INSERT, dict(at=utcnow(), actor_id=actor_id, actor_role=actor_role,
                            action=action, plan_id=plan_id, target=target, allowed=allowed,
                            detail=detail[:500]))


def record_listing(s: Session, *, actor_id: int, actor_role: str, action: str,
                   plan_ids: Iterable[int], detail: str = "") -> int:
    """One allowed row per plan whose person appeared in a list the actor read (a
    caseload, /samordning), so each person finds it in their access log: one INSERT
    with many rows, in the caller's transaction. Returns the number of rows."""
    now = utcnow()
    rows = [dict(at=now, actor_id=actor_id, actor_role=actor_role, action=action,
                 plan_id=plan_id, target="", allowed=True, detail=detail[:500])
            for plan_id in dict.fromkeys(plan_ids)]
    if rows:
        s.execute(_INSERT, rows)
    return len(rows)
