# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON_BOOT ?= $(shell p=$$(pyenv prefix 3.13.0 2>/dev/null) && echo $$p/bin/python || command -v python3.13 || command -v python3.12)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# `make bench` runs every proof workload on this PostgreSQL database (created when missing)
# unless DATABASE_URL names another; BENCH_ARGS picks workloads and flags (python -m bench --list).
BENCH_ARGS ?= all
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/interview_tracker_bench

.PHONY: install run serve worker test lint format typecheck migrations-check schema-check check-deploy ci bench clean

$(BIN)/python:
	@test -n "$(PYTHON_BOOT)" || { echo "Python 3.12+ is required (pyenv install 3.13.0, or set PYTHON_BOOT=/path/to/python3.13)."; exit 1; }
	$(PYTHON_BOOT) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo --url http://$(HOST):$(PORT)
	@# The task worker (mail, browser imports) and the schedule (reminders) run beside the
	@# server and stop with it.
	$(BIN)/python manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	$(BIN)/python manage.py periodic_tasks --every 60 & schedule=$$!; \
	trap 'kill $$worker $$schedule 2>/dev/null; wait' EXIT INT TERM; \
	$(BIN)/uvicorn interview_tracker.asgi:application --host $(HOST) --port $(PORT) --lifespan off --no-proxy-headers --reload --reload-dir . --reload-include '*.html'

serve: install
	$(BIN)/uvicorn interview_tracker.asgi:application --host $(HOST) --port $(PORT) --lifespan off --no-proxy-headers

# A task worker for a production node (several may run; see the README's layout).
worker: install
	$(BIN)/python manage.py db_worker --queue-name '*' --no-reload

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

schema-check: install
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

check-deploy: install
	$(BIN)/python manage.py check --deploy --fail-level WARNING

ci: lint typecheck migrations-check schema-check test

bench: install
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/db.sqlite3* var/staticfiles .pytest_cache .mypy_cache .ruff_cache
