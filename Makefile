# targetwatch — every set-up step lives here, so a fresh clone needs only `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(PYTHON) -m uv
export DO_NOT_TRACK := 1
export UV_PYTHON_DOWNLOADS := never
# Compile the dependencies' bytecode at install: every later process (a run, dbt, each test worker) then
# starts from .pyc files, even where PYTHONDONTWRITEBYTECODE is set (CI), instead of compiling ~10,000 modules.
export UV_COMPILE_BYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help run test test-fast ui lint format bench manifest browser clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# ---- set-up --------------------------------------------------------------------------------
$(VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || { echo "installing uv …"; $(PYTHON) -m pip install --quiet "uv>=0.5"; }
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

manifest: $(VENV)/.synced ## prepare dbt's manifest for the Dagster definitions (only when stale)
	$(BIN)/python -m orchestration.dbt_manifest

browser: ## install Debian's Chromium for the browser tests (if missing)
	@.ci/install-chromium

# ---- the two commands of the README ------------------------------------------------------
run: $(VENV)/.synced ## install, then run the nightly job once on the bundled sample site
	$(BIN)/targetwatch run

test: $(VENV)/.synced browser manifest ## install, then run the whole test suite
	$(BIN)/python -m pytest

# ---- more ----------------------------------------------------------------------------------
test-fast: $(VENV)/.synced manifest ## the suite without the slow and browser tests
	$(BIN)/python -m pytest -m "not slow and not browser"

ui: $(VENV)/.synced manifest ## Dagster UI and daemon on http://127.0.0.1:3000 (run history in data/dagster_home)
	$(BIN)/python -m orchestration.ui

lint: $(VENV)/.synced ## ruff for Python, sqlfluff for the dbt SQL
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project/models dbt_project/macros

format: $(VENV)/.synced ## apply ruff's formatting and fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.synced manifest ## performance harness (not part of the tests): prints a table, writes JSON
	$(BIN)/python -m tests.bench

clean: ## remove the data directory (raw snapshots included!) and build artifacts
	rm -rf data dbt_project/target test-artifacts bench-results
