"""One-time invitation links (issue 19): a new staff member or a person without
ID-porten sets a first password. Only a SHA-256 of the token is stored; a link works
once and until it expires; a newer link for the same account ends the older ones."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.passwords import hash_password, new_token, token_hash
from ip_app.staff.rules import invitation_expires, invitation_usable

from ip_app.kernel.models import Account, AuthSession, Invitation, utcnow


def create_invitation(s: Session, *, account_id: int, by_id: int,
                      now: Optional[datetime] = None) -> str:
    """A new link for the account (older open ones end); returns the raw token, which is
    shown once and never stored."""
    now = now or utcnow()
    s.execute(sa.update(Invitation)
              .where(Invitation.account_id == account_id, Invitation.used_at.is_(None),
                     Invitation.ended_at.is_(None))
              .values(ended_at=now))
    token = new_token()
    s.add(Invitation(account_id=account_id, token_hash=token_hash(token), created_by_id=by_id,
                     created_at=now, expires_at=invitation_expires(now)))
    s.flush()
    return token


def usable(s: Session, token: str, now: Optional[datetime] = None
           ) -> Optional[tuple[Invitation, Account]]:
    """The invitation and its account when the token works now, else None."""
    if not token or len(token) > 200:
        return None
    row = s.exec(select(Invitation, Account).join(Account, Account.id == Invitation.account_id)
                 .where(Invitation.token_hash == token_hash(token))).first()
    if row is None:
        return None
    inv, acct = row
    if not invitation_usable(expires_at=inv.expires_at, used_at=inv.used_at,
                             ended_at=inv.ended_at, deactivated=acct.deactivated_at is not None,
                             now=now or utcnow()):
        return None
    return inv, acct


def use(s: Session, token: str, password: str, now: Optional[datetime] = None
        ) -> Optional[Account]:
    """Set the account's password through the link and use the link up (None: the link
    does not work). Compare-and-set on `used_at`: two tabs sending at once use it once."""
    now = now or utcnow()
    found = usable(s, token, now)
    if found is None:
        return None
    inv, acct = found
    done = s.execute(sa.update(Invitation)
                     .where(Invitation.id == inv.id, Invitation.used_at.is_(None))
                     .values(used_at=now))
    if not done.rowcount:
        return None
    acct.password_hash = hash_password(password)
    acct.failed_logins = 0
    acct.locked_until = None
    s.add(acct)
    # a login someone else had on this account before ends: the new password is theirs
    s.execute(sa.update(AuthSession).where(AuthSession.account_id == acct.id,
                                           AuthSession.ended_at.is_(None)).values(ended_at=now))
    s.flush()
    return acct
