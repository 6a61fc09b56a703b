# Masthead: `make run` serves the demo site, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL used by `make test-postgres` and .ci/run.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/masthead
# `make bench-search`: generated stories, and the database they go in
# (empty: an SQLite file under var/bench/; never the development database).
BENCH_ARTICLES ?= 10000
BENCH_DATABASE_URL ?=

.PHONY: run setup test test-postgres lint check browser-deps bench bench-search clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) update_index --backend default

run: setup
	@echo ""
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(BIN)/activate
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

test: lint check
	$(BIN)/pytest

test-postgres: $(BIN)/activate
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

bench-search: $(BIN)/activate
	$(PY) -m search.bench --articles $(BENCH_ARTICLES) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

clean:
	rm -rf $(VENV) var db.sqlite3
