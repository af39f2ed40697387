#!/usr/bin/env bash
# The whole suite, in parallel where it pays on a 2-core machine (issue 18 #5):
#  1. the production frontend build the browser tests serve (tests/utils/build.py, ~30-60 s,
#     mostly one core) runs in the background WHILE the unit and integration tests run
#     (pytest-xdist, UNIT_WORKERS processes);
#  2. then the browser tests, in their own pytest process (pytest-playwright keeps an event
#     loop running, as in Reflex's own repository), E2E_WORKERS xdist workers; each worker
#     has its own server and SQLite database, and runs whole test modules (--dist loadfile)
#     so a module's own servers (restart, scale-out, OpenID) start once; the costliest
#     modules are handed out first, the two that use the scale-out server to one worker
#     (tests/utils/schedule.py), so neither worker runs on alone at the end; a worker hands
#     a test's browser context, cleaned, to its next test (tests/utils/context_pool.py: warm
#     HTTP and code caches, ~0.1-0.15 s of CPU less per context; IP_TEST_CONTEXT_POOL=0: off).
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
E2E_WORKERS=${E2E_WORKERS:-2}
start=$(date +%s)

# The build leads its own process group, watched (tests/utils/guard.py): it ends with
# this script, and the trap ends it (Vite included) should the unit tests fail first.
build_log=$(mktemp -t minplan-build-XXXXXX.log)
setsid $PY -m tests.utils.guard $PY -m tests.utils.build >"$build_log" 2>&1 &
build=$!
trap 'kill -- -$build 2>/dev/null || true' EXIT

unit=0
$PY -m pytest tests/unit -q -p no:playwright -n "$UNIT_WORKERS" "$@" || unit=$?
echo "unit tests took $(( $(date +%s) - start )) s"
if [ "$unit" -ne 0 ]; then
    exit "$unit"
fi
if ! wait "$build"; then
    echo "the production build for the browser tests failed:"
    tail -n 60 "$build_log"
    exit 1
fi
trap - EXIT
cat "$build_log"
rm -f "$build_log"
echo "unit tests and the production build took $(( $(date +%s) - start )) s"

$PY -m pytest tests/e2e -q -n "$E2E_WORKERS" --dist loadfile "$@"
echo "whole suite took $(( $(date +%s) - start )) s"
