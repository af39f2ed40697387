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


def start_app(db_url: str | None = None, timeout: float = 420, **extra_env: str) -> RunningApp:
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
