# Min plan: two commands for a fresh machine.
#   make run   - install everything, migrate, load demo data if empty (demo mode, unless
#                IP_DEMO_MODE=0), serve on $(PORT)
#   make test  - install everything the tests need (Chromium too; the installs side by side)
#                and run the whole suite (scripts/test.sh: unit tests and the frontend build
#                side by side, then the browser tests in 3 pytest-xdist workers, each with its
#                own server and database; UNIT_WORKERS= / E2E_WORKERS= to change the counts)
#   make bench - benchmarks (issue 7) and the 5-minute soak (issue 8): prints a table, writes
#                docs/benchmarks.md; BENCH_ARGS="--only soak --soak-seconds 60" for the soak alone

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
BUN_VERSION := 1.4.4
AXE_VERSION := 4.14.1
# Lighthouse 12.8 is the newest that runs on Node 20 (13 wants Node >= 22.19): bench only
LIGHTHOUSE_VERSION := 12.8.2

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test setup chromium migrate seed unit e2e clean bench

setup: $(VENV)/.installed .tools/.installed .tools/.axe-$(AXE_VERSION)

# uv (from PyPI, pinned) installs the same pinned packages several times faster than pip
# (issue 18 #5: ~10 s instead of ~1 min on a clean clone); pip does it should uv fail.
UV_VERSION := 0.13.8
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION) \
		&& $(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[test]' \
		|| { $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e '.[test]'; }
	touch $@

# Reflex would download bun from the internet; take it from the npm registry instead.
.tools/.installed:
	npm install --silent --prefix .tools bun@$(BUN_VERSION)
	touch $@

# axe-core (npm) for the accessibility tests (tests/e2e/test_accessibility.py), pinned
.tools/.axe-$(AXE_VERSION): .tools/.installed
	npm install --silent --prefix .tools axe-core@$(AXE_VERSION)
	touch $@
# issue 9: the OpenID provider the login tests run (npm oidc-provider, pinned by its lock file)
tests/oidc/node_modules/.installed: tests/oidc/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix tests/oidc
	touch $@

chromium:
	@{ command -v chromium && command -v chromium-headless-shell; } >/dev/null \
		|| { apt-get update -qq && apt-get install -y -qq chromium chromium-headless-shell; }

migrate: setup
	$(PY) -m ip_app.kernel.migrate

# demo data only in demo mode (on unless IP_DEMO_MODE=0, as for `run`)
seed: migrate
	IP_DEMO_MODE=$${IP_DEMO_MODE:-1} $(PY) -m ip_app.demo.seed

run: seed
	IP_DEMO_MODE=$${IP_DEMO_MODE:-1} $(VENV)/bin/reflex run --env prod \
		--frontend-port $(PORT) --backend-port $(PORT)

test:
	$(MAKE) --no-print-directory -j4 setup chromium tests/oidc/node_modules/.installed
	scripts/test.sh

# issue 7: BENCH_SCALE=1 for the full 100k persons / 1M tiltak / 2M messages (default 1/100)
BENCH_SCALE ?= 0.01
$(VENV)/.bench-installed: $(VENV)/.installed
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[test,bench]' \
		|| $(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

.tools/lighthouse/.installed-$(LIGHTHOUSE_VERSION):
	npm install --silent --no-audit --no-fund --prefix .tools/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

bench: setup chromium $(VENV)/.bench-installed .tools/lighthouse/.installed-$(LIGHTHOUSE_VERSION)
	$(PY) -m bench.run --scale $(BENCH_SCALE) $(BENCH_ARGS)

clean:
	rm -rf .web .states
