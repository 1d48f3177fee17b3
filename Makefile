# lvzhi — the two commands first: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test check install system-deps e2e bench bench-deps messages format clean-demo backup restore

demo: install ## install, migrate the SQLite demo database, seed it once, serve on 127.0.0.1:8000
	$(BIN)/lvzhi demo

test: install system-deps ## the whole suite (PostgreSQL when DATABASE_URL is set, else SQLite)
	LVZHI_ENV=test LVZHI_FAST_HASHER=1 LVZHI_TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
		$(BIN)/pytest -p no:cacheprovider

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Debian packages the suite needs: chromium for the browser journeys, gettext for the catalog,
# nginx and openssl for the scale-out test, the PostgreSQL client for backups.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || missing="$$missing nginx-light"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			export DEBIAN_FRONTEND=noninteractive RUNLEVEL=1; \
			apt-get install -y -qq $$missing >/dev/null 2>&1 || \
			 { apt-get update -qq; apt-get install -y -qq $$missing >/dev/null 2>&1; } || true; \
			for tool in chromium msgfmt openssl pg_dump; do \
				command -v $$tool >/dev/null || { echo "Could not install $$tool"; exit 1; }; \
			done; \
		else \
			echo "Please install the Debian packages:$$missing (sudo apt-get install$$missing)"; \
			exit 1; \
		fi; \
	fi

check: install ## ruff, mypy, import-linter, migrations up to date
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	LVZHI_ENV=test $(BIN)/python -m django makemigrations --check --dry-run --settings=lvzhi.settings

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

e2e: install system-deps ## only the browser journeys
	LVZHI_ENV=test LVZHI_FAST_HASHER=1 $(BIN)/pytest -p no:cacheprovider -m e2e

bench: install bench-deps ## every benchmark in one table; make bench ARGS="--scale large --only voting"
	$(BIN)/python bench/all.py $(ARGS)
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/python bench/portal.py; \
	else echo "bench/portal.py skipped: it needs DATABASE_URL (PostgreSQL)"; fi

# The HTTP load generator of bench/portal.py: Debian's wrk. Tolerant: without it (not root, no
# network) the bench falls back to its own threaded Python client.
bench-deps:
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || \
			 { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } || \
			 echo "wrk not installed: bench/portal.py uses its Python client"; \
		else echo "wrk not installed (sudo apt-get install wrk): bench/portal.py uses its Python client"; fi; }

messages: install system-deps ## refresh the zh-hans catalog; compile it and the ug and kk ones
	cd src/lvzhi && ../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete \
		--settings=lvzhi.settings --pythonpath=.. && \
		../../$(BIN)/django-admin compilemessages -l zh_Hans -l ug -l kk \
		--settings=lvzhi.settings --pythonpath=..

backup: install ## the database and the uploads into var/backups/ (docs/deployment.md)
	$(BIN)/lvzhi backup

restore: install ## make restore FILE=var/backups/lvzhi-backup-….tar (stop the platform first)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/lvzhi-backup-YYYYmmdd-HHMMSS.tar"; exit 2; }
	$(BIN)/lvzhi restore "$(FILE)"

clean-demo: ## forget the demo database (the next `make demo` seeds again)
	rm -rf var/lvzhi.sqlite3* var/uploads
