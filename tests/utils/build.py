"""The production frontend the browser tests serve, built ONCE and copied for each server.

    python -m tests.utils.build        (cwd: the repository root; scripts/test.sh runs it
                                        in the background while the unit tests run)

`reflex export --frontend-only --no-zip --env prod` compiles the app and runs the Vite
build into `.web/build/client` (the same files `reflex run --env prod` builds, ~30-60 s
here), for a port chosen here. Every test server then serves its OWN copy of it, with
that port swapped for its own (`tests.utils.server.copy_build_for_port`), so any number
of servers, one per pytest-xdist worker and the restartable / scale-out / OpenID ones, run
from one build and none of them serves the template itself.

A stamp next to the build records the port and a fingerprint of everything the build is
made from (the app's code and assets, rxconfig.py, pyproject.toml, the Reflex version). A
fresh stamp means the build is reused; anything else builds again. One build at a time:
an exclusive lock around the build, a shared one around each copy, so xdist workers that
start together wait for the first one's build instead of building into the same `.web`.
To build again anyway, delete `.web/build` (`make clean` deletes all of `.web`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / ".web" / "build" / "client"
STAMP = ROOT / ".web" / "build" / "minplan-test-build.json"  # removed by every Reflex build
SOURCES = ("ip_app", "assets", "rxconfig.py", "pyproject.toml")
_LOCK = Path(tempfile.gettempdir()) / (
    "minplan-test-build-" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:12] + ".lock")


def fingerprint() -> str:
    """A hash of every file the frontend build is made from, and of Reflex's version."""
    from importlib.metadata import version

    h = hashlib.sha256(f"reflex {version('reflex')}\n".encode())
    for name in SOURCES:
        top = ROOT / name
        files = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]
        for path in files:
            if "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
                continue
            h.update(f"{path.relative_to(ROOT)}\n".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


@contextmanager
def _locked(kind: int) -> Iterator[None]:
    with open(_LOCK, "a") as fh:
        fcntl.flock(fh, kind)  # released when the file closes, or when the process dies
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def template_read_lock() -> Iterator[None]:
    """Hold while copying the template, so no build replaces it halfway through a copy."""
    with _locked(fcntl.LOCK_SH):
        yield


def _fresh_port(expected: str) -> int | None:
    try:
        stamp = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return None
    if stamp.get("fingerprint") != expected or not (TEMPLATE / "assets").is_dir():
        return None
    return int(stamp["port"])


def template_port() -> int:
    """The port baked into the template; hold `template_read_lock` while using it."""
    try:
        return int(json.loads(STAMP.read_text())["port"])
    except (OSError, ValueError, KeyError) as exc:
        raise RuntimeError(f"no production build for the tests in {TEMPLATE}: "
                           "call tests.utils.build.ensure_built() first") from exc


def ensure_built(timeout: float = 900) -> int:
    """Build the template unless a fresh one exists; returns the port baked into it."""
    from tests.utils.server import app_env, free_port

    expected = fingerprint()
    with _locked(fcntl.LOCK_EX):
        port = _fresh_port(expected)
        if port is not None:
            return port
        port = free_port()  # any number: each server's copy swaps it for its own port
        workdir = Path(tempfile.mkdtemp(prefix="minplan-build-"))
        log_path = workdir / "build.log"
        started = time.monotonic()
        env = app_env(f"sqlite:///{workdir / 'unused.db'}", REFLEX_FRONTEND_PORT=str(port),
                      REFLEX_BACKEND_PORT=str(port))
        try:
            with open(log_path, "w") as log:
                proc = subprocess.run(
                    [str(Path(sys.executable).parent / "reflex"), "export", "--frontend-only",
                     "--no-zip", "--env", "prod", "--loglevel", "info"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=timeout)
            if proc.returncode != 0 or not (TEMPLATE / "assets").is_dir():
                raise RuntimeError(f"the production build failed ({proc.returncode}):\n"
                                   f"{log_path.read_text()[-4000:]}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        STAMP.write_text(json.dumps({"port": port, "fingerprint": expected,
                                     "seconds": round(time.monotonic() - started, 1)}))
        print(f"production build for the tests: {time.monotonic() - started:.0f} s",
              file=sys.stderr)
        return port


if __name__ == "__main__":
    ensure_built()
