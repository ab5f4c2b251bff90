# Two commands do all the set-up on a fresh machine:
#   make book   -> .venv + install + execute every chapter + HTML in _build/html
#   make test   -> .venv + unit tests + nbval on every chapter + clean HTML build with warnings as errors
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

.PHONY: help venv vendor book book-public student bench test test-unit test-notebooks test-html test-browser test-lab test-coursework lab clean

help:
	@echo "make book   build the HTML book into _build/html (creates .venv)"
	@echo "make test   run every test: package, notebooks (nbval), clean HTML build with -W"
	@echo "make student      write the student release (solutions and hidden tests removed) to student/"
	@echo "make book-public  build the book from the student release into _build/public"
	@echo "make bench        benchmarks: activations, MLP step, notebooks, explorers (bench-results/)"
	@echo "make test-lab     every explorer driven in a headless JupyterLab (latencies for make bench)"
	@echo "make lab    open the chapters in JupyterLab"
	@echo "make clean  remove build outputs (keeps .venv)"

VENDOR     := _vendor_static/.ready

# Front-end assets for the offline HTML book (MathJax 3, require.js, widget embedder).
$(VENDOR): vendor/package.json vendor/package-lock.json tools/vendor.py
	cd vendor && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	$(PYTHON) tools/vendor.py
	touch $(VENDOR)

vendor: $(VENDOR)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,book,data,coursework]'
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (actbook)" > /dev/null
	touch $(STAMP)

venv: $(STAMP)

# The book's explorers are precomputed frames switched in the browser (no kernel behind
# the HTML): actbook.explorers renders them so when this variable is set.
STATIC_EXPLORERS := ACTBOOK_STATIC_EXPLORERS=1

book: $(STAMP) $(VENDOR)
	$(STATIC_EXPLORERS) $(VENV)/bin/jupyter-book build . --builder html
	@echo "Open: file://$(CURDIR)/_build/html/index.html"

test: test-unit test-notebooks test-html test-browser test-lab test-coursework
	@echo "make test: all checks passed"

test-unit: $(STAMP)
	$(PY) -m pytest tests -q -n $(JOBS) -p no:cacheprovider --ignore=tests/browser

# --dist loadfile: nbval's test items are cells, and one notebook's cells must share one kernel.
test-notebooks: $(STAMP)
	$(PY) -m pytest --nbval-lax --nbval-current-env -q -n $(JOBS) --dist loadfile -p no:cacheprovider $(CHAPTERS)

# From a clean folder: the execution cache does not notice changes in src/.
test-html: $(STAMP) $(VENDOR)
	rm -rf _build/test
	$(STATIC_EXPLORERS) $(VENV)/bin/jupyter-book build . --builder html --path-output _build/test -W -n --keep-going
	@echo "clean HTML build OK: _build/test/_build/html/index.html"

# Every page of the clean build in headless Chromium with the network blocked
# (needs Debian's chromium: .ci/run installs it). Screenshots: artifacts/screenshots/.
test-browser: $(STAMP)
	test -f _build/test/_build/html/intro.html || $(MAKE) test-html
	BOOK_HTML=_build/test/_build/html $(PY) -m pytest tests/browser -q -p no:cacheprovider \
		--ignore=tests/browser/test_explorers_lab.py

# Every chapter's explorer in a headless JupyterLab (127.0.0.1, random port, token): Run All,
# move each control, wait for the new image; latencies -> bench-results/explorers-live.json.
test-lab: $(STAMP)
	$(PY) -m pytest tests/browser/test_explorers_lab.py -q -p no:cacheprovider

# Prints tables with budgets (PASS/MISS) and writes bench-results/ (about 5 minutes).
bench: $(STAMP)
	$(PY) benchmarks/run.py

# Real nbgrader: student release has no solutions/hidden tests; autograde gives the
# instructor version full marks and the untouched student release zero.
test-coursework: $(STAMP)
	$(PY) tools/coursework.py verify --jobs $(JOBS)

student: $(STAMP)
	$(PY) tools/coursework.py release

book-public: $(STAMP) $(VENDOR)
	$(STATIC_EXPLORERS) $(PY) tools/coursework.py public-book
	@echo "Open: file://$(CURDIR)/_build/public/_build/html/index.html"

lab: $(STAMP)
	$(PY) -m pip install --quiet 'jupyterlab>=4'
	$(VENV)/bin/jupyter lab chapters/

clean:
	rm -rf _build student release .pytest_cache artifacts bench-results
