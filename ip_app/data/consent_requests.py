"""Staff ask the person for consent again (issue 3): who can be asked, and asking.

The rules are in domain.consent (may_request, can_ask_again); the write itself is
data.consents.request_consent, so history, versioning and checks are the same as
for a first request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from sqlmodel import Session, select

from ip_app.domain.consent import ConsentStatus, can_ask_again
from ip_app.domain.roles import Role

from .consents import ConsentError, latest_for, request_consent, status_on
from .models import Account, Consent, Participant


@dataclass(frozen=True)
class Askable:
    participant_id: int
    name: str
    role: str
    status: Optional[ConsentStatus]  # None: never asked


def askable(s: Session, plan_id: int, today: date) -> list[Askable]:
    """Participants of the plan (not the person, still taking part) who may be asked (again)."""
    out = []
    rows = s.exec(select(Participant, Account).join(Account, Account.id == Participant.account_id)
                  .where(Participant.plan_id == plan_id, Participant.left_at == None)  # noqa: E711
                  .order_by(Participant.id))
    for part, acct in rows:
        if part.role in (Role.PERSON, Role.VERGE):
            continue
        current = latest_for(s, part.id)
        status = status_on(current, today) if current is not None else None
        if can_ask_again(status):
            out.append(Askable(part.id, acct.display_name, part.role, status))
    return out


def ask_again(s: Session, *, plan_id: int, participant_id: int, scopes: Iterable[str],
              valid_until: Optional[date], by_id: int, today: date) -> Consent:
    """A new request for one participant of `plan_id`; ConsentError if they may not be asked."""
    if participant_id not in {a.participant_id for a in askable(s, plan_id, today)}:
        raise ConsentError("error.consent_not_askable")
    return request_consent(s, participant_id=participant_id, scopes=scopes,
                           valid_until=valid_until, by_id=by_id, today=today)
