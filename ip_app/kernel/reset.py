"""Forget what this worker keeps that was built from the database: for the browser tests'
server only, whose database the tests put back to its start before every test
(tests/e2e/conftest.py).

A worker keeps pages and parts of pages it built, keyed by what they were built from (plan,
viewer, plan version, day: `common.Memo`), the session behind a tab's cookie for half a
second (`live._VIEWERS`), and the failed logins per address (features add theirs with
`on_reset`). When the database is replaced under the worker, a key can come back with other
rows behind it (a tiltak at the same version number, the same plan at the same live
version): `forget()` drops all of it. Every memo is bounded and may lose any entry at any
time, so dropping them is always safe; what a tab shows is simply built again. The plans'
live versions are kept: a version is never reused on a worker (kernel/live.py).

The route that calls it, `POST /_test/reset`, exists only when the server was started with
IP_TEST_RESET_KEY set (tests/utils/server.py `start_app` sets a random one); it answers
only the same machine (127.0.0.1 / ::1) and only with that key in the `X-Test-Reset-Key`
header. Without the variable the app has no such route at all: production never has it
(tests/unit/test_reset_hook.py).
"""

from __future__ import annotations

import hmac
import os
import time
from typing import Callable

ENV = "IP_TEST_RESET_KEY"
HEADER = "x-test-reset-key"
PATH = "/_test/reset"
_LOOPBACK = frozenset({"127.0.0.1", "::1"})

_more: list[Callable[[], None]] = []


def on_reset(forget: Callable[[], None]) -> None:
    """Call `forget()` too on a reset (a feature's own per-worker memory)."""
    _more.append(forget)


def forget() -> None:
    """Drop every memo, cached viewer and what features registered (`on_reset`)."""
    from ip_app.kernel import live
    from ip_app.kernel.common import Memo

    Memo.clear_all()
    live.forget_viewers()
    for f in _more:
        f()


def routes() -> list:
    """The test-only route, or nothing: only with IP_TEST_RESET_KEY in the environment."""
    key = os.environ.get(ENV, "").strip()
    if not key:
        return []
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    async def reset(request: Request) -> Response:
        peer = request.client.host if request.client else ""
        given = request.headers.get(HEADER, "")
        if peer not in _LOOPBACK or not hmac.compare_digest(given.encode(), key.encode()):
            return Response(status_code=403)
        start = time.perf_counter()
        forget()  # on the event loop, where the memos are used: no event runs meanwhile
        return JSONResponse({"ms": round((time.perf_counter() - start) * 1000, 3)})

    return [Route(PATH, reset, methods=["POST"])]
