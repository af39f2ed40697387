"""The scale-out start exactly as README and docs/operations.md write it, from a clean clone
(issue 23 #5):

    REFLEX_DB_URL=postgresql://… REFLEX_REDIS_URL=redis://… GRANIAN_WORKERS=2 make run

The repository this test runs in is cloned (`git clone`: what is committed, nothing of this
checkout's .venv, .tools, .web or data) into a fresh directory, and `make run` is started
there with those three variables and PORT: the bare `postgresql://` URL (Reflex reads
REFLEX_DB_URL itself, and SQLAlchemy 2.1 would take it for psycopg 3, which the app does not
ship), a fresh PostgreSQL database, a Redis database number of its own. The start is done
when /login answers 200 with two backend workers up; then a person logs in through the real
endpoint and her plan loads over the websocket (the workers' own database engine, the state
in that Redis database).

`make run` runs in its own process group under tests.utils.guard: the test stops the whole
group (make, reflex, the Granian workers) at the end, and should the test process be killed
the watcher stops it and removes the clone. Slow (a whole install and production build):
about 4-10 minutes on the shared 2-core machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import redis

from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async
from tests.utils.server import (
    REDIS_SERVER, claim_redis_db, create_pg_database, drop_pg_database, free_port,
    release_redis_db,
)

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 1200.0  # install, migrate, seed, `reflex init` and the production build
MAIN_GOAL = "Jeg vil jobbe som helsefagarbeider og klare meg selv."  # `amina`'s, demo data


def _clean_env(**values: str) -> dict[str, str]:
    """The environment a person has in a fresh shell: none of this test run's app settings
    or virtualenv, then `values`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REFLEX_", "IP_", "GRANIAN_", "PYTEST_", "VIRTUAL_ENV"))}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and p != venv_bin and not p.startswith(str(ROOT)))
    env.update(values)
    return env


def _group(pgid: int) -> dict[int, tuple[int, str]]:
    """The processes of a process group: pid -> (parent pid, command line)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found[int(stat.parent.name)] = (int(fields[1]), cmd)
    return found


def _backend_workers(pgid: int) -> list[int]:
    """`reflex run` processes whose parent is the `reflex run` that started them (Granian's
    workers; the supervisor is the make recipe's child)."""
    group = _group(pgid)
    return sorted(pid for pid, (parent, cmd) in group.items()
                  if "reflex run" in cmd and "reflex run" in group.get(parent, (0, ""))[1])


def _login_page_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/login", timeout=10) as resp:
            return resp.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the whole group, SIGKILL to what is left after 30 s."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # workers of a supervisor that ended first
    except ProcessLookupError:
        pass
    proc.wait()


async def _open_plan(url: str, cookie: str) -> RxClient:
    client = RxClient(url, cookie, "/")
    await client.connect(quiet=0.3)
    try:
        await client.loaded(limit=120)
        await client.until(lambda: client.seen(MAIN_GOAL), limit=60)
    finally:
        await client.close()
    return client


def test_documented_scaleout_start_from_a_clean_clone():
    workdir = Path(tempfile.mkdtemp(prefix="minplan-clone-"))  # the guard removes minplan-*
    clone = workdir / "minplan"
    pg_name, db_url = create_pg_database()
    assert db_url.startswith("postgresql://")  # the bare form the docs write
    redis_db = claim_redis_db()
    redis_url = f"{REDIS_SERVER}/{redis_db}"
    log_path = workdir / "make-run.log"
    proc = None
    try:
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True,
                       capture_output=True, timeout=300)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = _clean_env(REFLEX_DB_URL=db_url, REFLEX_REDIS_URL=redis_url,
                         GRANIAN_WORKERS="2", PORT=str(port), IP_TEST_WORKDIR=str(workdir))
        with open(log_path, "wb") as log:
            # guard: watch this test process, then become `make run` (same pid, own group)
            proc = subprocess.Popen(
                [sys.executable, "-m", "tests.utils.guard", "make", "run"], cwd=clone, env=env,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while not (_login_page_answers(url) and len(_backend_workers(proc.pid)) == 2):
            assert proc.poll() is None, (
                f"`make run` ended with {proc.returncode}:\n{log_path.read_text()[-4000:]}")
            assert time.monotonic() < deadline, (
                f"`make run` did not serve /login with 2 workers in {START_TIMEOUT:.0f} s:\n"
                f"{log_path.read_text()[-4000:]}")
            time.sleep(1.0)

        cookie = login_cookie(url, "amina")
        client = run_async(_open_plan(url, cookie))
        assert client.seen(MAIN_GOAL), "the person's plan did not load after the login"
        r = redis.Redis.from_url(redis_url)
        try:
            assert r.dbsize() > 0, "nothing of Reflex's state reached the Redis database"
        finally:
            r.close()
        assert len(_backend_workers(proc.pid)) == 2
        log = log_path.read_text(errors="replace")
        for bad in ("ModuleNotFoundError", "Traceback"):
            assert bad not in log, log[-4000:]
    finally:
        if proc is not None:
            _stop(proc)
        release_redis_db(redis_db)
        drop_pg_database(pg_name)
        shutil.rmtree(workdir, ignore_errors=True)
