# Min plan: two commands for a fresh machine.
#   make run   - install everything, migrate, load demo data if empty, serve on $(PORT)
#   make test  - install everything the tests need (Chromium too) and run the whole suite
# `make bench` comes with issue 7.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
BUN_VERSION := 1.4.4

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test setup chromium migrate seed unit e2e clean

setup: $(VENV)/.installed .tools/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Reflex would download bun from the internet; take it from the npm registry instead.
.tools/.installed:
	npm install --silent --prefix .tools bun@$(BUN_VERSION)
	touch $@

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

migrate: setup
	$(PY) -m ip_app.data.migrate

seed: migrate
	$(PY) -m ip_app.demo.seed

run: seed
	IP_DEMO_MODE=$${IP_DEMO_MODE:-1} $(VENV)/bin/reflex run --env prod \
		--frontend-port $(PORT) --backend-port $(PORT)

test: setup chromium
	scripts/test.sh

clean:
	rm -rf .web .states
