"""Right to an individuell plan: the decision tree used by Statsforvalteren."""

from __future__ import annotations

from enum import StrEnum


class IpOutcome(StrEnum):
    JOIN_EXISTING = "join_existing"  # already has an IP: a new service joins that plan
    RIGHT = "right"  # right to an IP
    NO_RIGHT_SHORT_TERM = "no_right_short_term"
    NO_RIGHT_SINGLE_PROVIDER = "no_right_single_provider"


def ip_outcome(has_ip_already: bool, long_term_need: bool, several_providers: bool) -> IpOutcome:
    if has_ip_already:
        return IpOutcome.JOIN_EXISTING
    if not long_term_need:
        return IpOutcome.NO_RIGHT_SHORT_TERM
    if not several_providers:
        return IpOutcome.NO_RIGHT_SINGLE_PROVIDER
    return IpOutcome.RIGHT
