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

## serve: the production configuration on this machine: PostgreSQL, DEBUG off, collected static
## files served by WhiteNoise, gunicorn with JSON logs, on http://127.0.0.1:$(PORT) (docs/deploy.md).
## Its own database (SERVE_DATABASE_URL), not the demo's SQLite; the SECRET_KEY is the one in .env.
## SEED_DEMO=1 loads the demo hubs into it first.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/openmash_serve
SERVE_ENV = env DATABASE_URL=$(SERVE_DATABASE_URL) DEBUG=false OPENMASH_INSECURE_DEV_KEY=false \
	ALLOWED_HOSTS=127.0.0.1,localhost STATIC_COLLECTED=true SECURE_COOKIES=false
serve: setup-app .env
	@$(PY) scripts/ensure-database "$(SERVE_DATABASE_URL)"
	$(SERVE_ENV) $(PY) manage.py migrate --no-input -v0
	$(SERVE_ENV) $(PY) manage.py collectstatic --no-input -v0
	$(if $(SEED_DEMO),$(SERVE_ENV) $(PY) manage.py seed_demo --if-empty)
	@echo "Serving the production configuration on http://127.0.0.1:$(PORT)/ from $(SERVE_DATABASE_URL) (Ctrl+C to stop)."
	@echo "Plain HTTP on this machine, so cookies are not marked Secure here; behind TLS in production they are."
	$(if $(SEED_DEMO),,@echo "A new database has no one to sign in as: 'make serve SEED_DEMO=1' loads the demo hubs into it.")
	$(SERVE_ENV) GUNICORN_BIND=127.0.0.1:$(PORT) GUNICORN_WORKERS=$${GUNICORN_WORKERS:-2} \
		$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py

## test: install what the tests need and run every check: lint, types, unit, integration, browser
test: setup
	scripts/run-tests

clean:
	rm -rf $(VENV) node_modules build staticfiles db.sqlite3 .tmp .env var
