"""The server key behind the stored fødselsnummer: only HMAC-SHA256(key, number) is kept.

A fødselsnummer has so few possible values that a plain hash could be reversed by
trying them all; the key lives outside the database. It is `IP_FNR_KEY` when set
(any long random text; keep it in the secret store beside the database password). When
unset, a random key is made once per install in `data/fnr.key` (or `IP_FNR_KEY_FILE`),
readable by the app's user only. Changing or losing the key means a number typed again
no longer finds its person: back the file up with the database.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ip_app.kernel.config import ROOT


def key_file() -> Path:
    return Path(os.environ.get("IP_FNR_KEY_FILE") or ROOT / "data" / "fnr.key")


def _file_key(path: Path) -> bytes:
    """The per-install key: made once (exclusive create, so two workers agree), then read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
    for _ in range(50):  # another worker may be writing it this instant
        text = path.read_text().strip()
        if text:
            return text.encode()
    raise RuntimeError(f"the key file {path} is empty")


def server_key() -> bytes:
    env = os.environ.get("IP_FNR_KEY", "").strip()
    return env.encode() if env else _file_key(key_file())


def fnr_hash(fnr: str) -> str:
    """The keyed hash stored for a checked fødselsnummer (its 11 digits)."""
    return hmac.new(server_key(), b"fnr|" + fnr.encode(), hashlib.sha256).hexdigest()
