"""Alembic environment for Min plan.

Where the database comes from, first match wins:

1. ``config.attributes["connection"]``: an open SQLAlchemy Connection (tests);
2. ``config.attributes["db_url"]``: a URL (``ip_app.kernel.migrate.upgrade_to_head``);
3. ``ip_app.kernel.config.settings().db_url`` (REFLEX_DB_URL, IP_DB_URL, local SQLite).

Logging is configured from alembic.ini unless ``config.attributes["configure_logger"]``
is False, so calling migrations from inside the app or tests leaves their logging alone.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

import sqlalchemy as sa
from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import ip_app.kernel.models  # noqa: F401  (registers every table on SQLModel.metadata)
from ip_app.kernel.config import settings
from ip_app.kernel.migrate import with_installed_driver
from ip_app.kernel.models import UTCDateTime

config = context.config

if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render our own column types so the migration file imports what it uses."""
    if type_ == "type":
        if isinstance(obj, UTCDateTime):
            autogen_context.imports.add("import ip_app.kernel.models")
            return "ip_app.kernel.models.UTCDateTime()"
        if isinstance(obj, AutoString):
            # `import sqlmodel` is part of script.py.mako
            return f"sqlmodel.sql.sqltypes.{obj!r}"
    return False  # default rendering


def _configure_kwargs(dialect_name: str) -> dict[str, Any]:
    return {
        "target_metadata": target_metadata,
        "compare_type": True,
        "render_item": render_item,
        # SQLite cannot ALTER most things: batch mode copies the table instead
        "render_as_batch": dialect_name == "sqlite",
    }


def _db_url() -> str:
    return with_installed_driver(config.attributes.get("db_url") or settings().db_url)


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    url = _db_url()
    context.configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **_configure_kwargs(sa.engine.make_url(url).get_backend_name()),
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_with(connection: Connection) -> None:
    context.configure(connection=connection, **_configure_kwargs(connection.dialect.name))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_with(connection)
        return
    # A plain engine on purpose (not ip_app.kernel.db): no pool, and on SQLite no
    # PRAGMA foreign_keys=ON, which batch mode's copy-and-rename must not run under.
    engine = sa.create_engine(_db_url(), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            _run_with(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
