# The README's two commands: `make run` and `make test`. Each creates .venv and installs everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WEB    := web/node_modules/.installed

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

$(WEB): web/package.json
	cd web && npm install --no-audit --no-fund --loglevel=error
	touch $(WEB)

install: $(STAMP) $(WEB)

run: install
	$(BIN)/newsgraph serve --seed

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/load.py
	$(BIN)/python bench/sparql.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/executor.py
	$(BIN)/python bench/traversal.py

clean:
	rm -rf $(VENV) web/node_modules var .pytest_cache .mypy_cache .ruff_cache
