"""Start the real app once per test session: production build, one port, own database."""

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


def prepare_database(db_url: str) -> None:
    """Migrate to head and load the demo data, as `make run` does."""
    env = app_env(db_url)
    for module in ("ip_app.data.migrate", "ip_app.demo.seed"):
        subprocess.run([sys.executable, "-m", module], cwd=ROOT, env=env, check=True,
                       capture_output=True)


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


def start_app(db_url: str | None = None, timeout: float = 420, smtp_port: int | None = None,
              **extra_env: str) -> RunningApp:
    if smtp_port is not None:  # notifications on, sent to the test SMTP server on that port
        extra_env = {**notify_env(smtp_port), **extra_env}
    workdir = Path(tempfile.mkdtemp(prefix="minplan-e2e-"))
    db_url = db_url or f"sqlite:///{workdir / 'test.db'}"
    prepare_database(db_url)
    port = free_port()
    log_path = workdir / "server.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--frontend-port", str(port),
         "--backend-port", str(port), "--loglevel", "info"],
        cwd=ROOT, env=app_env(db_url, **extra_env), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited early:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/ping", timeout=2) as r:
                if r.status == 200:
                    # the frontend is served once the build is in place
                    with urllib.request.urlopen(url + "/login", timeout=5) as p:
                        if p.status == 200:
                            return RunningApp(url, port, db_url, proc, log_path, workdir)
        except OSError:
            pass
        time.sleep(1)
    proc.kill()
    raise RuntimeError(f"app did not start in {timeout}s:\n{log_path.read_text()[-4000:]}")


def cleanup(app: RunningApp) -> None:
    app.stop()
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
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:  # the field after the state is the parent
                pids.append(int(stat.parent.name))
        return sorted(pids)


def _pg_admin():
    import sqlalchemy as sa

    from ip_app.config import normalise_db_url

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


def copy_build_for_port(build_port: int, port: int, web_dir: Path) -> None:
    """A copy of the production frontend build that talks to `port` instead of `build_port`.

    Why not build again: `reflex run --env prod` always deletes `.web/build` and runs the
    Vite build (30-60 s here), which would also pull the files from under the embedded
    app still serving them. Why a copy: the build bakes the backend's port into one
    asset (reflex-env-*.js: `ws://localhost:<port>/_event`, from env.json); the browser
    swaps only the host name. Everything else (HTML, hence the CSP hashes) is identical.
    """
    import gzip

    src = ROOT / ".web" / "build" / "client"
    dst = web_dir / "build" / "client"
    shutil.copytree(src, dst)
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
        raise RuntimeError(f"expected one reflex-env asset with port {build_port} in {src}")


def start_scaleout(build_port: int, workers: int = 2, timeout: float = 120,
                   **extra_env: str) -> ScaleoutApp:
    """The built app on a fresh PostgreSQL database, state in Redis, `workers` workers.

    `build_port` is the port the existing `.web/build` was built for (the embedded
    app's); start the embedded app first so the build is fresh for this code.
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
        copy_build_for_port(build_port, port, workdir / "web")
        log_path = workdir / "server.log"
        log = open(log_path, "w")
        env = app_env(db_url, REFLEX_REDIS_URL=redis_url, GRANIAN_WORKERS=str(workers),
                      REFLEX_WEB_WORKDIR=str(workdir / "web"), **extra_env)
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.utils.serve_built", str(port)], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        running = ScaleoutApp(f"http://127.0.0.1:{port}", port, db_url, proc, log_path, workdir,
                              redis_url=redis_url, redis_db=redis_db, pg_name=pg_name,
                              workers=workers)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"scale-out app exited early:\n{log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(running.url + "/login", timeout=5) as p:
                    if p.status == 200 and len(running.worker_pids()) == workers:
                        return running
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"scale-out app did not start in {timeout}s:\n"
                           f"{log_path.read_text()[-4000:]}")
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
    release_redis_db(app.redis_db)
    drop_pg_database(app.pg_name)
    shutil.rmtree(app.workdir, ignore_errors=True)


# -- a server that can be killed and started again ---------------------------------------


@dataclass
class RestartableApp(RunningApp):
    """The built app, one worker on its own SQLite database and state directory, that a
    test can kill (as a crash would) and start again on the same port and data."""

    build_port: int = 0
    extra_env: dict | None = None  # more environment for the server (e.g. IP_DB_BUSY_TIMEOUT)

    def kill(self) -> None:
        os.killpg(self.proc.pid, 9)
        self.proc.wait()

    def start(self, timeout: float = 120) -> None:
        log = open(self.log_path, "a")
        env = app_env(self.db_url, GRANIAN_WORKERS="1",
                      REFLEX_WEB_WORKDIR=str(self.workdir / "web"), **(self.extra_env or {}))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.utils.serve_built", str(self.port)], cwd=ROOT,
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited early:\n{self.log_path.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=5) as p:
                    if p.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"app did not start in {timeout}s:\n{self.log_path.read_text()[-4000:]}")


def start_restartable(build_port: int, **extra_env: str) -> RestartableApp:
    """Serve the existing build (see copy_build_for_port) on a fresh port and database."""
    workdir = Path(tempfile.mkdtemp(prefix="minplan-restart-"))
    db_url = f"sqlite:///{workdir / 'test.db'}"
    prepare_database(db_url)
    port = free_port()
    copy_build_for_port(build_port, port, workdir / "web")
    app = RestartableApp(f"http://127.0.0.1:{port}", port, db_url, None, workdir / "server.log",
                         workdir, build_port=build_port, extra_env=extra_env)
    app.start()
    return app
