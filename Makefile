# Two commands set everything up on a fresh machine:
#   make serve   builds and serves the demo archive on http://127.0.0.1:8000
#   make test    runs the whole test suite (installs Chromium for browser tests when root)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve test build bench lint browser clean install zensical

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# The project alone, without the test tools (what the import workflow needs).
install: $(PY)
	$(PY) -m pip install -q .

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve -a 127.0.0.1:8000 --livereload --dirty

build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

# The demo archive built with Zensical instead of MkDocs (examples/zensical/mkdocs.yml):
# the archive's pages written as a docs tree, Zensical's build, then the search index.
zensical: $(STAMP)
	$(VENV)/bin/minutes generate --config examples/zensical/mkdocs.yml
	$(VENV)/bin/zensical build -f examples/zensical/mkdocs.yml
	$(VENV)/bin/minutes index examples/zensical/site-zensical

browser:
	@bash scripts/install-browser.sh

test: $(STAMP) browser
	$(PY) -m ruff check plugins tests hooks bench
	$(PY) -m pytest -q

# Issue 15's table, baseline and minutes side by side (about an hour on 2 cores).
BENCH_ARGS ?= --sizes 1000,5000
bench: $(STAMP) browser
	$(PY) bench/run.py --out .cache/bench/results.md $(BENCH_ARGS)

# actionlint comes with the test extra (a wheel that ships the binary); where it has no
# wheel the workflow check is skipped with a message, except under CI=true.
lint: $(STAMP)
	$(PY) -m ruff check plugins tests hooks bench
	$(PY) -m ruff format --check plugins tests hooks bench
	@if [ -x $(VENV)/bin/actionlint ]; then \
		echo "$(VENV)/bin/actionlint .github/workflows/*.yml"; \
		$(VENV)/bin/actionlint .github/workflows/*.yml; \
	elif [ "$$CI" = true ]; then \
		echo "actionlint is missing from $(VENV) (pip install -e '.[test]')"; exit 1; \
	else \
		echo "actionlint is not installed: skipping the workflow check (pip install -e '.[test]')"; \
	fi

clean:
	rm -rf site .cache examples/zensical/site-zensical examples/zensical/docs-generated examples/zensical/.cache
