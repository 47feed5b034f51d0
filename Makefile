# One venv, created once and reinstalled only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test bench lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Index the bundled corpus (if needed) and start a practice quiz.
run: setup
	$(BIN)/prep ingest
	$(BIN)/prep quiz

test: setup
	$(BIN)/python -m pytest

## Grader (about 2 minutes) and retrieval (about 8 minutes) benchmarks on ../shared/eval.
bench: setup
	$(BIN)/prep bench grader
	$(BIN)/prep bench retrieval

lint: setup
	$(BIN)/ruff check ingest agents ui bench tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
