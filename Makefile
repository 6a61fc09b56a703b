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
# `make bench` and `make bench-search`: how many stories to generate; bench-search's database
# (empty: an SQLite file under var/bench/; never the development database).
BENCH_ARTICLES ?= 10000
BENCH_DATABASE_URL ?=

.PHONY: run setup test test-postgres lint check bench bench-search clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	$(MANAGE) update_index --backend default

# Beside the server, and stopped with it (Ctrl-C included): the background worker (search index,
# renditions, mail, partner imports, purges) and run_due_jobs every minute (scheduled stories,
# partners' scheduled imports, owed purges). Links in the review mail lead to the admin served
# here (HOST and PORT), unless WAGTAILADMIN_BASE_URL says otherwise.
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: setup
	@echo ""
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/"
	@$(MANAGE) set_site_address $(HOST) $(PORT)
	@$(MANAGE) demo_accounts
	@echo ""
	@$(MANAGE) run_worker & worker=$$!; \
	$(MANAGE) run_due_jobs --every 60 & due=$$!; \
	trap 'kill $$worker $$due 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# lint-imports: dependencies between the apps run one way (the layers in pyproject.toml).
lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

check: $(BIN)/activate
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

test: lint check
	$(BIN)/pytest

test-postgres: $(BIN)/activate
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

# Reader-page benchmark (prints figures; not a test): this checkout against BENCH_BASELINE, side by side.
#   make bench BENCH_ARTICLES=100000 BENCH_DB=postgres BENCH_BASELINE=HEAD~3
BENCH_DB ?= sqlite
BENCH_BASELINE ?= e92b455
bench: $(BIN)/activate
	$(PY) bench/pages.py --articles $(BENCH_ARTICLES) --database $(BENCH_DB) --baseline $(BENCH_BASELINE)

bench-search: $(BIN)/activate
	$(PY) bench/searches.py --articles $(BENCH_ARTICLES) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

clean:
	rm -rf $(VENV) var db.sqlite3
