# Roundtable Academy. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: install run serve test lint lock bench ci clean-db messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The Spanish interface: compiled from the committed catalogue whenever it changes.
MO := locale/es/LC_MESSAGES/django.mo
$(MO): locale/es/LC_MESSAGES/django.po | $(STAMP)
	$(MANAGE) compilemessages --locale es --ignore .venv -v0

install: $(STAMP) $(MO)

## Development: migrate, seed the demo, then web server + task worker until Ctrl-C.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) sync_schedules
	@echo "Roundtable Academy on http://127.0.0.1:8000 (Ctrl-C stops the web server and the worker)"
	$(BIN)/honcho --procfile Procfile.dev start

## Production-style web server (gunicorn + whitenoise); the worker is `manage.py qcluster`.
serve: install
	$(MANAGE) collectstatic --noinput
	$(MANAGE) migrate --noinput
	$(MANAGE) load_content
	$(MANAGE) sync_schedules
	$(BIN)/gunicorn config.wsgi --bind $${BIND:-127.0.0.1:8000} --workers $${WEB_CONCURRENCY:-2}

## The whole suite, browser tests included (skipped with a reason if no Chromium),
## on one pytest-xdist worker per core; TEST_WORKERS=0 runs it in one process.
## loadgroup keeps each class marked xdist_group on one worker, so the data that
## class shares (a seeded demo site) is built once, not once per worker.
test: install
	$(BIN)/pytest -n $${TEST_WORKERS:-auto} --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(MANAGE) makemigrations --check --dry-run

## Re-pin every dependency from pyproject.toml into requirements.txt.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --extra dev --output-file requirements.txt pyproject.toml

## Re-read every translatable string into the Spanish catalogue (new ones untranslated).
messages: install
	$(MANAGE) makemessages -l es --ignore=.venv --ignore=var --ignore=staticfiles --no-obsolete --no-location

bench: install
	$(BIN)/python bench/run.py

ci:
	bash .ci/run
