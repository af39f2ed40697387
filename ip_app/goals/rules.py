"""Goals (mål): the person's own words are never overwritten silently.

The person edits their goals freely. Staff may adjust the wording only with a
reason, which the person sees in the goal's history next to the earlier text.
"""

from __future__ import annotations

from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.roles import Role

GOAL_MAX = 500  # as in NAV's aktivitetsplan


def may_edit_goals(actor: Actor) -> bool:
    """The person, their NAV-veileder and the koordinator work on the goals."""
    return actor.role in (Role.PERSON, Role.VEILEDER, Role.KOORDINATOR)


def check_goal_edit(actor: Actor, old_text: str, new_text: str, reason: str) -> tuple[str, str]:
    """Return the cleaned (text, reason) if the change is allowed, else raise RuleError."""
    text = (new_text or "").replace("\x00", "").strip()
    reason = (reason or "").replace("\x00", "").strip()
    if not may_edit_goals(actor):
        raise RuleError("error.not_allowed")
    if not text:
        raise RuleError("error.goal_required")
    if len(text) > GOAL_MAX:
        raise RuleError("error.goal_too_long")
    if text == old_text:
        raise RuleError("error.goal_same")
    if len(reason) > 500:
        raise RuleError("error.reason_too_long")
    if actor.role != Role.PERSON and not reason:
        raise RuleError("error.goal_reason_required")
    return text, reason
