# Territoires en Commun — the project's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test test-all lint bench messages makemessages clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

messages: $(STAMP) ## Compile the translation catalogues
	cd site && ../$(BIN)/python ../manage.py compilemessages --verbosity 0

# Only the project's own sources are scanned (tests/test_catalogues.py runs the same command).
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=node_modules --ignore=services \
	--ignore=tests --ignore=docs --ignore=bench --ignore=scripts

makemessages: $(STAMP) ## Update site/locale/*/django.po from the sources (then translate, see docs)
	$(BIN)/python manage.py makemessages -l fr -l en --no-obsolete $(I18N_IGNORE) --verbosity 0

run: install messages ## Set up the demo site (SQLite, database search, console email) and serve it
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install messages ## Run the test suite on the embedded defaults (SQLite, database search)
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -q

test-all: test ## Also run the suites needing PostgreSQL, OpenSearch, SMTP and Chromium
	scripts/test-all

lint: install ## ruff, the import layers (pyproject.toml) and the migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install messages ## Benchmarks (prints tables)
	$(BIN)/python -m bench

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var
