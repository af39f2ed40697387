"""Bulk generator of fictitious people, plans, tiltak and messages.

    python -m bench.datagen --url sqlite:////tmp/big.db --persons 100000 --tiltak 1000000 \
        --messages 2000000

Used twice by the benchmark:
- data scale: 100 000 persons, 1 000 000 tiltak, 2 000 000 messages (or 1/100 with --scale);
- load test: a few hundred extra persons appended to the demo database, each with a
  login session, so simulated clients do not all share one plan.

Rows go in with executemany (SQLite) or COPY (PostgreSQL) on the raw DBAPI connection,
with explicit ids after the highest existing id, so it can append to any database that
is migrated to head. Every plan gets: the person and one veileder as participants (a
veileder follows `caseload` plans), a granted consent for the veileder, a main goal and a
sub-goal, its share of the tiltak (each with its creation version) and two threads (the
person and the veileder as members) with its share of the messages. Names and texts are made up.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable, Iterator, Optional, Sequence

import sqlalchemy as sa

from ip_app.kernel.config import normalise_db_url
from ip_app.kernel.passwords import new_token, token_hash

STATUSES = ("forslag", "planlagt", "gjennomfores", "fullfort", "avbrutt")
TITLES = ("Norskkurs", "Arbeidspraksis", "Jobbsøking", "Samtale med fastlege", "Førerkort",
          "Kurs i CV-skriving", "Treningsgruppe", "Helsefagarbeider", "Språkpraksis", "IPS-samtale")
FIRST = ("Ola", "Kari", "Nora", "Ali", "Sofie", "Jonas", "Leah", "Omar", "Ida", "Emil")
LAST = ("Hansen", "Berg", "Ahmed", "Olsen", "Nilsen", "Haugen", "Khan", "Lie", "Moe", "Dahl")
SNAPSHOT_KEYS = ("title", "description", "kind", "responsible_participant_id", "extent",
                 "hours_per_week", "how", "start_date", "end_date", "status", "agreed",
                 "goal_id", "serves", "restricted_to_org_id")


@dataclass
class Generated:
    """What the load test needs to drive the generated people."""

    persons: list[dict[str, Any]] = field(default_factory=list)  # username, account_id, plan_id
    staff: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(normalise_db_url(url), poolclass=sa.pool.NullPool)


def _max_ids(conn: sa.Connection, tables: Iterable[str]) -> dict[str, int]:
    return {t: conn.execute(sa.text(f"SELECT COALESCE(MAX(id), 0) FROM {t}")).scalar_one()
            for t in tables}


TABLES = ("organisation", "account", "plan", "plan_basis", "participant", "consent", "goal",
          "measure", "measure_version", "thread", "thread_member", "message", "auth_session")


class _Writer:
    """Collects rows per table and writes them in big batches."""

    def __init__(self, engine: sa.Engine, batch: int = 50_000):
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self.raw = engine.raw_connection()
        if not self.pg:  # a bulk load: a big page cache, no fsync until the end
            cur = self.raw.cursor()
            cur.execute("PRAGMA cache_size=-400000")
            cur.execute("PRAGMA synchronous=OFF")
            cur.close()
        else:
            # the generated rows are consistent by construction; checking each foreign key
            # row by row makes COPY crawl (the RI checks plan for the tables' empty start)
            cur = self.raw.cursor()
            cur.execute("SET session_replication_role = replica")
            cur.close()
        self.batch = batch
        self.rows: dict[str, list[tuple]] = {}
        self.cols: dict[str, Sequence[str]] = {}
        self.counts: dict[str, int] = {}

    # values are converted once, when the row is made, not per value at flush time
    def ts(self, v: datetime) -> str:
        if self.pg:
            return v.isoformat()
        return v.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")

    def b(self, v: bool) -> Any:
        return ("t" if v else "f") if self.pg else int(v)

    def add(self, table: str, cols: Sequence[str], row: tuple) -> None:
        self.cols.setdefault(table, cols)
        buf = self.rows.setdefault(table, [])
        buf.append(row)
        if len(buf) >= self.batch:
            self.flush_all()  # parents first: foreign keys hold at every COPY

    def flush(self, table: Optional[str] = None) -> None:
        for t in ([table] if table else list(self.rows)):
            buf = self.rows.get(t)
            if not buf:
                continue
            cols = self.cols[t]
            cur = self.raw.cursor()
            if self.pg:
                data = io.StringIO("".join("\t".join(_pg(v) for v in r) + "\n" for r in buf))
                cur.copy_expert(f"COPY {t} ({', '.join(cols)}) FROM STDIN", data)
            else:
                marks = ", ".join("?" for _ in cols)
                cur.executemany(f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({marks})", buf)
            cur.close()
            self.counts[t] = self.counts.get(t, 0) + len(buf)
            buf.clear()

    def flush_all(self) -> None:
        for t in TABLES:
            self.flush(t)
        self.flush()

    def finish(self) -> None:
        self.flush_all()
        cur = self.raw.cursor()
        if self.pg:
            for t in self.counts:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                            f"(SELECT MAX(id) FROM {t}))")
        cur.close()
        self.raw.commit()
        self.raw.close()


def _pg(v: Any) -> str:
    """A value in PostgreSQL's COPY text format."""
    if v is None:
        return "\\N"
    s = str(v)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


def _spread(total: int, parts: int, rnd: random.Random) -> Iterator[int]:
    """`total` split over `parts` buckets, each within about ±50 % of the mean, summing
    exactly (weights drawn first, so the last buckets never run dry)."""
    if parts <= 0:
        return
    weights = [rnd.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    cum, before = 0.0, 0
    for w in weights:
        cum += w
        upto = round(cum * scale)
        yield upto - before
        before = upto


def generate(url: str, *, persons: int, tiltak: int, messages: int, caseload: int = 200,
             sessions: bool = False, prefix: str = "bench", seed: int = 7) -> Generated:
    """Append `persons` people with plans (and their tiltak and messages) to a migrated DB."""
    t0 = time.perf_counter()
    rnd = random.Random(seed)
    engine = _engine(url)
    with engine.connect() as conn:
        ids = _max_ids(conn, TABLES)
    w = _Writer(engine)
    out = Generated()
    now_dt = datetime.now(timezone.utc).replace(microsecond=0)
    now = w.ts(now_dt)
    msg_times = [w.ts(now_dt - timedelta(minutes=k)) for k in range(240)]
    today_d = date.today()
    day = {k: (today_d + timedelta(days=k)).isoformat() for k in range(-400, 400)}
    yes, no = w.b(True), w.b(False)
    nxt = {t: ids[t] for t in TABLES}

    def new_id(t: str) -> int:
        nxt[t] += 1
        return nxt[t]

    org = new_id("organisation")
    w.add("organisation", ("id", "name", "kind", "municipality"),
          (org, f"NAV Benk {prefix}", "nav", "Benkby"))
    acct_cols = ("id", "username", "display_name", "kind", "password_hash", "birth_date",
                 "protection", "organisation_id", "title", "phone", "email",
                 "preferred_language", "is_demo", "failed_logins", "locked_until", "created_at")
    n_staff = max(1, -(-persons // caseload))
    staff_ids = []
    for i in range(n_staff):
        sid = new_id("account")
        staff_ids.append(sid)
        w.add("account", acct_cols, (sid, f"{prefix}-veileder-{i}", f"Veileder {i}", "staff", "x",
                                     None, "", org, "NAV-veileder", "", "", "nb", no, 0, None,
                                     now))
        out.staff.append({"username": f"{prefix}-veileder-{i}", "account_id": sid})
    tiltak_per = _spread(tiltak, persons, rnd)
    msgs_per = _spread(messages, persons, rnd)
    for i in range(persons):
        pid = new_id("account")
        name = f"{FIRST[i % 10]} {LAST[(i // 10) % 10]} {i}"
        w.add("account", acct_cols, (pid, f"{prefix}-{i}", name, "person", "x",
                                     f"{1970 + i % 40}-{1 + i % 12:02d}-{1 + i % 28:02d}", "", None, "",
                                     "", "", "nb", no, 0, None, now))
        plan = new_id("plan")
        w.add("plan", ("id", "person_id", "title", "period_start", "period_end",
                       "next_evaluation", "coordinator_participant_id", "created_at",
                       "updated_at", "version"),
              (plan, pid, "Min plan", day[-90], day[275], day[rnd.randint(-30, 120)], None, now,
               now, 1))
        for basis in ("aktivitetsplan", "individuell_plan"):
            w.add("plan_basis", ("id", "plan_id", "basis", "since"),
                  (new_id("plan_basis"), plan, basis, day[-90]))
        part_cols = ("id", "plan_id", "account_id", "role", "organisation_id", "contribution",
                     "joined_at", "left_at")
        p_person = new_id("participant")
        w.add("participant", part_cols, (p_person, plan, pid, "person", None, "", now, None))
        staff = staff_ids[i // caseload]
        p_staff = new_id("participant")
        w.add("participant", part_cols, (p_staff, plan, staff, "veileder", org,
                                         "Følger opp aktivitetsplanen", now, None))
        w.add("consent", ("id", "plan_id", "participant_id", "status", "scopes", "valid_until",
                          "requested_at", "decided_at", "decided_by_id", "version"),
              (new_id("consent"), plan, p_staff, "granted", "goals,all_measures,dialog", None,
               now, now, pid, 1))
        goal_cols = ("id", "plan_id", "parent_id", "text", "position", "version", "created_at",
                     "archived_at")
        main = new_id("goal")
        w.add("goal", goal_cols, (main, plan, None, f"Jeg vil ha en jobb jeg trives i ({i})", 0,
                                  1, now, None))
        sub = new_id("goal")
        w.add("goal", goal_cols, (sub, plan, main, "Bli bedre i norsk", 1, 1, now, None))
        m_cols = ("id", "plan_id", "title", "description", "kind", "responsible_participant_id",
                  "extent", "hours_per_week", "how", "start_date", "end_date", "status", "agreed",
                  "goal_id", "serves", "restricted_to_org_id", "created_by_id", "created_at",
                  "updated_at", "version")
        for k in range(next(tiltak_per)):
            mid = new_id("measure")
            own = k % 3 == 0  # the person's own activities: they may change their status
            status = "forslag" if own else STATUSES[(i + k) % 5]
            start = (k * 7) % 120 - 30
            row = (mid, plan, f"{TITLES[k % 10]} {k + 1}", "Beskrivelse av tiltaket", "",
                   p_person if own else p_staff, "2 dager i uka", 6.0, "", day[start],
                   day[start + 60], status, yes if (not own) and k % 2 == 0 else no,
                   sub if k % 2 else main, "aktivitetsplan,individuell_plan" if k % 4 == 0
                   else "individuell_plan", None, pid if own else staff, now, now, 1)
            w.add("measure", m_cols, row)
            snap = dict(zip(m_cols, row))
            snap = {key: snap[key] for key in SNAPSHOT_KEYS}
            snap["agreed"] = snap["agreed"] in (1, "t")
            w.add("measure_version", ("id", "measure_id", "version", "snapshot", "changed_by_id",
                                      "changed_by_role", "changed_at", "reason"),
                  (new_id("measure_version"), mid, 1, json.dumps(snap), pid if own else staff,
                   "person" if own else "veileder", now, ""))
        n_msg = next(msgs_per)
        threads = [new_id("thread"), new_id("thread")]
        for th in threads:
            w.add("thread", ("id", "plan_id", "subject", "measure_id", "goal_id", "waiting_for",
                             "done", "created_by_id", "created_at", "last_message_at"),
                  (th, plan, "Spørsmål om planen", None, None, "", no, pid, now, now))
            for member in (pid, staff):  # the person and their veileder write in both
                w.add("thread_member", ("id", "thread_id", "account_id", "last_read_at"),
                      (new_id("thread_member"), th, member, now))
        for k in range(n_msg):
            sender = pid if k % 2 == 0 else staff
            w.add("message", ("id", "thread_id", "sender_id", "body", "client_id", "sent_at"),
                  (new_id("message"), threads[k % 2], sender,
                   "Hei! Takk for sist, jeg har sendt søknaden.", f"{prefix}-{i}-{k}",
                   msg_times[min(n_msg - k, 239)]))
        out.persons.append({"username": f"{prefix}-{i}", "account_id": pid, "plan_id": plan,
                            "staff_account_id": staff, "thread_id": threads[0]})
    if sessions:  # one login session per person and staff member, token kept for the cookie
        for who in out.persons + out.staff:
            token = new_token()  # as a real login does
            who["token"] = token
            w.add("auth_session", ("id", "account_id", "token_hash", "created_at", "expires_at",
                                   "ended_at"),
                  (new_id("auth_session"), who["account_id"],
                   token_hash(token), now, w.ts(now_dt + timedelta(hours=8)),
                   None))
    w.finish()
    if w.pg:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
    engine.dispose()
    out.counts = dict(w.counts)
    out.seconds = time.perf_counter() - t0
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--persons", type=int, default=100_000)
    ap.add_argument("--tiltak", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=2_000_000)
    a = ap.parse_args()
    from ip_app.kernel.migrate import upgrade_to_head
    upgrade_to_head(a.url)
    g = generate(a.url, persons=int(a.persons * a.scale), tiltak=int(a.tiltak * a.scale),
                 messages=int(a.messages * a.scale))
    print(json.dumps({"seconds": round(g.seconds, 1), "rows": g.counts}))


if __name__ == "__main__":
    main()
