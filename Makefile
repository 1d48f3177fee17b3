# lvzhi — the two commands first: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# The suite runs on this many cores (pytest-xdist). `--dist load` hands each worker the tests in
# the collection order, where pytest-django puts every test that empties the database
# (transactional: concurrency, browser, faults) after all the others: so no test that needs the
# session's seeded data runs on a worker after one that flushed it (`--dist loadfile` would
# break that: a file's transactional tests, then another file's). TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
STAMP := $(VENV)/.installed-stamp
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test check install lock lock-upgrade bundle install-offline system-deps e2e screenshots bench bench-deps messages format clean-demo backup restore

demo: install ## install, migrate the SQLite demo database, seed it once, serve on 127.0.0.1:8000
	$(BIN)/lvzhi demo

test: install system-deps ## the whole suite (PostgreSQL when DATABASE_URL is set, else SQLite)
	LVZHI_ENV=test LVZHI_FAST_HASHER=1 LVZHI_TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
		$(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist load --durations=40

install: $(STAMP)

# Everything comes from the hashed locks (requirements/build.lock: pip, setuptools, wheel;
# requirements/dev.lock: runtime + development tools); pip refuses any file whose SHA-256 is not
# in them. No build isolation, so the one sdist (jieba) builds with the locked setuptools, and the
# project goes in last without dependencies: nothing unhashed is fetched.
# The stamp depends on the locks: a changed lock reinstalls.
$(STAMP): pyproject.toml requirements/build.lock requirements/dev.lock requirements/runtime.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/build.lock
	$(BIN)/pip install --quiet --require-hashes --no-build-isolation -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The locks, made against PyPI for Linux x86_64 / CPython 3.11 whatever this machine's pip
# configuration says (uv reads no pip.conf; --no-config ignores uv.toml). The lock tool is
# itself pinned with hashes (requirements/tools.lock) and lives in $(TOOLS).
# `make lock`: after editing pyproject.toml (keeps every pin that still fits).
# `make lock-upgrade`: the newest releases within pyproject.toml's bounds.
TOOLS ?= .venv-tools
LOCK_INDEX ?= https://pypi.org/simple
LOCK_FLAGS = --quiet --no-config --index-url $(LOCK_INDEX) --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --generate-hashes --custom-compile-command "make lock" $(UPGRADE)

$(TOOLS)/.stamp: requirements/tools.lock
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --require-hashes -r requirements/tools.lock
	touch $@

lock: $(TOOLS)/.stamp ## re-lock requirements/*.lock from pyproject.toml (one command after a merge)
	$(TOOLS)/bin/uv pip compile $(LOCK_FLAGS) requirements/tools.in -o requirements/tools.lock
	$(TOOLS)/bin/uv pip compile $(LOCK_FLAGS) pyproject.toml -o requirements/runtime.lock
	$(TOOLS)/bin/uv pip compile $(LOCK_FLAGS) requirements/build.in -o requirements/build.lock
	$(TOOLS)/bin/uv pip compile $(LOCK_FLAGS) --extra dev pyproject.toml requirements/build.in \
		-c requirements/runtime.lock -c requirements/build.lock -o requirements/dev.lock

lock-upgrade: ## the newest releases pyproject.toml allows, into requirements/*.lock
	$(MAKE) lock UPGRADE=--upgrade

# The offline bundle (docs/deployment.md): every locked runtime wheel for Linux x86_64 / CPython
# 3.11, the project's wheel, catalogs, static files, deploy/ files, install.sh, manifest and
# SHA-256 sums in dist/lvzhi-bundle-<version>.tar.gz. Downloads go to dist/wheel-cache once.
bundle: install
	@deploy/system-deps.sh build
	$(BIN)/python deploy/bundle/build.py --out dist

# Install a bundle with no network: make install-offline BUNDLE=dist/lvzhi-bundle-0.1.0.tar.gz
# [PREFIX=/opt/lvzhi] [STATIC_DIR=/var/lib/lvzhi/static]. Checks the sums before anything else.
PREFIX ?= /opt/lvzhi
install-offline:
	@test -n "$(BUNDLE)" || { echo "Usage: make install-offline BUNDLE=dist/lvzhi-bundle-VERSION.tar.gz [PREFIX=/opt/lvzhi]"; exit 2; }
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	tar -xzf "$(BUNDLE)" -C "$$tmp"; \
	"$$tmp"/lvzhi-bundle-*/install.sh --prefix "$(PREFIX)" $(if $(STATIC_DIR),--static-dir "$(STATIC_DIR)")

# System packages: the one list is deploy/system-packages.txt (Debian 12 and dnf names, versions
# tested). The suite's scope: chromium for the browser journeys, gettext for the catalogs, nginx
# and openssl for the scale-out test, the PostgreSQL client for backups. Installed when root.
system-deps:
	@deploy/system-deps.sh test

check: install ## ruff, mypy, import-linter, migrations up to date, ug/kk catalogs whole
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	LVZHI_ENV=test $(BIN)/python -m django makemigrations --check --dry-run --settings=lvzhi.settings
	LVZHI_ENV=test PYTHONPATH=src $(BIN)/python -m lvzhi.core.rtlfill --check

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

e2e: install system-deps ## only the browser journeys
	LVZHI_ENV=test LVZHI_FAST_HASHER=1 $(BIN)/pytest -p no:cacheprovider -m e2e

screenshots: install system-deps ## the menus of every role at 1280 and 360 px for docs/user-guide.md (docs/img/nav-*.png)
	@deploy/system-deps.sh --tolerant docs
	LVZHI_ENV=test LVZHI_FAST_HASHER=1 LVZHI_NAV_SCREENSHOTS=1 $(BIN)/pytest -p no:cacheprovider tests/e2e/test_navigation.py

# With VOTE_DATABASE_URL and REDIS_URL it also times the phone vote through gunicorn beside
# OpenSlides 3.3 (bench/openslides33.py: installed on first use into .venv-openslides from PyPI,
# needs Python 3.8; skipped with the reason where it cannot run). `make test` never installs it.
bench: install bench-deps ## every benchmark in one table; make bench ARGS="--scale large --only voting"
	$(BIN)/python bench/all.py $(ARGS)
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/python bench/portal.py; \
	else echo "bench/portal.py skipped: it needs DATABASE_URL (PostgreSQL)"; fi
	@if [ -n "$$VOTE_DATABASE_URL" ] && [ -n "$$REDIS_URL" ]; then \
		DATABASE_URL="$$VOTE_DATABASE_URL" $(BIN)/python bench/voting.py --http \
			--deputies 1000 --workers 8 --http-workers 4; \
	else echo "bench/voting.py --http (the phone vote beside OpenSlides 3.3) skipped: it needs" \
		"VOTE_DATABASE_URL (a PostgreSQL database it empties) and REDIS_URL"; fi

# The HTTP load generator of bench/portal.py: Debian's wrk (deploy/system-packages.txt, bench
# scope). Tolerant: without it (not root, no network) the bench uses its own Python client.
bench-deps:
	@deploy/system-deps.sh --tolerant bench || true

messages: install system-deps ## refresh the zh-hans catalog; mirror it into ug and kk (docs/languages.md); compile
	cd src/lvzhi && ../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete \
		--settings=lvzhi.settings --pythonpath=.. && \
		LVZHI_ENV=test PYTHONPATH=.. ../../$(BIN)/python -m lvzhi.core.rtlfill && \
		../../$(BIN)/django-admin compilemessages -l zh_Hans -l ug -l kk \
		--settings=lvzhi.settings --pythonpath=..

backup: install ## the database and the uploads into var/backups/ (docs/deployment.md)
	$(BIN)/lvzhi backup

restore: install ## make restore FILE=var/backups/lvzhi-backup-….tar (stop the platform first)
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/lvzhi-backup-YYYYmmdd-HHMMSS.tar"; exit 2; }
	$(BIN)/lvzhi restore "$(FILE)"

clean-demo: ## forget the demo database (the next `make demo` seeds again)
	rm -rf var/lvzhi.sqlite3* var/uploads
