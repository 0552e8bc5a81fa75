# The front door. `make run` and `make test` set everything up on a machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench soak backup restore setup migrate demo clean

# Test-only JavaScript (axe-core for the accessibility tests), exactly as package-lock.json pins
# it, from the npm registry; never fetched by a page at run time.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

# The embedded default: SQLite in var/, Celery on the filesystem broker, DEBUG on for local use.
run: export DEBUG ?= true
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) bin/run

# The database tests on two processes (pytest-xdist, one test database each); the browser,
# Redis and Celery-worker tests in one serial group (tests/conftest.py). `PYTEST_XDIST=` runs
# everything in one process.
PYTEST_XDIST ?= -n 2 --dist loadgroup
test: export SECRET_KEY ?= insecure-test-only-key
test: $(STAMP) $(NODE_STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# SIZE=XS|S|M|L (bench/common.py): pages under wrk beside the floor, then the import and the
# rollups, then comment themes and sentiment, then search at the design's scale; JSON in
# var/bench/, the summary in bench/README.md.
bench: export SECRET_KEY ?= insecure-bench-only-key
bench: export SIZE ?= S
bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/voc.py
	$(PY) bench/themes.py
	$(PY) bench/search.py

# Steady load on gunicorn (wrk, 32 connections, 5 minutes) across the main pages and API lists
# of the demo: errors and web worker memory (bench/soak.py; needs `apt-get install wrk`).
soak: export SECRET_KEY ?= insecure-bench-only-key
soak: $(STAMP)
	$(PY) bench/soak.py

# A backup of the configured database (pg_dump on PostgreSQL, SQLite's backup API on the
# default) to FILE, or var/backups/cxgov-<time>.<dump|sqlite3>; `make restore FILE=...` puts
# one back (it asks first; YES=1 does not).
backup: $(STAMP)
	$(PY) manage.py backup $(FILE)

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/cxgov-....dump"; exit 2; }
	$(PY) manage.py restore $(FILE) $(if $(YES),--no-input)

clean:
	rm -rf var staticfiles
