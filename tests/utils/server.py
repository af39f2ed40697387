"""Start the real app for the browser tests: production build, one port, own database.

Every server here serves its own copy of ONE production build (tests/utils/build.py) with
tests.utils.serve_built, in its own process group, and ends with the test process that
started it even if that one is killed (tests/utils/guard.py). The browser tests' main
server (`start_app`) is started once per pytest-xdist worker, each with its own database,
and can be put back to how it started before every test (`RunningApp.restore`, used by
tests/e2e/conftest.py): the database from a copy taken once the server was up, and the
server's own memory of what it built from the rows (kernel/reset.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    port: int
    db_url: str
    proc: subprocess.Popen
    log_path: Path
    workdir: Path
    # set by `start_app` only: the key of the server's test-only reset route (kernel/reset.py)
    reset_key: str = ""
    last_copy_ms: float = 0.0  # of the last `restore`: the copy alone
    # the copy the live database equals since the last `restore` (None: changed since, or
    # not known); set by the tests' fixtures (tests/e2e/conftest.py), which know when
    same_as: Path | None = None

    @property
    def pristine(self) -> Path:
        """The copy of the database as it was when the server had started (`start_app`)."""
        return self.workdir / "pristine.db"

    def db_file(self) -> Path:
        return Path(self.db_url.removeprefix("sqlite:///"))

    def can_restore(self) -> bool:
        return bool(self.reset_key) and self.pristine.exists()

    def save_database(self, to: Path) -> float:
        """A consistent copy of the live database (the server may be writing); ms taken."""
        from tests.utils.db import copy_sqlite

        return copy_sqlite(self.db_file(), to)

    def restore(self, copy: Path | None = None) -> float:
        """Put the database back to `copy` (default: as the server started) under the
        running server, then have the server forget what it built from the old rows
        (POST /_test/reset). ms taken, both together."""
        from tests.utils.db import copy_sqlite

        start = time.perf_counter()
        self.last_copy_ms = copy_sqlite(copy or self.pristine, self.db_file())
        req = urllib.request.Request(self.url + "/_test/reset", method="POST", data=b"",
                                     headers={"X-Test-Reset-Key": self.reset_key})
        with urllib.request.urlopen(req, timeout=60) as resp:
            if resp.status != 200:
                raise RuntimeError(f"{self.url}: the reset answered {resp.status}")
        self.same_as = copy or self.pristine
        return (time.perf_counter() - start) * 1000

    def stop(self) -> None:
        if self.proc.poll() is not None:  # died during the session: say why
            print(f"\n{self.url} had exited with {self.proc.returncode}; its log ends:\n"
                  f"{self.log_path.read_text()[-4000:]}", file=sys.stderr)
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)


def app_env(db_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "REFLEX_DB_URL": db_url,
        "IP_DEMO_MODE": "1",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{VENV_BIN}:{env.get('PATH', '')}",
    })
    env.update(extra)
    return env


DEMO_PASSWORD = "demo"


def _migrate_and_seed(db_url: str) -> None:
    env = app_env(db_url)
    for module in ("ip_app.kernel.migrate", "ip_app.demo.seed"):
        subprocess.run([sys.executable, "-m", module], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    if os.environ.get("IP_TEST_CHEAP_HASHES") != "0":  # 0: the seed's own hash (to compare)
        cheap_demo_hashes(db_url)


def cheap_demo_hashes(db_url: str) -> None:
    """The demo accounts' stored hash of the demo password, swapped for an argon2id hash of
    the same password with minimal cost parameters (as tests/unit/conftest.py does): argon2
    reads the parameters from the hash, so every login of a browser test still goes through
    the app's real verification (`kernel.passwords.verify_password`), at ~1 ms of the
    server's CPU instead of ~165 ms (m=64 MiB, t=3, p=4), and nearly every browser test
    logs in, many as several people. Hashes the app makes itself (a password set in a
    test) keep the production parameters, and so does the dummy hash for unknown users."""
    from argon2 import PasswordHasher

    from ip_app.kernel.passwords import verify_password
    from tests.utils.db import execute, query

    seeded = [h for (h,) in query(db_url, "SELECT DISTINCT password_hash FROM account "
                                          "WHERE password_hash <> ''")
              if verify_password(h, DEMO_PASSWORD)]
    assert seeded, "no demo account with the demo password"
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(DEMO_PASSWORD)
    for h in seeded:
        execute(db_url, "UPDATE account SET password_hash = :cheap WHERE password_hash = :h",
                cheap=cheap, h=h)


_SQLITE_TEMPLATE: list[Path] = []  # this process's migrated demo database, made once


def prepare_database(db_url: str) -> None:
    """Migrate to head and load the demo data, as `make run` does.

    A SQLite database is a copy of one this test process made that way first (two
    Python start-ups and the demo's argon2 hashes less for every further server of a
    worker: restartable, OpenID, ...); a PostgreSQL one is migrated and seeded itself.
    """
    if not db_url.startswith("sqlite:///"):
        _migrate_and_seed(db_url)
        return
    import atexit
    import sqlite3

    if not _SQLITE_TEMPLATE:
        directory = Path(tempfile.mkdtemp(prefix="minplan-demo-db-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        _migrate_and_seed(f"sqlite:///{directory / 'template.db'}")
        _SQLITE_TEMPLATE.append(directory / "template.db")
    target = Path(db_url.removeprefix("sqlite:///"))
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(_SQLITE_TEMPLATE[0]), sqlite3.connect(target)
    try:
        src.backup(dst)  # a consistent copy, whatever journal mode the template is in
    finally:
        src.close()
        dst.close()


# e-mail notifications in the test app: fast, so a test sees the e-mail within seconds
NOTIFY_TEST_DELAY_SECONDS = 1.0
NOTIFY_TEST_INTERVAL_SECONDS = 0.5


def notify_env(smtp_port: int) -> dict[str, str]:
    """Environment that turns the app's notifier on against a local test SMTP server."""
    return {"IP_SMTP_HOST": "127.0.0.1", "IP_SMTP_PORT": str(smtp_port),
            "IP_SMTP_FROM": "Min plan <ikke-svar@minplan.test>",
            "IP_NOTIFY_DELAY_SECONDS": str(NOTIFY_TEST_DELAY_SECONDS),
            "IP_NOTIFY_INTERVAL_SECONDS": str(NOTIFY_TEST_INTERVAL_SECONDS),
            "IP_NOTIFY_RETRY_SECONDS": "1"}


def _serve(port: int, db_url: str, workdir: Path, log_path: Path, timeout: float,
           ready=None, **env_extra: str) -> subprocess.Popen:
    """Serve the copy of the build in `workdir/web` on `port` (tests.utils.serve_built) and
    wait until it answers /login (and `ready(process)` holds): the server process, which leads
    its own process group and ends with the test process that started it (tests/utils/guard.py).
    """
    log = open(log_path, "a")
    env = app_env(db_url, REFLEX_WEB_WORKDIR=str(workdir / "web"),
                  IP_TEST_WORKDIR=str(workdir),  # removed if the tests die
                  # archive snapshots (closing, evaluation) beside the test's database
                  **{"IP_ARCHIVE_DIR": str(workdir / "arkiv"), **env_extra})
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.utils.serve_built", str(port)], cwd=ROOT, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()  # the server has its own copy of the file
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{url} exited early ({proc.returncode}):\n"
                                   f"{log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(url + "/login", timeout=10) as p:
                    if p.status == 200 and (ready is None or ready(proc)):
                        return proc
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{url} did not start in {timeout:.0f}s:\n"
                           f"{log_path.read_text()[-4000:]}")
    except BaseException:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait()
        raise


# A healthy start takes a few seconds; on a loaded 2-core machine (two test workers, their
# browsers, and whatever else runs) it can take much longer: wait generously, never a fixed time.
START_TIMEOUT = 300.0


def start_app(db_url: str | None = None, timeout: float = START_TIMEOUT,
              smtp_port: int | None = None, **extra_env: str) -> RunningApp:
    """The app as production runs it on one machine: one worker, its own database (a fresh
    SQLite file with the demo data unless `db_url`), on a free port, serving its own copy
    of the session's production build (built once: tests.utils.build)."""
    if smtp_port is not None:  # notifications on, sent to the test SMTP server on that port
        extra_env = {**notify_env(smtp_port), **extra_env}
    import secrets

    reset_key = secrets.token_hex(16)  # turns the test-only reset route on (kernel/reset.py)
    workdir = Path(tempfile.mkdtemp(prefix="minplan-e2e-"))
    try:
        db_url = db_url or f"sqlite:///{workdir / 'test.db'}"
        prepare_database(db_url)
        port = free_port()
        copy_build(port, workdir / "web")
        log_path = workdir / "server.log"
        proc = _serve(port, db_url, workdir, log_path, timeout, GRANIAN_WORKERS="1",
                      REFLEX_LOGLEVEL="info", IP_TEST_RESET_KEY=reset_key, **extra_env)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    running = RunningApp(f"http://127.0.0.1:{port}", port, db_url, proc, log_path, workdir,
                         reset_key=reset_key)
    if db_url.startswith("sqlite:///"):  # the start every test is put back to
        running.save_database(running.pristine)
        running.same_as = running.pristine
    return running


def keep_log(app: RunningApp) -> None:
    """With IP_TEST_LOG_DIR set, keep the server's log there (the workdir is removed)."""
    target = os.environ.get("IP_TEST_LOG_DIR")
    if target and app.log_path.exists():
        Path(target).mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        shutil.copyfile(app.log_path, Path(target) / f"{app.workdir.name}-{worker}-{app.port}.log")


def cleanup(app: RunningApp) -> None:
    app.stop()
    keep_log(app)
    shutil.rmtree(app.workdir, ignore_errors=True)


# -- scale-out mode: PostgreSQL + Redis + several backend workers -------------------------
#
# The embedded app above is one worker on SQLite. `start_scaleout` starts the same build as
# production would run it on several machines' worth of workers: its own fresh PostgreSQL
# database, Reflex state in Redis, and GRANIAN_WORKERS backend workers on one port.
# PostgreSQL and Redis must be reachable; if not, this fails with a clear message (the tests
# never skip). Everything created here is removed by `cleanup_scaleout`.

PG_ADMIN_URL = os.environ.get("IP_TEST_PG_ADMIN_URL",
                              "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_SERVER = os.environ.get("IP_TEST_REDIS_SERVER", "redis://127.0.0.1:6379")
_REDIS_CLAIM = "minplan-test:redis-db-claim:"  # in db 0: which test run owns db <n>
_SOCKET_RECORD = "token_manager_socket_record_"  # Reflex's RedisTokenManager key prefix


@dataclass
class ScaleoutApp(RunningApp):
    redis_url: str = ""
    redis_db: int = 0
    pg_name: str = ""
    workers: int = 2

    def worker_of(self, token: str, timeout: float = 10) -> str:
        """The backend worker holding the websocket of the tab with this client token.

        Reflex's RedisTokenManager stores, per connected token, a record with the
        `instance_id` of the worker process that owns the socket (a fresh id per worker,
        set when the worker starts). Two tabs with different ids are on different
        workers, and an update for one made on the other crosses Redis.
        """
        import pickle

        import redis

        r = redis.Redis.from_url(self.redis_url)
        deadline = time.monotonic() + timeout
        try:
            while True:
                raw = r.get(_SOCKET_RECORD + token)
                if raw is not None:
                    return pickle.loads(raw).instance_id
                if time.monotonic() > deadline:
                    raise AssertionError(f"no socket record in Redis for token {token}")
                time.sleep(0.05)
        finally:
            r.close()

    def worker_pids(self) -> list[int]:
        """PIDs of the Granian worker processes (children of the server process)."""
        return children_of(self.proc.pid)


def children_of(pid: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # the field after the state is the parent
            pids.append(int(stat.parent.name))
    return sorted(pids)


def _pg_admin():
    import sqlalchemy as sa

    from ip_app.kernel.config import normalise_db_url

    return sa.create_engine(normalise_db_url(PG_ADMIN_URL), isolation_level="AUTOCOMMIT",
                            poolclass=sa.pool.NullPool)


def create_pg_database() -> tuple[str, str]:
    """A new, uniquely named, empty PostgreSQL database: (name, url)."""
    import uuid

    import sqlalchemy as sa

    name = f"minplan_e2e_{uuid.uuid4().hex[:12]}"
    try:
        with _pg_admin().connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        raise RuntimeError(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL} (set IP_TEST_PG_ADMIN_URL); "
            f"the scale-out tests need it and do not skip:\n{exc}") from exc
    return name, PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(name: str) -> None:
    import sqlalchemy as sa

    with _pg_admin().connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def claim_redis_db() -> int:
    """An empty Redis database number (1-15) claimed for this run only.

    The claim is a key in db 0 set with NX (and an expiry, should the run be killed),
    so two test runs on one machine never share a database; the database must also be
    empty, so nothing of anyone else's is flushed at the end.
    """
    import redis

    admin = redis.Redis.from_url(REDIS_SERVER + "/0")
    owner = f"{socket.gethostname()}:{os.getpid()}:{time.time()}"
    try:
        admin.ping()
        count = int(admin.config_get("databases").get("databases", 16))
        for n in range(1, count):
            if not admin.set(f"{_REDIS_CLAIM}{n}", owner, nx=True, ex=3 * 3600):
                continue
            db = redis.Redis.from_url(f"{REDIS_SERVER}/{n}")
            try:
                if db.dbsize() == 0:
                    return n
            finally:
                db.close()
            admin.delete(f"{_REDIS_CLAIM}{n}")  # in use by something else: leave it alone
    except redis.exceptions.ConnectionError as exc:
        raise RuntimeError(
            f"Redis is not reachable at {REDIS_SERVER} (set IP_TEST_REDIS_SERVER); the "
            f"scale-out tests need it and do not skip:\n{exc}") from exc
    finally:
        admin.close()
    raise RuntimeError(f"no free Redis database on {REDIS_SERVER}")


def release_redis_db(n: int) -> None:
    """Flush the claimed database (only our server wrote to it) and drop the claim."""
    import redis

    db = redis.Redis.from_url(f"{REDIS_SERVER}/{n}")
    admin = redis.Redis.from_url(REDIS_SERVER + "/0")
    try:
        db.flushdb()
        admin.delete(f"{_REDIS_CLAIM}{n}")
    finally:
        db.close()
        admin.close()


def copy_build(port: int, web_dir: Path) -> None:
    """A copy of the tests' production frontend build that talks to `port`.

    Why not build for each server: `reflex run --env prod` always deletes `.web/build` and
    runs the Vite build (30-60 s here), and would pull the files from under the servers
    still serving them. The build is made once (tests.utils.build, under a lock) and each
    server gets a copy. Why a copy: the build bakes the backend's port into one asset
    (reflex-env-*.js: `ws://localhost:<port>/_event`, from env.json); the browser swaps only
    the host name. Everything else (HTML, hence the CSP hashes) is identical.
    """
    import gzip

    from tests.utils.build import TEMPLATE, ensure_built, template_port, template_read_lock

    ensure_built()
    dst = web_dir / "build" / "client"
    with template_read_lock():
        build_port = template_port()
        shutil.copytree(TEMPLATE, dst)
    patched = 0
    for js in (dst / "assets").glob("reflex-env-*.js"):
        text = js.read_text()
        new = text.replace(f"localhost:{build_port}/", f"localhost:{port}/")
        if new != text:
            js.write_text(new)
            patched += 1
        for variant in js.parent.glob(js.name + ".*"):  # precompressed copies: redo/drop
            variant.unlink()
        with gzip.open(str(js) + ".gz", "wb") as gz:
            gz.write(new.encode())
    if patched != 1:
        raise RuntimeError(f"expected one reflex-env asset with port {build_port} in {TEMPLATE}")


def copy_build_for_port(build_port: int | None, port: int, web_dir: Path) -> None:
    """`copy_build(port, web_dir)`, for callers written when a server's build was copied
    from the main app's (`copy_build_for_port(app.port, ...)`): `build_port` is not used,
    every copy now comes from the one build of tests.utils.build."""
    copy_build(port, web_dir)


def start_scaleout(build_port: int | None = None, workers: int = 2,
                   timeout: float = START_TIMEOUT, **extra_env: str) -> ScaleoutApp:
    """The built app on a fresh PostgreSQL database, state in Redis, `workers` workers.

    `build_port` is not used (see copy_build_for_port).
    """
    workdir = Path(tempfile.mkdtemp(prefix="minplan-scaleout-"))
    pg_name, db_url = create_pg_database()
    redis_db = None
    proc = None
    try:
        redis_db = claim_redis_db()
        redis_url = f"{REDIS_SERVER}/{redis_db}"
        prepare_database(db_url)
        port = free_port()
        copy_build(port, workdir / "web")
        log_path = workdir / "server.log"
        running = ScaleoutApp(f"http://127.0.0.1:{port}", port, db_url, None, log_path, workdir,
                              redis_url=redis_url, redis_db=redis_db, pg_name=pg_name,
                              workers=workers)
        running.proc = proc = _serve(
            port, db_url, workdir, log_path, timeout,
            ready=lambda proc: len(children_of(proc.pid)) == workers,
            REFLEX_REDIS_URL=redis_url, GRANIAN_WORKERS=str(workers), **extra_env)
        return running
    except BaseException:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait()
        if redis_db is not None:
            release_redis_db(redis_db)
        drop_pg_database(pg_name)
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def cleanup_scaleout(app: ScaleoutApp) -> None:
    app.stop()
    keep_log(app)
    release_redis_db(app.redis_db)
    drop_pg_database(app.pg_name)
    shutil.rmtree(app.workdir, ignore_errors=True)


# -- a server that can be killed and started again ---------------------------------------


@dataclass
class RestartableApp(RunningApp):
    """The built app, one worker on its own SQLite database and state directory, that a
    test can kill (as a crash would) and start again on the same port and data."""

    extra_env: dict | None = None  # more environment for the server (e.g. IP_DB_BUSY_TIMEOUT)

    def kill(self) -> None:
        os.killpg(self.proc.pid, 9)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None:  # made by new_restartable, maybe never started
            super().stop()

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start it (again) and return once it answers; waits as long as a loaded machine
        needs, never a fixed time."""
        self.proc = _serve(self.port, self.db_url, self.workdir, self.log_path, timeout,
                           GRANIAN_WORKERS="1", **(self.extra_env or {}))


def new_restartable(**extra_env: str) -> RestartableApp:
    """A restartable app that is ready to start but not started: its port (hence URL),
    fresh database with the demo data and copy of the build exist. For a server whose
    environment needs its own URL first (the OpenID one: the provider redirects to it),
    or whose database needs more before it starts: change `extra_env` / the database,
    then `app.start()`. `cleanup(app)` removes everything, started or not."""
    workdir = Path(tempfile.mkdtemp(prefix="minplan-restart-"))
    try:
        db_url = f"sqlite:///{workdir / 'test.db'}"
        prepare_database(db_url)
        port = free_port()
        copy_build(port, workdir / "web")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return RestartableApp(f"http://127.0.0.1:{port}", port, db_url, None,
                          workdir / "server.log", workdir, extra_env=dict(extra_env))


def start_restartable(build_port: int | None = None, **extra_env: str) -> RestartableApp:
    """Serve the build (see copy_build) on a fresh port and database, with `extra_env`
    (e.g. IP_DEMO_MODE="0", IP_IDLE_MINUTES="2.2"); `build_port` is not used (see
    copy_build_for_port). Like every server here it ends with the test process, even one
    that is killed (tests/utils/guard.py); `cleanup(app)` stops it."""
    app = new_restartable(**extra_env)
    try:
        app.start()
    except BaseException:
        shutil.rmtree(app.workdir, ignore_errors=True)
        raise
    return app
