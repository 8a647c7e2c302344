# hf_audio_tutorial: thin targets around the real tools. `make help` lists them.
#
# Two commands matter:  `make serve` (set up, then serve the site with live reload)
# and `make test` (set up, then run everything CI gates). `make check` is the fast inner
# loop (lint, unit tests, doctests, hook tests: under a minute). Every target that needs
# the environment depends on `install`, which is idempotent: a second run does nothing
# unless pyproject.toml, constraints.txt or package-lock.json changed.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
VENDOR := docs/assets/vendor
SOURCES := $(shell find src/audioml -name '*.py' -o -name '*.flac' -o -name '*.npz' 2>/dev/null)
DIAGRAMS := $(patsubst %.mmd,%.svg,$(wildcard docs/diagrams/*.mmd))
# Where `make serve` listens (override: make serve ADDR=127.0.0.1:8001).
ADDR ?= 127.0.0.1:8000

# Deterministic, quiet, offline tools.
export NO_MKDOCS_2_WARNING := 1
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install browser figures diagrams media site serve check test audit lint format \
        screenshots \
        bench crosscheck linkcheck-external clean models

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

install: $(VENV)/.installed $(VENDOR)/.installed ## Create .venv, install pinned Python deps and front-end assets

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==26.0.1
	$(PY) -m pip install --quiet -c constraints.txt -e . --group docs --group test --group lint
	@touch $@

# --ignore-scripts: no package may download a browser of its own (puppeteer would); the
# tools run Debian's chromium (scripts/chromium.sh).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# The site serves KaTeX's CSS and fonts itself (no CDN); its JavaScript runs at build time
# (docs/hooks/math.py). mermaid-cli, axe-core and Lighthouse CI stay in node_modules.
$(VENDOR)/.installed: node_modules/.package-lock.json
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/katex/fonts
	cp node_modules/katex/dist/katex.min.css $(VENDOR)/katex/
	cp node_modules/katex/dist/fonts/*.woff2 $(VENDOR)/katex/fonts/
	@touch $@

browser: ## Make sure Debian's chromium is there (installs it with apt-get when root)
	@bash scripts/chromium.sh

figures: install figs/.stamp ## Regenerate figs/ when any source file is newer (force: make -B figures)
# Figures are drawn from the package's code and data (the ISO 226 tables are CSV) with the
# pinned matplotlib; each is figs/<name>.png or .svg, and the CLI removes the other one.
figs/.stamp: $(SOURCES) $(wildcard src/audioml/data/*.csv) constraints.txt
	$(PY) -m audioml.figures --out figs
	@touch $@

diagrams: install browser $(DIAGRAMS) ## Render docs/diagrams/*.mmd to the committed SVGs (mermaid-cli)
# mermaid-cli (pinned in package.json) with the site's theme CSS (docs/diagrams/mermaid.json,
# Material's --md-mermaid-* colours) in Debian's chromium; the svg id is scoped by name.
docs/diagrams/%.svg: docs/diagrams/%.mmd docs/diagrams/mermaid.json docs/diagrams/puppeteer.json
	node_modules/.bin/mmdc --quiet -i $< -o $@ -c docs/diagrams/mermaid.json \
	  -p docs/diagrams/puppeteer.json -b transparent --svgId diagram-$*-svg

media: install docs/media/.stamp ## Write the site's audio clips into docs/media/ (git-ignored)
docs/media/.stamp: $(SOURCES)
	$(PY) -m audioml.media --out docs/media
	@touch $@

# The site uses the committed figures (figs/): `make figures` redraws them after a source
# changed, and `make test` fails when a committed figure differs from a fresh drawing.
site: install media ## Build the static site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict

# --dirty: after the first full build, an edit rebuilds only the changed page (seconds, not
# the minute a full build with executed notebooks takes). Not --strict: mkdocs itself warns
# that a dirty build is being performed, which strict mode would turn into an abort;
# warnings are printed, and `make site` / `make test` build strictly. Restart after adding or
# renaming a page, so the navigation is rebuilt too.
serve: install media ## Serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dirty --dev-addr $(ADDR) --livereload

# One BLAS thread per process in the test runs: they put two pytest workers (and beside
# them the site's builds and Chromium) on two cores, where OpenBLAS's own two threads per
# process spun against each other (package tier: 87 s -> 58 s, 169 -> 114 CPU-s). Every
# result agrees to the tests' tolerances either way. Not for `make models`: torch reads
# OMP_NUM_THREADS too, and training uses both cores.
check test screenshots: export OPENBLAS_NUM_THREADS := 1
check test screenshots: export OMP_NUM_THREADS := 1

# `make check` skips the `artefacts` tests (re-drawing all ~55 committed figures, about 40 s
# of CPU) and the `slow` ones (a CLI in a subprocess, an iterative run against librosa:
# 2-6 s each, about 30 s of CPU), and walks the contract test with 20 examples per
# function instead of 80; `make test` runs them all in full with the rest of the package tier.
check: install ## Fast loop: lint, unit tests and doctests of src/, hook tests (< 1 min)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	AUDIOML_CONTRACT_EXAMPLES=20 \
	  $(BIN)/pytest -n 2 -m "not site and not browser and not artefacts and not slow" tests/package tests/hooks src

# The package tier first, so its failures are reported before the site is built; then
# the built site, the serve smoke test and the browser pass (axe-core included), on two
# workers: the site builds in the background while both run what needs no build (make
# serve, the broken tiny sites, every page's code); then they take the remaining tests
# one at a time, longest first (`--dist load --maxschedchunk 1`), and end together.
test: install media browser ## Run everything CI gates: check, then the site, links and browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 -m "not site and not browser" tests/package tests/hooks src
	$(BIN)/pytest -n 2 --dist load --maxschedchunk 1 -m "site or browser" tests

screenshots: install media browser ## The browser pass, saving every page light and dark to test-reports/screenshots/
	AUDIOML_SCREENSHOTS=1 $(BIN)/pytest -n 2 -m browser tests/browser/test_browser.py -k loads_cleanly

# lhci's assertions (lighthouserc.json) set the exit status; the table of medians per page
# (scripts/audit_summary.py) is printed either way.
audit: site browser ## Lighthouse CI (lighthouserc.json): 5 pages, one of each kind, median of 3; a report
	rm -rf .lighthouseci
	status=0; CHROME_PATH=$$(bash scripts/chromium.sh --path) node_modules/.bin/lhci autorun \
	  --config=lighthouserc.json || status=$$?; \
	$(PY) scripts/audit_summary.py .lighthouseci; exit $$status

lint: install ## Lint and check formatting (ruff)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint findings and format the code (ruff)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## Benchmark against librosa, resamplers, site build, models; writes benchmarks/MEASURED.md
# benchmarks/all.py runs every step even when one fails, then ends with one line per failed
# step and exit 1. pystoi (the models' STOI) is in the bench group.
	$(PY) -m pip install --quiet -c constraints.txt --group bench
	$(PY) benchmarks/all.py

models: install ## Retrain the shipped models from data/corpus (installs CPU torch; a few minutes each)
	$(PY) -m pip install --quiet -c constraints.txt --group train
	$(PY) -m audioml.models.train

crosscheck: install ## Compare with auraloss, transformers, pyloudnorm and torch themselves (installs CPU torch)
	$(PY) -m pip install --quiet -c constraints.txt --group crosscheck
	AUDIOML_CROSSCHECK=1 $(BIN)/pytest tests/crosscheck

linkcheck-external: install ## Check every URL in docs/data/links.yml (needs internet; maintainers only)
	$(PY) scripts/linkcheck_external.py

clean: ## Remove everything generated except the committed figures and diagrams
	rm -rf site .pytest_cache .ruff_cache .lighthouseci docs/media $(VENDOR) node_modules $(VENV) figs/.stamp
