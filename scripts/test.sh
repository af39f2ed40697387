#!/usr/bin/env bash
# The whole suite, in parallel where it pays on a 2-core machine (issue 18 #5):
#  1. the production frontend build the browser tests serve (tests/utils/build.py, ~30-60 s,
#     mostly one core) and the unit and integration tests (pytest-xdist, UNIT_WORKERS
#     processes) start at once, the unit tests at a lower CPU priority (nice 10): they take
#     what the build, and then the browser tests, leave idle (a browser test waits for its
#     page, its server or a poll much of the time) and so add little to the whole; once the
#     browser tests have ended they go on at the usual priority (on a machine busy with other
#     work, nice 10 had them yield to it: one core held busy and two other test runs, the
#     unit tests ended 228 s after the browser tests). Their output comes at the end, or at
#     once if they fail (the browser tests are then stopped).
#     Measured, the unit tests and three browser-test modules (accessibility, plain pages,
#     documented start; load ~8): 255 s one after the other, 206 s side by side;
#  2. once the build is there, the browser tests, in their own pytest process
#     (pytest-playwright keeps an event loop running, as in Reflex's own repository),
#     E2E_WORKERS xdist workers; each worker has its own server and SQLite database, and
#     runs whole test modules (--dist loadfile) so a module's own servers (restart,
#     scale-out, OpenID) start once; the costliest modules are handed out first, the two that
#     use the scale-out server to one worker (tests/utils/schedule.py), so no worker runs
#     on alone at the end; a worker hands a test's browser context, cleaned, to its next test
#     (tests/utils/context_pool.py: warm HTTP and code caches, ~0.1-0.15 s of CPU less per
#     context; IP_TEST_CONTEXT_POOL=0: off).
# Arguments go to both pytest runs (e.g. `-x`, `-k consent`). UNIT_WORKERS=0 / E2E_WORKERS=0
# run that part in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
# Python writes its compiled modules (__pycache__, ignored by git) during the run: with
# PYTHONDONTWRITEBYTECODE set (as in these machines' sessions) every process compiled the app,
# Reflex and the libraries from source again, uv installs none. Measured on
# tests/e2e/test_dialog.py: importing the app 7.7 -> 3.0 s of CPU; the start of a worker and
# its server (pytest, migrate, seed, the server) 31.8 -> 13.9 s of CPU.
unset PYTHONDONTWRITEBYTECODE
PY=.venv/bin/python
UNIT_WORKERS=${UNIT_WORKERS:-2}
# 3 browser-test workers on 2 cores: a browser test waits much of its time (for the server,
# for Chromium, for a page to settle), so a third keeps the cores busier. Clean clone, quiet
# machine (2026-12-07 22:52): the browser tests 7 min 43 s with 2 workers, 6 min 26 s with 3.
E2E_WORKERS=${E2E_WORKERS:-3}
start=$(date +%s)

# The build leads its own process group, watched (tests/utils/guard.py): it ends with
# this script, and the trap ends it (Vite included) should the script stop early.
build_log=$(mktemp -t minplan-build-XXXXXX.log)
setsid $PY -m tests.utils.guard $PY -m tests.utils.build >"$build_log" 2>&1 &
build=$!
unit_log=$(mktemp -t minplan-unit-XXXXXX.log)
nice -n 10 $PY -m pytest tests/unit -q -p no:playwright -n "$UNIT_WORKERS" "$@" \
    >"$unit_log" 2>&1 &
unit=$!
e2e=
# (background commands of a script ignore Ctrl-C: the trap stops them; a stopped pytest's
# servers and browsers end with it, tests/utils/guard.py)
trap 'kill -- -$build 2>/dev/null || true; kill $unit $e2e 2>/dev/null || true
      rm -f "$unit_log"' EXIT
trap 'exit 130' INT TERM

unit_rc=
unit_ended() {  # $1: its exit status
    unit_rc=$1
    unit_seconds=$(( $(date +%s) - start ))
}
unit_report() {
    cat "$unit_log"
    echo "unit tests took $unit_seconds s, beside the build and the browser tests (nice 10)"
}

# the build first (unit tests that end before it and fail end the run at once)
while :; do
    wait -n -p done_pid "$build" "$unit" && rc=0 || rc=$?
    if [ "$done_pid" != "$unit" ]; then
        break
    fi
    unit_ended "$rc"
    if [ "$rc" -ne 0 ]; then unit_report; exit "$rc"; fi
done
if [ "$rc" -ne 0 ]; then
    echo "the production build for the browser tests failed:"
    tail -n 60 "$build_log"
    exit 1
fi
cat "$build_log"
rm -f "$build_log"
echo "the production build took $(( $(date +%s) - start )) s"

$PY -m pytest tests/e2e -q -n "$E2E_WORKERS" --dist loadfile "$@" &
e2e=$!
e2e_rc=
while [ -z "$unit_rc" ]; do  # unit tests that fail stop the browser tests: the run has failed
    wait -n -p done_pid "$unit" "$e2e" && rc=0 || rc=$?
    if [ "$done_pid" = "$e2e" ]; then
        e2e_rc=$rc
        echo "browser tests ended $(( $(date +%s) - start )) s after the start"
        # nothing left to give way to: back to the usual priority, so the unit tests do not
        # yield to other work on the machine now (best effort: raising a priority needs root)
        renice -n 0 -p "$unit" $(pgrep -P "$unit") >/dev/null 2>&1 || true
        wait "$unit" && rc=0 || rc=$?
    fi
    unit_ended "$rc"
    if [ "$rc" -ne 0 ] && [ -z "$e2e_rc" ]; then
        kill "$e2e" 2>/dev/null; wait "$e2e" 2>/dev/null || true
        unit_report; exit "$rc"
    fi
done
if [ -z "$e2e_rc" ]; then
    wait "$e2e" && e2e_rc=0 || e2e_rc=$?
    echo "browser tests ended $(( $(date +%s) - start )) s after the start"
fi
unit_report
echo "whole suite took $(( $(date +%s) - start )) s"
if [ "$unit_rc" -ne 0 ]; then exit "$unit_rc"; fi
exit "$e2e_rc"
