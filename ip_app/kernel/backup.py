"""Back up and restore the database.

    python -m ip_app.kernel.backup dump FILE      # the configured database (REFLEX_DB_URL) to FILE
    python -m ip_app.kernel.backup restore FILE   # FILE into the configured database

SQLite: SQLite's online backup API, a consistent copy even while the app writes (WAL).
Restore copies the backup into the database file the same way, so open connections see
the restored data on their next transaction.

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --no-owner`
(the PostgreSQL client tools must be installed; their version must be at least the
server's). Restore replaces every table of the target database with the backup's.

Stop the app (or every worker) before a restore; a dump can be taken while it runs.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from ip_app.kernel.config import settings
from ip_app.kernel.migrate import with_installed_driver


def _sqlite_path(url: sa.engine.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise ValueError("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _pg_args(url: sa.engine.URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client tools (password via the environment)."""
    args = ["--dbname", url.database or "postgres"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = {"PGPASSWORD": url.password} if url.password else {}
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    import os

    if shutil.which(cmd[0]) is None:
        raise RuntimeError(f"{cmd[0]} is not installed (PostgreSQL client tools)")
    done = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while the app writes."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def dump(db_url: str, target: Path) -> Path:
    """Write a backup of `db_url` to `target`."""
    url = sa.engine.make_url(with_installed_driver(db_url))
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
    elif url.get_backend_name() == "postgresql":
        args, env = _pg_args(url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env)
    else:
        raise ValueError(f"no backup for {url.get_backend_name()}")
    return target


def restore(db_url: str, source: Path) -> None:
    """Replace the contents of `db_url` with the backup in `source`."""
    if not source.exists():
        raise FileNotFoundError(source)
    url = sa.engine.make_url(with_installed_driver(db_url))
    if url.get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, path)
    elif url.get_backend_name() == "postgresql":
        args, env = _pg_args(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              *args, str(source)], env)
    else:
        raise ValueError(f"no restore for {url.get_backend_name()}")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("dump", "restore"):
        print(__doc__)
        return 2
    db_url = settings().db_url
    where = sa.engine.make_url(db_url).render_as_string(hide_password=True)
    if argv[0] == "dump":
        dump(db_url, Path(argv[1]))
        print(f"Backup of {where} written to {argv[1]}.")
    else:
        restore(db_url, Path(argv[1]))
        print(f"{where} restored from {argv[1]}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
