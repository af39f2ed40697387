"""Where a plan tab's state holds its tiltak: a var per status (ip_app/plan/state.py,
`PlanState.status_*`) and `groups` (by goal). For raw clients of tests and benchmarks."""

from __future__ import annotations

from typing import Any

from ip_app.measures.rules import ORDER

STATUS_VARS = tuple(f"status_{st.value}_rx_state_" for st in ORDER)


def plan_groups(values: dict[str, Any]) -> list[dict[str, Any]]:
    """The tiltak groups among a plan state's `values` (a delta's, or all a tab holds):
    one var per status (ip_app/plan/state.py) and `groups` (by goal)."""
    out = [values[k] for k in STATUS_VARS if isinstance(values.get(k), dict)]
    return out + [g for g in values.get("groups_rx_state_") or [] if isinstance(g, dict)]
