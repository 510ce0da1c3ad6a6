# Advisor Scout: `make run` sets everything up and runs the app; `make test` runs every test.
SHELL := /bin/bash
.ONESHELL:
VENV ?= .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run test setup browser bench

setup: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	@set -e
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Debian's chromium drives the browser tests (no browser download).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# Web server and Celery worker (embedded filesystem broker unless REDIS_URL is set), seeds imported.
run: setup
	@set -e
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_setup
	$(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=1 --schedule=var/celerybeat-schedule &
	worker=$$!
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM
	echo "Open http://$(ADDR)/  (Ctrl+C stops the server and the worker)"
	$(PY) manage.py runserver --noreload $(ADDR)

# The layering contracts (.importlinter) first: apps depend one way, the catalogue on no app.
test: setup browser
	@set -e
	$(VENV)/bin/lint-imports --no-cache --config .importlinter
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/import_bench.py
