"""The scale-out start README and docs/operations.md write, `REFLEX_DB_URL=postgresql://…`,
must reach PostgreSQL through the driver we ship (psycopg2): Reflex reads that variable
itself, and SQLAlchemy 2.1 maps a bare `postgresql://` to psycopg 3, which is not installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import rxconfig  # what `reflex run` imports first, in every worker
import reflex.model
import sqlalchemy as sa
engine = reflex.model.get_engine()
with engine.connect() as conn:
    print(engine.url.drivername, conn.execute(sa.text("select 1")).scalar())
"""


def test_the_documented_bare_postgresql_url_starts_reflex_engine():
    env = {**os.environ, "REFLEX_DB_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
           "REFLEX_TELEMETRY_ENABLED": "false"}
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split()[-2:] == ["postgresql+psycopg2", "1"]
