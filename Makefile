# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_SCALE ?= 1

.PHONY: run serve test lint format frontend install install-dev bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/main.css: node_modules/.installed $(wildcard static/src/*.scss) scripts/copy-frontend-assets.mjs
	npm run --silent build

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
frontend: static/css/main.css

## run: set everything up and serve the app with demo data at http://127.0.0.1:8000
run: install frontend
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: the whole suite on PostgreSQL (and Redis, Chromium for the browser tests)
test: install-dev frontend
	$(BIN)/pytest

## lint: ruff lint and format check
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## format: apply ruff's fixes and formatting
format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules static/css static/vendor var/staticfiles
