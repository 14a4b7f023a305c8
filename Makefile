# Two commands set everything up on a fresh machine:
#   make serve   builds and serves the demo archive on http://127.0.0.1:8000
#   make test    runs the whole test suite (installs Chromium for browser tests when root)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test build bench lint browser clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve -a 127.0.0.1:8000 --livereload --dirty

build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

browser:
	@bash scripts/install-browser.sh

test: $(STAMP) browser
	$(PY) -m ruff check plugins tests hooks bench
	$(PY) -m pytest -q

bench: $(STAMP) browser
	$(PY) bench/run.py --out .cache/bench/results.md $(BENCH_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check plugins tests hooks bench
	$(PY) -m ruff format --check plugins tests hooks bench

clean:
	rm -rf site .cache
