"""The OpenID Connect logins' rows (issue 9): a pending login found by its state, and the
provider a session logged in through (for logging out there too)."""

from __future__ import annotations

from typing import Optional

from sqlmodel import Session, select

from ip_app.kernel.models import OidcLogin


def login_by_state(s: Session, state_hash: str) -> Optional[OidcLogin]:
    return s.exec(select(OidcLogin).where(OidcLogin.state_hash == state_hash)).first()


def provider_of_session(s: Session, session_token_hash: str) -> Optional[str]:
    """The provider of the successful OpenID login that started this session, if any."""
    row = s.exec(select(OidcLogin).where(OidcLogin.session_token_hash == session_token_hash,
                                         OidcLogin.outcome == "ok")).first()
    return row.provider if row is not None else None
