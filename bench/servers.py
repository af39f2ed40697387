"""Start the servers the benchmark talks to, and measure their memory."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Optional

from tests.utils.server import ROOT, VENV_BIN, RunningApp, app_env, free_port, prepare_database

COUNTER_DIR = ROOT / "bench" / "counter_app"
# every server runs under tests.utils.guard: it stops with the bench, also a killed one
GUARD = (sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); "
         "from tests.utils.guard import main; main(sys.argv[1:])", str(ROOT))


def _wait_up(proc: subprocess.Popen, url: str, log: Path, timeout: float, page: str = "/") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/ping", timeout=2) as r:
                if r.status == 200 and page:
                    with urllib.request.urlopen(url + page, timeout=5) as p:
                        if p.status == 200:
                            return
                elif r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    os.killpg(proc.pid, 9)
    raise RuntimeError(f"server did not start in {timeout}s:\n{log.read_text()[-3000:]}")


def start_counter(timeout: float = 420, backend_only: bool = False) -> RunningApp:
    """The bare counter app, production build, one port (as the real app runs); with
    `backend_only` only its backend (websocket): enough for simulated tabs, no frontend build."""
    work = Path(tempfile.mkdtemp(prefix="bench-counter-"))
    port = free_port()
    log = work / "server.log"
    env = app_env(f"sqlite:///{work / 'counter.db'}")
    ports = ["--backend-only"] if backend_only else ["--frontend-port", str(port)]
    proc = subprocess.Popen(
        [*GUARD, str(VENV_BIN / "reflex"), "run", "--env", "prod", *ports,
         "--backend-port", str(port)],
        cwd=COUNTER_DIR, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    _wait_up(proc, url, log, timeout, page="" if backend_only else "/")
    return RunningApp(url, port, env["REFLEX_DB_URL"], proc, log, work)


def start_backend_only(db_url: str, timeout: float = 180, **extra_env: str) -> RunningApp:
    """Only the app's backend (websocket + routes), e.g. with Redis and several workers."""
    work = Path(tempfile.mkdtemp(prefix="bench-backend-"))
    port = free_port()
    log = work / "server.log"
    proc = subprocess.Popen(
        [*GUARD, str(VENV_BIN / "reflex"), "run", "--env", "prod", "--backend-only",
         "--backend-port", str(port)],
        cwd=ROOT, env=app_env(db_url, **extra_env), stdout=open(log, "w"),
        stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    _wait_up(proc, url, log, timeout, page="")
    return RunningApp(url, port, db_url, proc, log, work)


def tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    for pid in tree_pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


__all__ = ["prepare_database", "start_counter", "start_backend_only", "tree_rss_mb",
           "load_average", "sys"]


async def start_profile(pid: int, path: str, rate: int,
                        native: bool = False) -> Optional[subprocess.Popen]:
    """py-spy recording the server `pid` and its workers into `path` (`.txt`: raw stacks,
    else a flame graph) until `stop_profile`; None without a path."""
    if not path:
        return None
    spy = subprocess.Popen([str(VENV_BIN / "py-spy"), "record", *(["--native"] if native else []),
                            "--subprocesses", "-r", str(rate), "-o", path, "--pid", str(pid),
                            *(["--format", "raw"] if path.endswith(".txt") else [])],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    await asyncio.sleep(1.5)  # py-spy attaches
    return spy


def stop_profile(spy: Optional[subprocess.Popen]) -> None:
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)
