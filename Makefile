# The two commands a newcomer needs: `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo and the tests run with a throwaway key; production sets SECRET_KEY.
export OPENMASH_INSECURE_DEV_KEY ?= true

.PHONY: setup setup-app setup-test demo test serve clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

$(VENV)/.app-installed: $(VENV)/bin/python requirements/base.txt requirements/constraints.txt
	$(VENV)/bin/pip install -q -r requirements/base.txt -c requirements/constraints.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.app-installed requirements/dev.txt requirements/batch.txt
	$(VENV)/bin/pip install -q -r requirements/dev.txt -c requirements/constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json .npmrc
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend's styles, built from Sass for a council's service (frontend/govuk.scss).
build/static/.built: node_modules/.installed scripts/build-assets.mjs $(wildcard frontend/*.scss)
	npm run --silent build:css
	touch $@

## setup: install everything (app, test tools, front-end assets, Chromium) without running anything
setup: setup-test
	scripts/ensure-chromium

setup-app: $(VENV)/.app-installed build/static/.built
	scripts/ensure-pango

setup-test: setup-app $(VENV)/.test-installed

# This checkout's own settings for commands typed by hand (README): a SECRET_KEY made here,
# read by openmash/settings.py when the environment does not set one. Gitignored; never overwritten.
.env:
	@umask 077 && { \
		echo "# Written by 'make demo' for this checkout only. The real environment always wins."; \
		echo "SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	} > $@.tmp && mv $@.tmp $@

## demo: install, migrate, load the three demo hubs and serve on http://127.0.0.1:$(PORT)
demo: setup-app .env
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo --if-empty
	@echo "Serving openmash on http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	SECURE_COOKIES=false $(PY) manage.py runserver 127.0.0.1:$(PORT) --insecure --noreload

## test: install what the tests need and run every check: lint, types, unit, integration, browser
test: setup
	scripts/run-tests

clean:
	rm -rf $(VENV) node_modules build staticfiles db.sqlite3 .tmp .env var
