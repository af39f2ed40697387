"""Data scale: a big database in SQLite and PostgreSQL; time one plan and one caseload.

One plan page = `access_for` + `load_plan` + `build_page`, in a new session, exactly what
`PlanState.page` does; one caseload = `caseload_for` of a veileder who follows 200 plans.
"DB time" is the time spent between SQLAlchemy's before/after_cursor_execute events
(the statements themselves, including fetching rows); "total" adds the Python work
(ORM objects, access policy, formatting). The query plans of every statement of one plan
page and one caseload are checked with EXPLAIN: a full scan of a big table is reported.
"""

from __future__ import annotations

import random
import re
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
from sqlmodel import Session, select

from bench import datagen
from ip_app.caseload.data import caseload_for
from ip_app.kernel.access import Viewer
from ip_app.kernel.config import normalise_db_url
from ip_app.kernel.migrate import upgrade_to_head
from ip_app.kernel.models import Account, Organisation, Plan
from ip_app.kernel.plan_access import access_for
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import build_page

PG_ADMIN = "postgresql://postgres@127.0.0.1/postgres"
PG_BENCH_DB = "minplan_bench"
BIG_TABLES = {"account", "plan", "plan_basis", "participant", "consent", "goal", "measure",
              "measure_version", "thread", "thread_member", "message", "auth_session",
              "audit_event"}


@contextmanager
def recorder(engine: sa.Engine) -> Iterator[dict[str, Any]]:
    rec: dict[str, Any] = {"db": 0.0, "statements": []}
    starts: list[float] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        starts.append(time.perf_counter())

    def after(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        rec["db"] += time.perf_counter() - starts.pop()
        rec["statements"].append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield rec
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


def _viewer(s: Session, account_id: int) -> Viewer:
    a = s.get(Account, account_id)
    org = s.get(Organisation, a.organisation_id) if a.organisation_id else None
    return Viewer(account_id=a.id, kind=a.kind, display_name=a.display_name,
                  org_id=a.organisation_id, org_kind=org.kind if org else "")


def _plan_page(engine: sa.Engine, viewer: Viewer, plan_id: int, today: date) -> dict[str, Any]:
    t0 = time.perf_counter()
    with Session(engine) as s, recorder(engine) as rec:
        plan, access = access_for(s, viewer, plan_id, today)
        assert plan is not None and access.allowed, (plan_id, access.reason)
        page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                          viewer, today, "nb")
    return {"total": time.perf_counter() - t0, "db": rec["db"], "statements": rec["statements"],
            "cards": sum(len(g.cards) for g in page.by_status)}


def _caseload(engine: sa.Engine, viewer: Viewer, today: date) -> dict[str, Any]:
    t0 = time.perf_counter()
    with Session(engine) as s, recorder(engine) as rec:
        rows = caseload_for(s, viewer, today, "nb")
    return {"total": time.perf_counter() - t0, "db": rec["db"], "statements": rec["statements"],
            "rows": len(rows)}


def explain(engine: sa.Engine, statements: list[tuple[str, Any]]) -> list[dict[str, str]]:
    """The plan of each statement; `full_scan` names a big table read without an index."""
    out = []
    pg = engine.dialect.name == "postgresql"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for stmt, params in statements:
            if not stmt.lstrip().upper().startswith("SELECT"):
                continue
            cur.execute(("EXPLAIN " if pg else "EXPLAIN QUERY PLAN ") + stmt, params)
            rows = cur.fetchall()
            text = "\n".join(str(r[0]) if pg else str(r[-1]) for r in rows)
            if pg:
                scans = re.findall(r"Seq Scan on (\w+)", text)
            else:
                scans = [m.group(1) for m in re.finditer(r"\bSCAN (\w+)(?! USING)", text)
                         if "USING" not in text.split(m.group(0), 1)[1].split("\n", 1)[0]]
            big = sorted({t for t in scans if t in BIG_TABLES})
            out.append({"sql": " ".join(stmt.split())[:160], "plan": text,
                        "full_scan": ", ".join(big)})
        cur.close()
    finally:
        raw.close()
    return out


def _summary(values: list[float]) -> dict[str, float]:
    v = sorted(values)
    return {"p50_ms": statistics.median(v) * 1000,
            "p95_ms": v[max(0, int(round(0.95 * len(v))) - 1)] * 1000, "n": len(v)}


def measure(url: str, persons: int, tiltak: int, messages: int, samples: int = 30,
            seed: int = 3) -> dict[str, Any]:
    upgrade_to_head(url)
    gen = datagen.generate(url, persons=persons, tiltak=tiltak, messages=messages, caseload=200)
    engine = sa.create_engine(normalise_db_url(url))
    today = date.today()
    rnd = random.Random(seed)
    picks = rnd.sample(gen.persons, min(samples, len(gen.persons)))
    with Session(engine) as s:
        counts = {t: s.exec(select(sa.func.count()).select_from(sa.table(t))).one()
                  for t in ("account", "plan", "measure", "measure_version", "message")}
        viewers = {p["account_id"]: _viewer(s, p["account_id"]) for p in picks}
        staff_v = {p["staff_account_id"]: _viewer(s, p["staff_account_id"]) for p in picks}
        assert all(s.get(Plan, p["plan_id"]) for p in picks)
    _plan_page(engine, viewers[picks[0]["account_id"]], picks[0]["plan_id"], today)  # warm-up
    person_runs = [_plan_page(engine, viewers[p["account_id"]], p["plan_id"], today)
                   for p in picks]
    staff_runs = [_plan_page(engine, staff_v[p["staff_account_id"]], p["plan_id"], today)
                  for p in picks]
    case_runs = [_caseload(engine, staff_v[p["staff_account_id"]], today) for p in picks[:10]]
    plans = explain(engine, person_runs[0]["statements"]) + explain(engine,
                                                                      case_runs[0]["statements"])
    engine.dispose()
    return {
        "url": url.split("@")[-1], "dialect": "postgresql" if "postgres" in url else "sqlite",
        "generate_s": gen.seconds, "rows": counts, "generated": gen.counts,
        "plan_db": _summary([r["db"] for r in person_runs]),
        "plan_total": _summary([r["total"] for r in person_runs]),
        "plan_staff_db": _summary([r["db"] for r in staff_runs]),
        "plan_statements": len(person_runs[0]["statements"]),
        "cards_median": statistics.median(r["cards"] for r in person_runs),
        "caseload_db": _summary([r["db"] for r in case_runs]),
        "caseload_total": _summary([r["total"] for r in case_runs]),
        "caseload_rows": case_runs[0]["rows"],
        "caseload_statements": len(case_runs[0]["statements"]),
        "explain": plans,
    }


def run(scale: float, samples: int = 30) -> list[dict[str, Any]]:
    persons, tiltak, messages = (int(100_000 * scale), int(1_000_000 * scale),
                                 int(2_000_000 * scale))
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'scale.db'}"
        results.append(measure(url, persons, tiltak, messages, samples))
    admin = sa.create_engine(normalise_db_url(PG_ADMIN), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            c.execute(sa.text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}"))
            c.execute(sa.text(f"CREATE DATABASE {PG_BENCH_DB}"))
        results.append(measure(f"postgresql://postgres@127.0.0.1/{PG_BENCH_DB}", persons,
                               tiltak, messages, samples))
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}"))
        admin.dispose()
    return results
