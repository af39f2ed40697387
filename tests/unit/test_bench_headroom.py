"""bench/headroom.py: the capacity figure read from a ramp of client counts, and the spinner
that holds a core busy and ends with the bench."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.headroom import SPIN, crossing


def _step(clients: int, p95: float, failed: int = 0, n: int = 30) -> dict:
    return {"clients": clients, "p95_ms": p95, "failed": failed, "n": n}


def test_capacity_is_interpolated_between_the_steps_around_the_limit():
    steps = [_step(10, 40), _step(25, 80), _step(50, 180)]
    assert crossing(steps) == {"clients": 25 + (100 - 80) / (180 - 80) * 25}


def test_capacity_when_never_or_always_over_the_limit():
    assert crossing([_step(10, 20), _step(25, 30)]) == {"clients": None, "above": 25}
    assert crossing([_step(5, 300)]) == {"clients": None, "below": 5}


def test_a_step_with_failed_writes_counts_as_over_the_limit():
    assert crossing([_step(10, 40), _step(25, 50, failed=3)])["clients"] < 25


def test_the_spinner_ends_when_its_parent_is_gone():
    # a middle process starts the spinner and exits at once: the spinner must follow it
    middle = subprocess.run(
        [sys.executable, "-c",
         "import subprocess, sys, os; "
         "p = subprocess.Popen([sys.executable, '-c', sys.argv[1], str(os.getpid())]); "
         "print(p.pid)", SPIN],
        capture_output=True, text=True, check=True)
    pid = int(middle.stdout.split()[-1])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        with open(f"/proc/{pid}/stat") as fh:
            if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                return
        time.sleep(0.2)
    os.kill(pid, 9)
    raise AssertionError("the spinner outlived the process that started it")
