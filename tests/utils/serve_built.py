"""Serve an ALREADY BUILT production frontend and the backend on one port, N workers.

    python -m tests.utils.serve_built <port>      (cwd: the repository root)

This is the tail of `reflex run --env prod` (reflex/reflex.py `_run_prod`) without
its head: `reflex run --env prod` always deletes `.web/build` and runs the Vite
build again (30-60 s here, and it would pull the files from under a server that
is still serving them), and `--backend-only` does not mount the compiled
frontend (it sets REFLEX_MOUNT_FRONTEND_COMPILED_APP to false itself). So we set
what `_run_prod` sets and call the same function it calls, Reflex's own
`exec.run_backend_prod(..., mount_frontend_compiled_app=True)`: Granian, with
`GRANIAN_WORKERS` workers (Reflex's default with Redis is 2 x cores + 1), the app
forked from a preloaded supervisor, frontend served from REFLEX_WEB_WORKDIR.

Started by a test in its own process group, it first starts the watcher of
tests/utils/guard.py: the server and its workers end when the test process that
started them dies, even if that one never gets to stop them.
"""

from __future__ import annotations

import sys


def main(port: int) -> None:
    from tests.utils.guard import watch_parent

    watch_parent()  # first, while this process has no threads (it forks)

    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    from reflex.utils import exec as rx_exec

    environment.REFLEX_COMPILE_CONTEXT.set(constants.CompileContext.RUN)
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)  # the build exists; compile nothing
    config = get_config()
    config._set_persistent(frontend_port=port, backend_port=port)
    rx_exec.run_backend_prod("127.0.0.1", port, config.loglevel.subprocess_level(),
                             mount_frontend_compiled_app=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
