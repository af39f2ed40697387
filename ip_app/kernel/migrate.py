"""Bring a database schema up to date with the Alembic migrations.

    python -m ip_app.kernel.migrate          # upgrades settings().db_url (REFLEX_DB_URL)

Schema changes only ever go through `alembic/versions`; nothing in the app calls
`SQLModel.metadata.create_all` on a real database.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from ip_app.kernel.config import ROOT, settings

ALEMBIC_INI = ROOT / "alembic.ini"


def alembic_config(db_url: str | None = None, *, configure_logger: bool = False) -> Config:
    """An Alembic Config for this project that works from any working directory.

    `db_url` defaults to `settings().db_url`. Alembic's logging setup from
    alembic.ini is only applied when `configure_logger` is true (the command line),
    so calling this from the app or from tests leaves their logging alone.
    """
    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(ROOT / "alembic"))
    cfg.attributes["db_url"] = with_installed_driver(db_url or settings().db_url)
    cfg.attributes["configure_logger"] = configure_logger
    return cfg


def with_installed_driver(db_url: str) -> str:
    """`postgresql://` without a driver means psycopg (3) in SQLAlchemy 2.1, but the
    project installs psycopg2; pick psycopg2 then. Any explicit driver is kept."""
    url = sa.engine.make_url(db_url)
    if (
        url.drivername == "postgresql"
        and importlib.util.find_spec("psycopg") is None
        and importlib.util.find_spec("psycopg2") is not None
    ):
        url = url.set(drivername="postgresql+psycopg2")
    return url.render_as_string(hide_password=False)


def _ensure_sqlite_dir(db_url: str) -> None:
    url = sa.engine.make_url(db_url)
    if url.get_backend_name() != "sqlite":
        return
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def upgrade_to_head(db_url: str | None = None, *, configure_logger: bool = False) -> None:
    """Run `alembic upgrade head` against `db_url` (default: the configured database)."""
    url = db_url or settings().db_url
    _ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url, configure_logger=configure_logger), "head")


if __name__ == "__main__":
    upgrade_to_head(configure_logger=True)
