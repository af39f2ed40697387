"""Migration 0010_no_id_token (issue 17, finding 7): ID tokens stored by earlier versions
(their pid claim is the fødselsnummer) are gone after the upgrade, on SQLite (also from
the file's freed pages) and on PostgreSQL; the rest of each login row stays."""

from __future__ import annotations

import sqlalchemy as sa
import pytest
from alembic import command

from ip_app.kernel.migrate import alembic_config, upgrade_to_head, with_installed_driver
from tests.unit.test_migrations import empty_pg_database

PID = "01019912345"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJwaWQiOiIwMTAxOTkxMjM0NSJ9." + "c2lnbmF0dXJl" * 4
CLAIMS = TOKEN.split(".")[1]


def _at_0009_with_a_stored_token(url: str) -> None:
    command.upgrade(alembic_config(url), "0009_meetings")
    eng = sa.create_engine(with_installed_driver(url), poolclass=sa.pool.NullPool)
    try:
        with eng.begin() as c:
            c.execute(sa.text(
                "INSERT INTO oidc_login (provider, state_hash, nonce, code_verifier, created_at,"
                " outcome, session_token_hash, id_token) VALUES ('person', :h, 'n', 'v',"
                " CURRENT_TIMESTAMP, 'ok', :s, :t)"), {"h": "a" * 64, "s": "b" * 64, "t": TOKEN})
    finally:
        eng.dispose()


def _rows_and_columns(url: str) -> tuple[list, list[str]]:
    eng = sa.create_engine(with_installed_driver(url), poolclass=sa.pool.NullPool)
    try:
        cols = [c["name"] for c in sa.inspect(eng).get_columns("oidc_login")]
        with eng.connect() as c:
            rows = [tuple(r) for r in c.execute(sa.text("SELECT * FROM oidc_login"))]
        return rows, cols
    finally:
        eng.dispose()


def test_sqlite_upgrade_removes_stored_id_tokens(tmp_path):
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    _at_0009_with_a_stored_token(url)
    assert CLAIMS.encode() in path.read_bytes()
    upgrade_to_head(url)
    rows, cols = _rows_and_columns(url)
    assert "id_token" not in cols
    assert len(rows) == 1 and rows[0][cols.index("session_token_hash")] == "b" * 64
    data = path.read_bytes()
    assert CLAIMS.encode() not in data and PID.encode() not in data  # freed pages too


def test_postgresql_upgrade_removes_stored_id_tokens():
    with empty_pg_database() as url:
        _at_0009_with_a_stored_token(url)
        upgrade_to_head(url)
        rows, cols = _rows_and_columns(url)
        assert "id_token" not in cols and len(rows) == 1
        assert all(CLAIMS not in str(v) for v in rows[0])
