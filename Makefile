# Osmari: `make demo` serves the demo on http://127.0.0.1:8000; `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PYTEST := $(PY) -m pytest -p no:cacheprovider
LOCALE_DIR := osmari/locale
PO_FILES := $(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: demo serve test lint typecheck test-sqlite test-postgres test-browser test-load bench \
	loadtest messages \
	makemessages clean help

help:
	@echo "make demo   - install, migrate, load reference and demo data, serve on http://127.0.0.1:8000"
	@echo "make test   - linters, the suite on SQLite and PostgreSQL, then the browser tests"
	@echo "make bench  - national-scale data on PostgreSQL, requests per second of the main pages"
	@echo "make loadtest - 50 simulated users for 10 minutes, PostgreSQL restarted half-way"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"

$(VENV)/.base-installed: requirements/base.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.lock
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	touch $(VENV)/.base-installed $@

# Catalogues are compiled from the committed .po files at build time, with Babel from the
# lock, so no system gettext is needed to run Osmari.
%.mo: %.po
	$(BIN)/pybabel compile --statistics -i $< -o $@ 2>&1 | tail -n 1

messages: $(MO_FILES)

$(MO_FILES): $(VENV)/.base-installed

demo: $(VENV)/.base-installed messages
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input
	$(PY) manage.py load_reference
	$(PY) manage.py seed_demo --scale demo
	@echo ""
	@echo "Serving Osmari on http://127.0.0.1:8000 (Ctrl-C stops). Log in with a demo login above."
	@# The background jobs' worker runs beside the server and stops with it (docs/jobs.md).
	DEBUG=1 $(PY) manage.py run_worker --queue default,owner & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.dev-installed
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test-sqlite: $(VENV)/.dev-installed messages
	@echo "== Suite on SQLite"
	DATABASE_URL= $(PYTEST) -m "not browser"

test-postgres: $(VENV)/.dev-installed messages
	@echo "== Suite on PostgreSQL"
	$(PY) scripts/pgcluster.py --no-autovacuum -- $(PYTEST) -m "not browser"

test-browser: $(VENV)/.dev-installed messages
	@echo "== Browser tests in headless Chromium"
	DATABASE_URL= $(PYTEST) -m browser

# A minute of the working-day load, with PostgreSQL restarted half-way (make loadtest: ten).
test-load: $(VENV)/.dev-installed messages
	@echo "== Load test: simulated users, a database restart, every acknowledged write kept"
	LOADTEST_SECONDS=60 $(PY) scripts/pgcluster.py -- $(PY) scripts/loadtest.py

# The suite runs on SQLite and on PostgreSQL at once, one on each core: each run's output is
# printed whole when it ends. Then the browser tests and the load test, one after the other.
test: lint
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres
	@$(MAKE) --no-print-directory test-browser test-load

loadtest: $(VENV)/.dev-installed messages
	$(PY) scripts/pgcluster.py -- $(PY) scripts/loadtest.py

bench: $(VENV)/.dev-installed messages
	$(PY) scripts/pgcluster.py -- $(PY) scripts/bench.py

# Refreshes the .po files from the source (needs GNU gettext); translate, then commit them.
makemessages: $(VENV)/.dev-installed
	$(PY) manage.py makemessages --no-obsolete --no-location -l fi -l sv -l en \
		--ignore "tests/*" --ignore "*/tests/*" --ignore "scripts/*" --ignore "var/*"

clean:
	rm -rf $(VENV) var test-artifacts $(MO_FILES)
