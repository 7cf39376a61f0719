# The two commands: `make run` and `make test`. Each sets up what it needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Tests that need services or a browser are deselected here, never skipped: .ci/run runs them.
SERVICE_MARKERS := not postgres and not redis and not browser
# pytest-xdist processes (one per core by default); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PORT ?= 8000

.PHONY: run test e2e ci audit lint migration-drill format migrations-check demo messages bench load load-short restore-drill fault-drills clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

run: $(VENV)/.installed-run
	DJANGO_SETTINGS_MODULE=hub.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=hub.settings.dev $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=hub.settings.dev $(PY) manage.py ensure_dev_admin
	@echo "Serving http://127.0.0.1:$(PORT)/ (SQLite, Celery eager). Stop with Ctrl-C."
	DJANGO_SETTINGS_MODULE=hub.settings.dev $(PY) manage.py runserver 127.0.0.1:$(PORT)

# On SQLite with no outside services, whatever the shell's environment says.
test: $(VENV)/.installed-dev
	DATABASE_URL= REDIS_URL= CELERY_BROKER_URL= $(BIN)/pytest -m "$(SERVICE_MARKERS)" -p no:cacheprovider --create-db -n $(PYTEST_WORKERS)

# Browser tests in Debian's Chromium (apt-get install chromium); .ci/run installs it.
e2e: $(VENV)/.installed-dev
	@test -x /usr/bin/chromium || { echo "make e2e needs /usr/bin/chromium: apt-get install chromium"; exit 1; }
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser tests/e2e -p no:cacheprovider --create-db

# Known vulnerabilities in every installed package (pip-audit, PyPI's advisories, then OSV). Prints
# NOT RUN when no advisory source can be reached; .ci/run lists it so.
audit: $(VENV)/.installed-dev
	bash .ci/audit

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=hub.settings.test $(PY) manage.py makemigrations --check --dry-run

messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages --all --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

# Benchmarks (not part of .ci/run), all in one go on a throw-away hub (PostgreSQL hub_bench, Redis db 10,
# gunicorn as in production, wrk): figures to bench/results.json and a table on stdout, under 15 minutes.
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

# Load test: 50 anonymous visitors for 60 s against gunicorn on its own PostgreSQL database (hub_load)
# and Redis database 11; figures to bench/results.json under "load", non-zero exit on any failed request.
load: $(VENV)/.installed-dev
	$(PY) bench/load.py --users 50 --duration 60s

# The short form for CI: 15 s, figures to a file outside the repository (LOAD_OUTPUT to choose it).
load-short: $(VENV)/.installed-dev
	$(PY) bench/load.py --users 50 --duration 15s --output $${LOAD_OUTPUT:-/tmp/hub-load-short.json}

# Back up a demo hub on PostgreSQL, restore it into a fresh database, smoke-test the copy (.ci/run runs it).
restore-drill: $(VENV)/.installed-dev
	bash .ci/restore-drill

# Redis stops, PostgreSQL restarts, a worker is killed mid-poll: against a PostgreSQL and a Redis the
# drills start on ports of their own (25433, 26380), with gunicorn and a Celery worker (.ci/run runs it).
fault-drills: $(VENV)/.installed-dev
	bash .ci/fault-drills

# Migrate a database built by the code before the domains moved out of hub/ (#14) with today's code.
migration-drill: $(VENV)/.installed-run
	bash .ci/migration-drill

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles .test-media
