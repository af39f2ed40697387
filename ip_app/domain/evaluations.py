"""Evaluation of the plan (IP item 7): who records one, and the rules for its dates.

An evaluation is recorded by staff who take part in the plan and may change it
(the NAV-veileder and the koordinator). Everyone who may read the plan's goals
(the person always) reads earlier evaluations. Recording one sets when the plan
is evaluated next, and may adjust the plan period.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from ip_app.domain.access import PlanAccess
from ip_app.domain.scopes import Scope
from ip_app.domain.actor import RuleError
from ip_app.domain.roles import Role

EVALUATING_ROLES = frozenset({Role.VEILEDER, Role.KOORDINATOR})


def may_evaluate(role: Optional[Role]) -> bool:
    """Only the veileder and the koordinator record evaluations and set the next date."""
    return role in EVALUATING_ROLES


def may_record_evaluation(access: PlanAccess) -> bool:
    return access.allowed and may_evaluate(access.role)


def may_read_evaluations(access: PlanAccess) -> bool:
    """The person always; a participant whose consent covers the plan's goals."""
    return access.allowed and (access.is_owner or access.can(Scope.GOALS))


def new_period(current_start: Optional[date], current_end: Optional[date],
               start: Optional[date], end: Optional[date]) -> tuple[Optional[date], Optional[date]]:
    """The plan period after a change: a blank field keeps the current value.

    Raises RuleError if the resulting period ends before it starts.
    """
    new_start = start if start is not None else current_start
    new_end = end if end is not None else current_end
    if new_start and new_end and new_end < new_start:
        raise RuleError("error.period_order")
    return new_start, new_end
