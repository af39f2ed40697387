"""What the production server (Granian, started by `reflex run --env prod`) should do
that Reflex does not ask of it.

Granian's supervisor, when one worker process dies unexpectedly (killed, out of memory),
by default shuts the WHOLE server down, the healthy workers too; Reflex creates it without
`respawn_failed_workers`. With more than one worker (PostgreSQL + Redis) one crash must not
take the service down: the others keep serving and the dead one is started again
(tests/e2e/test_scaleout_kill.py). `IP_RESPAWN_FAILED_WORKERS=0` turns this off.
Called from rxconfig.py, which Reflex loads in the supervisor before it starts Granian.
"""

from __future__ import annotations

import os
from typing import Mapping


def state_manager_mode(env: Mapping[str, str]) -> str:
    """Where Reflex keeps each open tab's state: Redis when there is one (several workers),
    else the worker's memory, not Reflex's default of memory plus a pickle of every changed
    state on disk, which cost ~45 % of the server's CPU at 200 clients and buys little
    here: what a person enters is in the database (messages, drafts), and a tab that
    reconnects after a restart loads its page again; a restart forgets which cards were
    open. `REFLEX_STATE_MANAGER_MODE` (memory, disk or redis) overrides it."""
    chosen = (env.get("REFLEX_STATE_MANAGER_MODE") or "").strip().lower()
    if chosen:
        return chosen
    return "redis" if env.get("REFLEX_REDIS_URL") else "memory"


def respawn_failed_workers() -> None:
    if os.environ.get("IP_RESPAWN_FAILED_WORKERS", "1").strip().lower() in ("0", "false", "no"):
        return
    try:
        import granian.server as gs
    except ImportError:  # not the production server
        return
    base = gs.Server
    if getattr(base, "_minplan_respawn", False):
        return

    class RespawningServer(base):  # type: ignore[misc, valid-type]
        _minplan_respawn = True

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("respawn_failed_workers", True)
            kwargs.setdefault("respawn_interval", 1.0)
            super().__init__(*args, **kwargs)

    RespawningServer.__name__ = RespawningServer.__qualname__ = base.__name__
    gs.Server = RespawningServer


# -- the garbage collector ----------------------------------------------------------------
# A backend worker holds a large, long-lived heap (the compiled app, SQLAlchemy's mappers,
# Babel's locale data, every connected tab's state). CPython's full (generation 2)
# collection walks all of it: 190-350 ms per collection with 200 connected tabs, sixteen
# in the 200-client level of `make bench` (2.2-2.3 s of pauses), each a stall for every tab
# on the worker. Once the worker has started, what exists then is frozen out of the
# collector's sight (`gc.freeze`) and collections are less frequent: 0.15-0.25 s of pauses
# over the same run, none over 30 ms. `IP_GC_TUNING=0` turns it off.

GC_THRESHOLDS = (10_000, 10, 100)


async def tune_gc() -> None:
    """A Reflex lifespan task: runs once in each worker as it starts serving."""
    if os.environ.get("IP_GC_TUNING", "1").strip().lower() in ("0", "false", "no"):
        return
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
