"""Who acts on a plan, and the error a domain rule raises when it says no.

Every feature's rules take an `Actor` and raise `RuleError` with a catalogue key; the
access policy (access.py) builds the actor from the viewer's place in the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ip_app.kernel.roles import Role


@dataclass(frozen=True)
class Actor:
    """Who is acting on a plan: their account, role in that plan and organisation kind."""

    account_id: int
    role: Role
    participant_id: Optional[int] = None
    org_kind: str = ""
    org_id: Optional[int] = None


class RuleError(Exception):
    """A domain rule refused an action. `key` is a translation-catalogue key."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key
