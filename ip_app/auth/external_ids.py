"""External identities (issue 9): which account a provider's pid / oid belongs to.

Only a keyed hash of "<provider>|<claim>|<value>" is stored (HMAC-SHA256 with
IP_OIDC_SUBJECT_KEY): a fødselsnummer has so few possible values that a plain hash
could be reversed by trying them all, and the key lives outside the database.

Link an account from the command line:
    python -m ip_app.auth.external_ids link <username> <person|staff> <claim> <value>
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from typing import Optional

from sqlmodel import Session, select

from ip_app.kernel.passwords import new_token

from ip_app.kernel.models import Account, ExternalIdentity, utcnow


def subject_hash(provider: str, claim: str, value: str) -> str:
    key = os.environ.get("IP_OIDC_SUBJECT_KEY", "")
    if not key:
        raise RuntimeError("IP_OIDC_SUBJECT_KEY must be set to link or match external identities")
    msg = f"{provider}|{claim}|{value.strip()}".encode()
    return hmac.new(key.encode(), msg, hashlib.sha256).hexdigest()


def link(s: Session, account_id: int, provider: str, claim: str, value: str) -> ExternalIdentity:
    row = ExternalIdentity(account_id=account_id, provider=provider, claim=claim,
                           subject_hash=subject_hash(provider, claim, value))
    s.add(row)
    s.flush()
    return row


def account_for_subject(s: Session, provider: str, claim: str, value: str) -> Optional[Account]:
    row = s.exec(select(ExternalIdentity).where(
        ExternalIdentity.subject_hash == subject_hash(provider, claim, value),
        ExternalIdentity.ended_at == None)).first()  # noqa: E711
    return s.get(Account, row.account_id) if row else None


def create_person_for_subject(s: Session, provider: str, claim: str, value: str, *,
                              display_name: str) -> Account:
    """Only when IP_OIDC_PERSON_AUTO_CREATE is on: a new person account with no password."""
    acct = Account(username=f"id-{new_token()[:16].lower()}", display_name=display_name or "Ny bruker",
                   kind="person", created_at=utcnow())
    s.add(acct)
    s.flush()
    link(s, acct.id, provider, claim, value)
    return acct


def _main(argv: list[str]) -> int:
    from ip_app.kernel import db
    if len(argv) != 6 or argv[1] != "link":
        print(__doc__)
        return 2
    _, _, username, provider, claim, value = argv
    with db.session() as s:
        acct = s.exec(select(Account).where(Account.username == username)).first()
        if acct is None:
            print(f"no account {username}")
            return 1
        link(s, acct.id, provider, claim, value)
    print(f"linked {username} to {provider} {claim}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
