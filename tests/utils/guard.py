"""No test server outlives the test process that started it, even one killed with SIGKILL.

A server a test starts runs in its own process group (`start_new_session=True`, so a
test can kill it and its Granian workers with one `os.killpg`). The flip side: if pytest
(or an xdist worker) dies without running its fixtures' teardown (killed, out of memory,
the CI job cancelled), nothing would stop those servers. So the server's process, before
it does anything else, forks a small watcher into its own group (`watch_parent`): the
watcher is not the server's child (it would count as a Granian worker then), only a
member of its group. Once a second it looks at the server:

- the server's parent is no longer the test process that started it (that process died
  and the server was re-parented): SIGTERM to the whole group, SIGKILL 10 s later, and
  the server's scratch directory (IP_TEST_WORKDIR: copy of the build, database, log) is
  removed, as the test's teardown would have;
- the server process is gone (stopped or crashed): SIGKILL to what is left of the group
  (workers of a supervisor that was killed);
- a normal stop (`os.killpg(server, SIGTERM)`) ends the watcher with everyone else.

    python -m tests.utils.guard <command> [args ...]

runs any command (the OpenID test provider, say) this way: it starts the watcher, then
becomes the command (exec), so the PID the test holds is the command's own. `serve_built`
calls `watch_parent` itself. The server must lead its own process group.
"""

from __future__ import annotations

import os
import signal
import sys
import time

GRACE_SECONDS = 10.0


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    if fields[0] == "Z":  # a zombie: it has ended, its parent just has not reaped it yet
        return None
    return int(fields[1])


def _watch(server: int, parent: int, workdir: str) -> None:
    while True:
        now = _parent_of(server)
        if now is None:  # the server ended: leave nothing of its group behind
            os.killpg(0, signal.SIGKILL)
        if now != parent:  # the test process died: stop the server, then make sure
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            os.killpg(0, signal.SIGTERM)
            deadline = time.monotonic() + GRACE_SECONDS
            while time.monotonic() < deadline and _parent_of(server) is not None:
                time.sleep(0.2)
            if workdir and os.path.basename(workdir).startswith("minplan-"):
                import shutil

                shutil.rmtree(workdir, ignore_errors=True)
            os.killpg(0, signal.SIGKILL)
        time.sleep(1.0)


def watch_parent() -> None:
    """Start the watcher for this process (see the module's text); returns at once.

    Call it before any thread starts (it forks). Does nothing unless this process
    leads its own process group, so it never signals the group of whoever started it.
    """
    server = os.getpid()
    if os.getpgid(0) != server:
        return
    parent = os.getppid()
    workdir = os.environ.get("IP_TEST_WORKDIR", "")
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # the middle process ends at once: reap it
        return
    try:
        if os.fork():
            os._exit(0)
        # the watcher: re-parented away from the server, still in its process group; it
        # holds none of the server's files or pipes open (a reader would wait for its EOF)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 1024)
        _watch(server, parent, workdir)
    finally:
        os._exit(0)


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit("usage: python -m tests.utils.guard <command> [args ...]")
    watch_parent()
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
