# 售后服务管理系统 Aftersales.  make run · make test · make lint · make bench · make fmt · make messages · make clean
#
# Every target installs what it needs first and is fast when nothing changed: the Python packages are
# keyed on a hash of requirements*.txt and pyproject.toml, the browser assets on package*.json, the
# compiled catalogues on their .po files and the collected static files on their sources.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PORT ?= 8000
PYTEST_ARGS ?=

PY_HASH := $(shell cat requirements.txt requirements-dev.txt pyproject.toml 2>/dev/null | sha1sum | cut -c1-12)
PY_STAMP := $(VENV)/.installed-$(PY_HASH)

# Browser assets (bootstrap, htmx) come from npm and are copied into aftersales/web/static/vendor/.
ifneq ($(wildcard package.json),)
NODE_HASH := $(shell cat package.json package-lock.json scripts/vendor_static.py 2>/dev/null | sha1sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(NODE_HASH)
VENDOR_STAMP := aftersales/web/static/vendor/.copied-$(NODE_HASH)
endif

PO_FILES := $(shell find aftersales -path '*/locale/*' -name '*.po' 2>/dev/null)
MO_FILES := $(PO_FILES:.po=.mo)
STATIC_SOURCES := $(shell find aftersales -path '*/static/*' -type f ! -name '.copied-*' 2>/dev/null)
STATIC_STAMP := staticfiles/.collected
PG_BIN := $(lastword $(sort $(wildcard /usr/lib/postgresql/*/bin)))
# The PostgreSQL run is the database suite: everything but the Chromium journeys (test_browser*.py).
PG_PYTEST := --ignore-glob='*/test_browser*.py'

.PHONY: help run run-scaled install test test-sqlite test-postgres lint bench bench-postgres fmt messages compile-messages clean

help:
	@echo "make run    set up (venv, packages, assets, migrate, demo data, admin) and serve on http://127.0.0.1:$(PORT)/"
	@echo "make test   the whole suite on SQLite, then the non-browser suite on a throwaway PostgreSQL"
	@echo "make lint   ruff check, ruff format --check, migrations check, import contracts (.importlinter)"
	@echo "make bench  print the benchmark figures (BENCH_POSTGRES=1: also on PostgreSQL; make bench-postgres: only)"
	@echo "make run-scaled  PostgreSQL + Redis + two app servers + Celery worker and beat under honcho (Procfile)"
	@echo "make fmt | make messages | make clean"

# ------------------------------------------------------------------------------------------ install

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, not " + sys.version'
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

ifdef NODE_STAMP
$(NODE_STAMP):
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

$(VENDOR_STAMP): $(NODE_STAMP) | $(PY_STAMP)
	$(PY) scripts/vendor_static.py
	@touch $@
endif

%.mo: %.po
	@if command -v msgfmt >/dev/null; then msgfmt --check-format -o $@ $< && echo "compiled $@"; \
	else echo "msgfmt not found (apt-get install gettext): $@ not compiled, English stays untranslated"; fi

$(STATIC_STAMP): $(PY_STAMP) $(VENDOR_STAMP) $(STATIC_SOURCES)
	$(PY) manage.py collectstatic --noinput -v0
	@touch $@

install: $(PY_STAMP) $(VENDOR_STAMP) $(MO_FILES) $(STATIC_STAMP)

# ---------------------------------------------------------------------------------------------- run

# Migrate, load the demo data (idempotent) and create/update the admin user, then the production server
# (gunicorn, $AFTERSALES_WORKERS workers, default 2) with the SLA sweep every minute in-process.
run: install
	$(VENV)/bin/aftersales setup
	exec $(VENV)/bin/aftersales serve --port $(PORT)

# The scaled-out stack on this machine (scripts/run_scaled.sh, Procfile): a throwaway PostgreSQL unless DATABASE_URL
# is set, Redis unless REDIS_URL is set, two app servers on $(PORT) and $(PORT)+1, Celery worker and beat. Ctrl-C stops it.
run-scaled: install
	PYTHON=$(PY) exec scripts/run_scaled.sh

# ---------------------------------------------------------------------------------------------- test

test: $(PY_STAMP) $(VENDOR_STAMP) $(MO_FILES)
	@status=0; \
	echo "== pytest: the whole suite on SQLite"; \
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ -n "$(PG_BIN)" ]; then \
		echo "== pytest: the database tests on PostgreSQL ($(PG_BIN))"; \
		PGBIN=$(PG_BIN) PYTHON=$(PY) scripts/pg_test_cluster.sh $(PY) -m pytest $(PG_PYTEST) $(PYTEST_ARGS) \
			|| { rc=$$?; [ $$status -ne 0 ] || status=$$rc; }; \
	else \
		echo "== PostgreSQL binaries not found under /usr/lib/postgresql: the PostgreSQL run is skipped"; \
	fi; \
	if [ $$status -eq 0 ]; then echo "== make test: all passed"; else echo "== make test: FAILED ($$status)"; fi; \
	exit $$status

test-sqlite: $(PY_STAMP) $(VENDOR_STAMP) $(MO_FILES)
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(PY_STAMP) $(VENDOR_STAMP) $(MO_FILES)
	PGBIN=$(PG_BIN) PYTHON=$(PY) scripts/pg_test_cluster.sh $(PY) -m pytest $(PG_PYTEST) $(PYTEST_ARGS)

# ------------------------------------------------------------------------------------- other targets

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=aftersales.config.settings.test \
		$(PY) manage.py makemigrations --check --dry-run
	@if [ -x $(VENV)/bin/mypy ]; then $(VENV)/bin/mypy aftersales; fi
	$(VENV)/bin/lint-imports --no-cache  # the import contracts of .importlinter

bench: install
	@if [ -f bench/run_all.py ]; then $(PY) bench/run_all.py; else echo "bench/run_all.py is not there yet"; fi

# The bench tables on PostgreSQL at 10M requests (BENCH_DATABASE_URL, else a bench cluster under var/bench/pg).
bench-postgres: install
	$(PY) bench/bench_postgres.py $(BENCH_ARGS)

fmt: $(PY_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Chinese is the source language (the msgids); English is the one catalogue (aftersales/locale/en).
messages: $(PY_STAMP)
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=aftersales.config.settings.test $(PY) manage.py makemessages \
		-l en --no-obsolete -i node_modules -i staticfiles -i var -i bench
	$(MAKE) --no-print-directory compile-messages

compile-messages: $(MO_FILES)

clean:
	rm -rf $(VENV) node_modules staticfiles aftersales/web/static/vendor .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -not -path './node_modules/*' -prune -exec rm -rf {} +
	@echo "var/ (the SQLite database, secret key, admin password) is kept: remove it yourself to start afresh"
