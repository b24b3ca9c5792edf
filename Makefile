# One command builds the book, one runs every test. See README.md and tests/README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := book

# The first supported interpreter found: python3.11, python3.12, python3.13, or python3
# when it is one of those. `make PYTHON=/path/to/python3.12 ...` overrides.
SUPPORTED := 3.11, 3.12 or 3.13
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3.11 python3.12 python3.13 python3; do \
  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null \
  && { command -v $$p; break; }; done)
endif
# `make VENV=/abs/path/.venv ...` (or VENV in the environment) uses another venv
# (tests/test_reproducible.py builds a copy of the book with this one).
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HTML := _build/html
BUILT := $(HTML)/.built
NBTEST := _build/nbtest
NOTEBOOKS := _build/notebooks
NOTEBOOKS_MADE := $(NOTEBOOKS)/.made
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
# Pages executed at once when filling the execution cache, classroom notebooks made
# at once, and pytest workers in `make test`: the machine's cores.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# pytest workers: one more than the cores, since browser and lab tests spend much of
# their time waiting for Chromium, JupyterLab and kernels.
PYTEST_WORKERS ?= $(shell echo $$(( $(JOBS) + 1 )))
LINTED := casebook tests scripts
SOURCES := $(shell find book casebook data -type f -not -path '*/__pycache__/*' 2>/dev/null) _config.yml _toc.yml
# Launch buttons: `make book REPO_URL=https://github.com/<org>/<repo>` (and optionally
# JUPYTERHUB_URL=https://hub.example.edu) for one build; empty means _config.yml's
# repository.url / launch_buttons.jupyterhub_url (README, "Launch buttons").
REPO_URL ?=
JUPYTERHUB_URL ?=
LAUNCH_STAMP := _build/.launch-urls

.PHONY: FORCE book clean-book test lint unit nbval nbtest site lab-test lab serve lock clean chromium benchmark pdf pdf-instructor notebooks rehash

$(INSTALLED): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python $(SUPPORTED) found (tried python3.11, python3.12, python3.13, python3). Install one, or run make PYTHON=/path/to/python3.X" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; assert (3, 11) <= v <= (3, 13), "Python $(SUPPORTED) is required, found " + sys.version.split()[0] + " ($(PYTHON))"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## book: create .venv, install the pinned dependencies, execute every page and build _build/html
book: $(BUILT)

# An incremental build with warnings as errors, in one Python process
# (casebook.buildcache: Sphinx, myst-nb and nbformat are imported once). First the pages
# missing from the execution cache execute, $(JOBS) at a time; the cache folder is keyed
# on data/, casebook/ and the pinned environment, so a changed CSV or module executes
# every page again and a prose edit executes none. Then the classroom notebooks of the
# chapters whose inputs changed are made (the site links and holds them), and Sphinx
# reads what changed and finds every page in the cache. The log is kept for
# tests/test_incremental.py.
$(BUILT): $(INSTALLED) $(SOURCES) $(LAUNCH_STAMP)
	@mkdir -p $(NOTEBOOKS)
	CASEBOOK_RENDERER=static CASEBOOK_REPOSITORY_URL='$(REPO_URL)' CASEBOOK_JUPYTERHUB_URL='$(JUPYTERHUB_URL)' \
	  $(BIN)/python -m casebook.buildcache . $(JOBS) --notebooks $(NOTEBOOKS) \
	  --jupyter-book build . -W -n --keep-going --builder html 2>&1 | tee _build/build.log
	touch $(NOTEBOOKS_MADE) $@

## clean-book: remove the site, Sphinx's state, the execution cache and the classroom notebooks
clean-book:
	rm -rf _build/html _build/jupyter_execute _build/.doctrees _build/.jupyter_cache _build/.venv-paths $(NOTEBOOKS) _build/build.log _build/prefill.log

# Rewritten only when REPO_URL or JUPYTERHUB_URL differ from the last build's, so a
# changed URL rebuilds the site and an unchanged one does not.
$(LAUNCH_STAMP): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(REPO_URL)' '$(JUPYTERHUB_URL)' | cmp -s - $@ || printf '%s\n' '$(REPO_URL)' '$(JUPYTERHUB_URL)' > $@

## test: everything CI runs: lint, a clean build, then one pytest session over every layer
##       ($(JOBS)+1 workers, one test module per worker at a time, slowest modules first)
test: lint chromium
	$(MAKE) clean-book
	$(MAKE) book nbtest
	$(PYTEST) -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder tests $(NBTEST) --nbval-lax

## lint: ruff check and ruff format --check over casebook/, tests/ and scripts/ (changes nothing)
lint: $(INSTALLED)
	$(BIN)/ruff check --no-cache $(LINTED)
	$(BIN)/ruff format --no-cache --check $(LINTED)

## unit: the unit layer: pure Python, no build, no browser (seconds)
unit: $(INSTALLED)
	$(PYTEST) tests -m unit

## nbval: the notebook layer: every chapter executes (nbval, live renderer), and the data guards
nbval: nbtest
	$(PYTEST) tests $(NBTEST) --nbval-lax -m notebook

## site: the build and browser layers: small broken books fail, the built site works in Chromium
site: $(BUILT) chromium
	$(PYTEST) tests -m "build or browser"

## lab-test: the lab layer: `make lab`'s JupyterLab runs the chapters in Chromium, offline
lab-test: $(INSTALLED) chromium
	$(PYTEST) tests -m lab

## nbtest: the chapters as .ipynb in _build/nbtest for nbval (regenerated each time: seconds)
nbtest: $(INSTALLED)
	rm -rf $(NBTEST)
	$(BIN)/python scripts/md_to_ipynb.py book $(NBTEST)

## pdf: the whole book as one PDF, printed by the system Chromium once every chart has drawn (student version: no solutions, no quiz answers, no instructor guide)
pdf: $(BUILT) chromium
	$(BIN)/python scripts/print_pdf.py $(HTML) _build/pdf/marrow-first.pdf

## pdf-instructor: the same with every solution and quiz explanation shown, and the instructor guide
pdf-instructor: $(BUILT) chromium
	$(BIN)/python scripts/print_pdf.py $(HTML) _build/pdf/marrow-first-instructor.pdf --instructor

## notebooks: each chapter as <page>-executed.ipynb and <page>-student.ipynb (no answers)
##            in _build/notebooks, for plain JupyterLab; the site offers both on each page
notebooks: $(NOTEBOOKS_MADE)

# Only the chapters whose inputs changed are made again (casebook.classroom.chapter_key).
$(NOTEBOOKS_MADE): $(INSTALLED) $(SOURCES)
	CASEBOOK_RENDERER=static $(BIN)/python -m casebook.buildcache . $(JOBS) --notebooks $(NOTEBOOKS)
	touch $@

## rehash: after a deliberate change to data/, validate it and rewrite the checksums in data/datapackage.json
rehash: $(INSTALLED)
	$(BIN)/python -m casebook.data rehash data

## chromium: Debian's chromium for the browser test (installed with apt-get when root)
chromium:
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "Chromium is missing. Install it with: sudo apt-get install chromium" >&2; exit 1; \
	fi

## lab: JupyterLab for instructors; MyST pages open as notebooks, charts work offline
lab: $(INSTALLED)
	$(BIN)/jupyter labextension disable --level=sys_prefix "@jupyterlab/apputils-extension:announcements" >/dev/null
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp scripts/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	CASEBOOK_RENDERER=live $(BIN)/jupyter lab --notebook-dir=. book/intro.md

## serve: the built site on http://localhost:8000
serve: $(BUILT)
	$(BIN)/python -m http.server --directory $(HTML) --bind 127.0.0.1 8000

## benchmark: timings and page weights (prints a table; not a test)
benchmark: $(INSTALLED) chromium
	$(BIN)/python scripts/benchmark.py

## lock: pin what pyproject.toml adds to requirements.lock, keeping every existing pin;
##       `make lock UPGRADE=1` re-resolves everything to the newest versions instead
lock:
	rm -rf _build/lockenv
	$(PYTHON) -m venv _build/lockenv
	_build/lockenv/bin/python -m pip install --quiet --disable-pip-version-check \
	  $(if $(UPGRADE),,-c requirements.lock) ".[dev]"
	( echo "# Exact pins resolved from pyproject.toml by 'make lock' (Python $$(_build/lockenv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])'); installs on $(SUPPORTED))."; \
	  _build/lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^casebook' ) > _build/requirements.lock
	if cmp -s _build/requirements.lock requirements.lock; then echo "requirements.lock: unchanged"; \
	  rm _build/requirements.lock; else mv _build/requirements.lock requirements.lock; fi
	rm -rf _build/lockenv build  # build/: setuptools' leftovers from installing "."

## clean: remove _build/ and the Vega bundle cache
clean:
	rm -rf _build .cache
