"""Nothing lost across a backup and restore, and across every migration step.

Both on SQLite and PostgreSQL (fresh databases; see test_migrations.py for the server).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory
from sqlmodel import Session

from ip_app.demo.seed import load_demo
from ip_app.kernel import backup
from ip_app.kernel.migrate import alembic_config, upgrade_to_head, with_installed_driver
from tests.unit.test_migrations import db_url, pg_database, sqlite_database  # noqa: F401


def _rows(url: str) -> dict[str, dict[str, list[tuple]]]:
    """table -> {"columns": [...], "rows": sorted rows}; alembic's own table left out."""
    engine = sa.create_engine(with_installed_driver(url), poolclass=sa.pool.NullPool)
    out = {}
    try:
        with engine.connect() as conn:
            for table in sa.inspect(conn).get_table_names():
                if table == "alembic_version":
                    continue
                res = conn.execute(sa.text(f'SELECT * FROM "{table}"'))
                out[table] = {"columns": list(res.keys()),
                              "rows": sorted((tuple(r) for r in res), key=repr)}
    finally:
        engine.dispose()
    return out


def _seed(url: str) -> None:
    upgrade_to_head(url)
    engine = sa.create_engine(with_installed_driver(url), poolclass=sa.pool.NullPool)
    try:
        with Session(engine) as s:
            assert load_demo(s, password="x")
            s.commit()
    finally:
        engine.dispose()


def _same_where_shared(before: dict, after: dict) -> None:
    """Every table in both keeps every row, compared on the columns both have."""
    for table in set(before) & set(after):
        cols = [c for c in before[table]["columns"] if c in after[table]["columns"]]

        def project(t: dict) -> list:
            idx = [t["columns"].index(c) for c in cols]
            return sorted((tuple(r[i] for i in idx) for r in t["rows"]), key=repr)

        assert project(before[table]) == project(after[table]), f"rows of {table} changed"


def test_backup_and_restore_round_trip(db_url, tmp_path):  # noqa: F811
    _seed(db_url)
    original = _rows(db_url)
    assert sum(len(t["rows"]) for t in original.values()) > 200
    file = backup.dump(db_url, tmp_path / "backup.bin")
    assert file.stat().st_size > 0

    # damage the database, then restore over it
    engine = sa.create_engine(with_installed_driver(db_url), poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE goal SET text = 'overskrevet'"))
            conn.execute(sa.text("DELETE FROM audit_event"))
    finally:
        engine.dispose()
    assert _rows(db_url) != original
    backup.restore(db_url, file)
    assert _rows(db_url) == original


def test_every_migration_keeps_the_data_up_and_down(db_url):  # noqa: F811
    """With the demo in the database, step down one migration at a time to the first and
    up again to the head: every table that exists on both sides of a step keeps every row."""
    _seed(db_url)
    cfg = alembic_config(db_url)
    revisions = [r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()]
    assert len(revisions) >= 3  # newest first
    snapshots = {revisions[0]: _rows(db_url)}
    for lower in revisions[1:]:
        command.downgrade(cfg, lower)
        snapshots[lower] = _rows(db_url)
        _same_where_shared(snapshots[revisions[0]], snapshots[lower])
    for higher in reversed(revisions[:-1]):
        command.upgrade(cfg, higher)
        now = _rows(db_url)
        _same_where_shared(snapshots[revisions[-1]], now)
    assert set(_rows(db_url)) == set(snapshots[revisions[0]])


def test_existing_parts_become_version_one_of_hvem_gjor_hva(db_url):  # noqa: F811
    """0007: every participant's part is kept, as version 1 (author unknown, dated when they
    joined); down again, the current text stays on the participant."""
    _seed(db_url)
    cfg = alembic_config(db_url)
    parts_sql = "SELECT id, contribution, joined_at FROM participant ORDER BY id"
    engine = sa.create_engine(with_installed_driver(db_url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            before = [tuple(r) for r in conn.execute(sa.text(parts_sql))]
            assert conn.execute(sa.text(
                "SELECT count(*) FROM participant WHERE contribution_version > 1")).scalar() > 0
        command.downgrade(cfg, "0006_oidc_login")
        with engine.connect() as conn:
            assert "contribution_version" not in sa.inspect(conn).get_table_names()
            # the newest text of every part is still on the participant
            assert [tuple(r) for r in conn.execute(sa.text(parts_sql))] == before
        command.upgrade(cfg, "0007_contribution_versions")
        with engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(sa.text(parts_sql))] == before
            rows = [tuple(r) for r in conn.execute(sa.text(
                "SELECT p.id, v.version, v.text, v.changed_by_id, v.changed_by_role, v.changed_at, "
                "p.contribution_version FROM participant p JOIN contribution_version v "
                "ON v.participant_id = p.id ORDER BY p.id"))]
    finally:
        engine.dispose()
    assert len(before) >= 10
    assert rows == [(pid, 1, text, None, "", joined, 1) for pid, text, joined in before]
