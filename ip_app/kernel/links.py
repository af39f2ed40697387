"""Absolute links the server hands out (an invitation link someone gives another person)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit


def absolute(state: Any, path: str) -> str:
    """`path` on the host this tab was opened from (the address staff use), else on
    IP_APP_BASE_URL."""
    parts = urlsplit(str(getattr(state.router, "url", "") or ""))
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}{path}"
    base = os.environ.get("IP_APP_BASE_URL", "http://localhost:3000").rstrip("/")
    return base + path
