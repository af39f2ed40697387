#!/usr/bin/env bash
# The whole suite: unit and integration tests, then the browser tests against one
# production build. pytest-playwright keeps an event loop running, so the browser
# tests run in their own pytest process (as Reflex's own repository does).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
start=$(date +%s)
$PY -m pytest tests/unit -q -p no:playwright "$@"
$PY -m pytest tests/e2e -q "$@"
echo "whole suite took $(( $(date +%s) - start )) s"
