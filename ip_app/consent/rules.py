"""Samtykke: what the person lets each participant see, for how long.

Consent is given per participant with scopes; it can be limited, changed and
withdrawn at any time, and ends by itself at `valid_until`. The scopes and whether a
consent is in force (what the access policy reads) are in scopes.py; here are the rules
for who decides, what may be asked and what a choice must hold.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Optional

from ip_app.kernel.scopes import ConsentStatus, Scope, parse_scopes

AGE_OF_CONSENT = 16  # from 16 the young person consents; below, a guardian does


def age_on(birth_date: Optional[date], today: date) -> Optional[int]:
    if birth_date is None:
        return None
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def consents_for_self(birth_date: Optional[date], today: date) -> bool:
    """From 16 the person consents; below 16 a guardian (foresatt/verge) does."""
    age = age_on(birth_date, today)
    return age is None or age >= AGE_OF_CONSENT


def may_grant_again(status: ConsentStatus, *, is_latest: bool, participant_left: bool) -> bool:
    """The one who decides may give consent again without waiting to be asked: to a
    participant still in the plan whose latest consent was withdrawn, declined or has run
    out. Given again, it covers what the last one covered, until it is withdrawn."""
    return (is_latest and not participant_left
            and status in (ConsentStatus.WITHDRAWN, ConsentStatus.DECLINED, ConsentStatus.EXPIRED))


def may_decide(*, is_person: bool, is_guardian: bool, person_consents_for_self: bool) -> bool:
    """Who may give, change or withdraw consent to a plan.

    From 16 the person alone decides; below 16 a guardian (foresatt/verge) does, and
    the young person only sees what was agreed.
    """
    if person_consents_for_self:
        return is_person
    return is_guardian


def check_scopes(chosen: Iterable[str], *, allowed: Optional[frozenset[Scope]] = None
                 ) -> frozenset[Scope]:
    """The scopes chosen, or an error key: at least one, known ones, and no more than asked."""
    raw = [str(c).strip() for c in chosen if str(c).strip()]
    scopes = parse_scopes(raw)
    if len(scopes) != len(set(raw)):
        raise ValueError("error.consent_scope_unknown")
    if not scopes:
        raise ValueError("error.consent_no_scopes")
    if allowed is not None and not scopes <= allowed:
        raise ValueError("error.consent_more_than_asked")
    return scopes


def check_valid_until(valid_until: Optional[date], today: date) -> Optional[date]:
    """An end date may not lie in the past (None: until withdrawn)."""
    if valid_until is not None and valid_until < today:
        raise ValueError("error.consent_until_past")
    return valid_until


# Who may ask the person (or guardian) for consent on behalf of the plan: the ones who
# answer for it. A tjenesteyter or a relative asks through them.
REQUESTER_ROLES = frozenset({"veileder", "koordinator"})
ASKABLE = frozenset({ConsentStatus.DECLINED, ConsentStatus.WITHDRAWN, ConsentStatus.EXPIRED})


def may_request(requester_role: Optional[str], current: Optional[ConsentStatus]) -> bool:
    """A veileder or koordinator may ask again when there is no consent in force and no
    request waiting (none yet, declined, withdrawn or expired)."""
    return (requester_role is not None and str(requester_role) in REQUESTER_ROLES
            and (current is None or current in ASKABLE))
