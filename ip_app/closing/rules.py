"""Closing a plan (avslutte planen), reading it afterwards and reopening it.

- **Who closes and reopens** (`may_close`): the plan of an individuell plan is closed by
  its koordinator (item 3: responsible for coordination and progress; also the participant
  the plan names as coordinator); a plan without an IP (aktivitetsplan, KVP,
  integreringsplan) by the NAV-veileder (§ 14 a; the koordinator too when there is one).
  The same roles reopen it.
- **Why** (`check_close`): a reason from the list (mål nådd, flyttet, ønsker ikke plan
  lenger, annet + a text) and a closing evaluation are required.
- **Read-only** (`may_write`): a closed plan takes no change of any kind except being
  reopened; the gate asks this for every write (one rule, not one per handler).
- **Reopen** (`check_reopen`): within `REOPEN_DAYS` of the closing, with a reason.
- **One plan per person** (`has_open_plan`): a closed plan does not count; a new plan may
  be started beside it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Iterable, Optional

from ip_app.kernel.actor import Actor
from ip_app.kernel.forms import FormError, clean_text
from ip_app.kernel.roles import Role
from ip_app.plan.rules import PlanBasis

REOPEN_DAYS = 90  # a closed plan can be reopened this long after it was closed
TEXT_MAX = 2000

# the only write a closed plan takes
REOPEN_ACTION = "reopen_plan"
WRITES_WHEN_CLOSED = frozenset({REOPEN_ACTION})


class CloseReason(StrEnum):
    GOAL_REACHED = "goal_reached"  # mål nådd
    MOVED = "moved"  # flyttet
    NO_LONGER_WANTED = "no_longer_wanted"  # ønsker ikke plan lenger
    OTHER = "other"  # annet (with a text)


def closing_roles(bases: Iterable[PlanBasis | str]) -> frozenset[Role]:
    """The roles that close (and reopen) a plan with these bases."""
    if PlanBasis.INDIVIDUELL_PLAN in {PlanBasis(b) for b in bases}:
        return frozenset({Role.KOORDINATOR})
    return frozenset({Role.VEILEDER, Role.KOORDINATOR})


def may_close(actor: Actor, bases: Iterable[PlanBasis | str],
              coordinator_participant_id: Optional[int] = None) -> bool:
    """May `actor` close (or reopen) the plan?"""
    if actor.participant_id is not None and actor.participant_id == coordinator_participant_id \
            and actor.role != Role.PERSON:
        return True
    return actor.role in closing_roles(bases)


def may_write(closed: bool, action: str) -> bool:
    """Does a plan (closed or not) take the write `action`?"""
    return not closed or action in WRITES_WHEN_CLOSED


def _clean(v: object) -> Optional[str]:
    if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
        return None
    return clean_text(str(v) if v is not None else "").strip()


def check_close(reason: object, other: object, evaluation: object) -> tuple[CloseReason, str, str]:
    """The closing form: (reason, the text of "annet", the closing evaluation), or
    FormError (field -> catalogue key)."""
    errors: dict[str, str] = {}
    code: Optional[CloseReason] = None
    try:
        code = CloseReason(str(reason or ""))
    except ValueError:
        errors["reason"] = "close.error_reason"
    other_text, evaluation_text = _clean(other), _clean(evaluation)
    if other_text is None:
        errors["other"], other_text = "error.invalid", ""
    elif code == CloseReason.OTHER and not other_text:
        errors["other"] = "close.error_other"
    elif len(other_text) > TEXT_MAX:
        errors["other"] = "close.error_too_long"
    if evaluation_text is None:
        errors["evaluation"], evaluation_text = "error.invalid", ""
    elif not evaluation_text:
        errors["evaluation"] = "close.error_evaluation"
    elif len(evaluation_text) > TEXT_MAX:
        errors["evaluation"] = "close.error_too_long"
    if errors:
        raise FormError(errors)
    assert code is not None
    return code, other_text if code == CloseReason.OTHER else "", evaluation_text


def reopen_until(closed_at: datetime) -> datetime:
    return closed_at + timedelta(days=REOPEN_DAYS)


def may_reopen_now(closed_at: Optional[datetime], now: datetime) -> bool:
    """Is a plan closed at `closed_at` still within the period it can be reopened in?"""
    return closed_at is not None and now <= reopen_until(closed_at)


def check_reopen(closed_at: Optional[datetime], now: datetime, reason: object) -> str:
    """The reopening: the cleaned reason, or FormError."""
    if closed_at is None:
        raise FormError({"_form": "close.error_not_closed"})
    if not may_reopen_now(closed_at, now):
        raise FormError({"_form": "close.error_too_late"})
    text = _clean(reason)
    if text is None:
        raise FormError({"reason": "error.invalid"})
    if not text:
        raise FormError({"reason": "close.error_reopen_reason"})
    if len(text) > TEXT_MAX:
        raise FormError({"reason": "close.error_too_long"})
    return text


def has_open_plan(closed_at_of_plans: Iterable[Optional[datetime]]) -> bool:
    """One plan per person means one OPEN plan: given the closing time (None: open) of each
    of a person's plans, does the person have an open one?"""
    return any(c is None for c in closed_at_of_plans)
