# hf_audio_tutorial: thin targets around the real tools. `make help` lists them.
#
# Two commands matter:  `make serve` (set up, then serve the site with live reload)
# and `make test` (set up, then run everything CI runs). Every target that needs the
# environment depends on `install`, which is idempotent: a second run does nothing
# unless pyproject.toml, constraints.txt or package-lock.json changed.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
VENDOR := docs/assets/vendor
SOURCES := $(shell find src/audioml -name '*.py' -o -name '*.flac' 2>/dev/null)

# Deterministic, quiet, offline tools.
export NO_MKDOCS_2_WARNING := 1
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: models help install figures diagrams media site serve test lint format bench crosscheck linkcheck-external clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

install: $(VENV)/.installed $(VENDOR)/.installed ## Create .venv, install pinned Python deps and front-end assets

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==26.0.1
	$(PY) -m pip install --quiet -c constraints.txt -e . --group docs --group test --group lint
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

# Only the files a page loads are copied; the site serves them itself (no CDN): KaTeX's
# CSS and fonts (its JavaScript runs at build time, docs/hooks/math.py). mermaid and
# lighthouse stay in node_modules: `make diagrams` and the tests run them there.
$(VENDOR)/.installed: node_modules/.package-lock.json
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/katex/fonts
	cp node_modules/katex/dist/katex.min.css $(VENDOR)/katex/
	cp node_modules/katex/dist/fonts/*.woff2 $(VENDOR)/katex/fonts/
	@touch $@

figures: install figs/.stamp ## Regenerate figs/ when any source file is newer (force: make -B figures)
# Figures are drawn from the package's code and data (the ISO 226 tables are CSV) with the
# pinned matplotlib; each is figs/<name>.png or .svg, and the CLI removes the other one.
figs/.stamp: $(SOURCES) $(wildcard src/audioml/data/*.csv) constraints.txt
	$(PY) -m audioml.figures
	@touch $@

diagrams: install ## Render new or edited mermaid diagrams to docs/diagrams/*.svg (committed)
	$(PY) scripts/render_diagrams.py

media: install docs/media/.stamp ## Write the site's audio clips into docs/media/ (git-ignored)
docs/media/.stamp: $(SOURCES)
	$(PY) -m audioml.media
	@touch $@

site: figures media ## Build the static site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict

# --dirty: after the first full build, an edit rebuilds only the changed pages (seconds,
# not the minute a full build with four executed notebooks takes). Restart after adding
# or renaming a page, so the navigation is rebuilt too.
serve: figures media ## Serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000 --livereload

test: install media ## Run everything CI runs: lint, unit/doc/page tests, site build, links, browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: install ## Lint and check formatting (ruff)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint findings and format the code (ruff)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## Benchmark against librosa, and time the site build, on this machine
	$(PY) benchmarks/run.py
	$(PY) benchmarks/budgets.py
	$(PY) -m pip install --quiet -c constraints.txt --group bench
	$(PY) -m audioml.models.bench --out docs/generated/models_table.md

models: install ## Retrain the shipped models from data/corpus (installs CPU torch; a few minutes each)
	$(PY) -m pip install --quiet -c constraints.txt --group train
	$(PY) -m audioml.models.train

crosscheck: install ## Compare audioml.losses with auraloss itself (installs CPU torch + auraloss)
	$(PY) -m pip install --quiet -c constraints.txt --group crosscheck
	AUDIOML_CROSSCHECK=1 $(BIN)/pytest tests/crosscheck

linkcheck-external: install ## Check every URL in docs/data/links.yml (needs internet; maintainers only)
	$(PY) docs/hooks/linkcheck_external.py

clean: ## Remove everything generated except the committed figures
	rm -rf site .pytest_cache .ruff_cache docs/media $(VENDOR) node_modules $(VENV) figs/.stamp
