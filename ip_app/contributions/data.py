"""Hvem gjør hva: writing a participant's part, with every earlier text kept.

The current text is on the participant row (`contribution`, `contribution_version`);
every text it has had is a ContributionVersion row. A save names the version it was
based on; if someone saved in between, it is refused (StaleContribution) and nothing
is overwritten.
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Optional

from sqlmodel import Session, select

from ip_app.kernel.actor import Actor

from ip_app.kernel.db import param_list
from ip_app.kernel.guarded import guarded_update
from ip_app.kernel.models import ContributionVersion, Participant, utcnow


class StaleContribution(Exception):
    """The part was changed since the form was opened: what it says now, and its version."""

    def __init__(self, text: str, version: int):
        super().__init__(f"the part is at version {version}")
        self.text = text
        self.version = version


def record_first_version(s: Session, participant: Participant, *, by_id: Optional[int],
                         by_role: str = "", at: Optional[datetime] = None) -> ContributionVersion:
    """Version 1 of a new participant's part (who wrote it, when)."""
    v = ContributionVersion(participant_id=participant.id, version=participant.contribution_version,
                            text=participant.contribution, changed_by_id=by_id,
                            changed_by_role=by_role, changed_at=at or utcnow())
    s.add(v)
    return v


def update_contribution(
    s: Session, *, participant_id: int, based_on_version: int, actor: Actor, text: str,
    reason: str = "", at: Optional[datetime] = None,
) -> Participant:
    """Save a new text of the part, based on `based_on_version`; StaleContribution if it moved."""
    old = s.exec(select(Participant.contribution, Participant.contribution_version, Participant.joined_at)
                 .where(Participant.id == participant_id)).first()
    if old is None:
        raise LookupError(participant_id)
    p, won = guarded_update(s, Participant, participant_id, based_on_version,
                            version_field="contribution_version", contribution=text)
    assert p is not None
    if not won:
        raise StaleContribution(p.contribution, p.contribution_version)
    # a participant added without a version row (before this feature, or by a script):
    # keep the text it had as the version the save was based on, author unknown
    has_base = s.exec(select(ContributionVersion.id).where(
        ContributionVersion.participant_id == participant_id,
        ContributionVersion.version == based_on_version)).first()
    if has_base is None:
        s.add(ContributionVersion(participant_id=participant_id, version=based_on_version,
                                  text=old[0], changed_by_id=None, changed_at=old[2]))
    s.add(ContributionVersion(participant_id=participant_id, version=p.contribution_version,
                              text=text, changed_by_id=actor.account_id,
                              changed_by_role=str(actor.role), reason=reason,
                              changed_at=at or utcnow()))
    s.flush()
    return p


_VERSIONS_OF = (select(ContributionVersion)
                .where(ContributionVersion.participant_id.in_(param_list("ids")))
                .order_by(ContributionVersion.participant_id, ContributionVersion.version))


def versions_of(s: Session, participant_ids: Iterable[int]) -> dict[int, list[ContributionVersion]]:
    """Every version of each participant's part, oldest first (one query)."""
    ids = list(participant_ids)
    out: dict[int, list[ContributionVersion]] = {i: [] for i in ids}
    if not ids:
        return out
    for v in s.exec(_VERSIONS_OF, params={"ids": ids}):
        out[v.participant_id].append(v)
    return out
