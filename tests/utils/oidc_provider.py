"""Start the test OpenID provider (tests/oidc/provider.mjs, npm `oidc-provider`) on 127.0.0.1.

`npm ci` installs the pinned package from package-lock.json the first time.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent.parent / "oidc"

PERSON_PID = "01019912345"  # "amina" at the provider
UNKNOWN_PID = "02020254321"  # "ukjent": no account in Min plan
STAFF_OID = "a1b2c3d4-0000-4000-8000-000000000001"  # "veileder"


def ensure_installed() -> None:
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True,
                       timeout=300)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider(app_base_url: str) -> Iterator[str]:
    """The issuer URL of a fresh provider whose clients redirect to `app_base_url`."""
    ensure_installed()
    node = shutil.which("node")
    assert node, "Node.js is needed for the OpenID provider tests"
    port = _free_port()
    # its own process group, watched: it ends with this process (tests/utils/guard.py)
    proc = subprocess.Popen([sys.executable, "-m", "tests.utils.guard", node,
                             str(HERE / "provider.mjs"), str(port), app_base_url], cwd=HERE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                filter(None, [str(HERE.parent.parent),
                                              os.environ.get("PYTHONPATH")]))},
                            start_new_session=True)
    try:
        line = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not line.startswith("ready"):
            line = proc.stdout.readline() if proc.stdout else ""
            if proc.poll() is not None:
                raise RuntimeError("the OpenID test provider stopped at start")
        assert line.startswith("ready"), "the OpenID test provider did not start"
        yield line.split()[1]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def provider_env(issuer: str, app_base_url: str, *, min_acr: str = "idporten-loa-high") -> dict[str, str]:
    """Environment variables that configure Min plan for the test provider (both logins)."""
    env = {"IP_OIDC_SUBJECT_KEY": "test-subject-key-not-secret"}
    for name in ("person", "staff"):
        p = f"IP_OIDC_{name.upper()}_"
        env.update({
            p + "ISSUER": issuer, p + "CLIENT_ID": f"minplan-{name}",
            p + "CLIENT_SECRET": f"secret-{name}-for-tests-only",
            p + "REDIRECT_URI": f"{app_base_url}/auth/oidc/{name}/callback",
            p + "POST_LOGOUT_REDIRECT_URI": f"{app_base_url}/login",
        })
    env["IP_OIDC_PERSON_ACR_VALUES"] = "idporten-loa-high"
    env["IP_OIDC_PERSON_MIN_ACR"] = min_acr
    return env
