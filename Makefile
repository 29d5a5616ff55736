# The README's two commands: `make run` and `make test`. Each creates .venv and installs everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
WEB    := web/node_modules/.installed
VENDOR := $(VENV)/.vendored
DIST   ?= dist
# `make dist BUILD_FLAGS=--no-isolation` builds with .venv's setuptools instead of a fresh build env.
BUILD_FLAGS ?=

.PHONY: install run test lint bench dist clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

$(WEB): web/package.json
	cd web && npm install --no-audit --no-fund --loglevel=error
	touch $(WEB)

# The pages' npm assets (setup.py's NPM_ASSETS), copied into api/vendor/ where the package serves them.
$(VENDOR): $(WEB) setup.py | $(STAMP)
	$(BIN)/python setup.py -q vendor_assets
	touch $(VENDOR)

install: $(STAMP) $(WEB) $(VENDOR)

run: install
	$(BIN)/newsgraph serve --seed

# One pytest worker per core (pytest-xdist): most tests wait on servers and subprocesses.
test: install
	$(BIN)/python -m pytest -q -n auto

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/load.py
	$(BIN)/python bench/sparql.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/executor.py
	$(BIN)/python bench/write.py
	$(BIN)/python bench/remote.py
	$(BIN)/python bench/traversal.py
	$(BIN)/python bench/export.py

# sdist and wheel in $(DIST)/ (the wheel is built from the sdist, so both are complete).
dist: install
	$(BIN)/python -m build $(BUILD_FLAGS) --outdir $(DIST) .

clean:
	rm -rf $(VENV) web/node_modules var .pytest_cache .mypy_cache .ruff_cache build dist api/vendor *.egg-info
