# The two commands: `make run` (the app with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PY312 := $(shell for p in python3.12 $$(ls -d /root/.pyenv/versions/3.12.*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12 2>/dev/null); do \
           if "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then echo "$$p"; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install run test typecheck lint format pdf-deps browser-deps messages bench stop clean

$(BIN)/.installed: pyproject.toml
	@test -n "$(PY312)" || { echo "Python 3.12 is needed (python3.12 not found)"; exit 1; }
	test -x $(BIN)/python || $(PY312) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq ".[dev]"
	touch $@

install: $(BIN)/.installed

run: install pdf-deps
	$(BIN)/python manage.py run --port $(PORT)

# What the PDFs need from the system: WeasyPrint needs Pango (Chromium pulls it in, a bare machine may not have it),
# and a certificate names its holder in any script: DejaVu (shipped) has Latin, Greek, Cyrillic and Arabic, Noto Sans
# CJK (Debian's fonts-noto-cjk) Chinese, Japanese and Korean.
pdf-deps:
	@ldconfig -p | grep -q libpangoft2 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }
	@test -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }

browser-deps: pdf-deps
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The test database is reused (pytest's --reuse-db) while the migrations are those it was built
# from: their hash is kept in .local/test-db.stamp, and --create-db is passed when it differs (a fresh
# clone, as in CI, has no stamp and always builds the database).
MIGRATIONS_HASH = $(shell cat $$(find . -path ./.venv -prune -o -path '*/migrations/*.py' -print | sort) pyproject.toml | sha256sum | cut -c1-16)
TEST_DB_STAMP := .local/test-db.stamp
COVERAGE_FLOOR ?= 90  # measured 94% (977 tests, 2026-12-02): a few points below

test: install browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(BIN)/mypy
	@mkdir -p .local
	$(BIN)/pytest -n 2 $$(test "$$(cat $(TEST_DB_STAMP) 2>/dev/null)" = "$(MIGRATIONS_HASH)" || echo --create-db) \
		--cov --cov-report=term:skip-covered --cov-fail-under=$(COVERAGE_FLOOR) $(PYTEST_ARGS)
	@echo "$(MIGRATIONS_HASH)" > $(TEST_DB_STAMP)

typecheck: install
	$(BIN)/mypy

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

messages: install
	$(BIN)/python manage.py makemessages -l fr -l es --ignore=.venv --ignore=.local --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.local

bench: install
	$(BIN)/python bench/expert_search.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/training_import.py

stop: install
	$(BIN)/python -m wcocb.embedded stop

clean:
	rm -rf $(VENV) staticfiles .local
