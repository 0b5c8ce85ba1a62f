# Two commands for a fresh machine: `make run` (serve the portal with seed data on http://127.0.0.1:5000)
# and `make test` (install test dependencies and run the whole suite). Both install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve test lint bench install install-test browser clean

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[postgres]'
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[postgres,test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.test-installed

# Headless Chromium and CJK fonts for the browser tests and screenshots (Debian packages), and axe-core
# (npm, pinned in package-lock.json) which the accessibility tests inject into each page.
browser: node_modules/axe-core/axe.min.js
	@sh scripts/install-browser.sh

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

run: install
	$(FLASK) init-db
	$(FLASK) seed
	$(FLASK) index rebuild
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/audit.py
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/search.py $(BENCH_ARGS)
	$(BIN)/python bench/feeds.py
	$(BIN)/python bench/publish.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules
