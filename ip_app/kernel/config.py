"""Settings read from the environment, in one place.

Every setting has a safe production default except where noted; `make run` turns
demo mode on explicitly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def normalise_db_url(url: str) -> str:
    """A bare `postgresql://` means psycopg 3 to SQLAlchemy 2.1; we ship psycopg2."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg2://" + url[len(bare):]
    return url


_DEFAULT_DB = f"sqlite:///{ROOT / 'data' / 'minplan.db'}"


def db_url() -> str:
    """The database URL alone: asked for every database session, so it reads only the two
    variables it needs."""
    return normalise_db_url(
        os.environ.get("REFLEX_DB_URL") or os.environ.get("IP_DB_URL") or _DEFAULT_DB)


@dataclass(frozen=True)
class Settings:
    db_url: str
    demo_mode: bool
    session_hours: float
    idle_minutes: float  # a login ends after this long without activity (0: never)
    cookie_secure: Optional[bool]  # IP_COOKIE_SECURE: None = on except on localhost
    max_failed_logins: int
    lockout_minutes: int

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            db_url=db_url(),
            demo_mode=_flag("IP_DEMO_MODE", False),
            session_hours=float(os.environ.get("IP_SESSION_HOURS", "8")),
            idle_minutes=float(os.environ.get("IP_IDLE_MINUTES", "30")),
            cookie_secure=(None if os.environ.get("IP_COOKIE_SECURE", "").strip() == ""
                           else _flag("IP_COOKIE_SECURE", True)),
            max_failed_logins=int(os.environ.get("IP_MAX_FAILED_LOGINS", "5")),
            lockout_minutes=int(os.environ.get("IP_LOCKOUT_MINUTES", "15")),
        )


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def cookie_secure_for(host: Optional[str]) -> bool:
    """Whether cookies get the Secure flag: IP_COOKIE_SECURE=1/0 decides when set;
    otherwise on, except when the request is to this machine itself (localhost,
    127.0.0.1), where the app runs over plain http (`make run`, the tests)."""
    forced = settings().cookie_secure
    if forced is not None:
        return forced
    host = (host or "").strip().lower().rstrip(".")
    return not (host in LOCAL_HOSTS or host.endswith(".localhost"))


def settings() -> Settings:
    """Read settings afresh (cheap); tests change the environment between runs."""
    return Settings.from_env()
