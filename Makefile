# Universal Coverage Jamsostek analysis: `make` lists the targets.
# The environment is built on first use from environment.yml (conda/mamba when
# present, otherwise a venv from its pip: section) and rebuilt only when that
# file changes.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.env-stamp
KERNEL := ucj
UV_VERSION := 0.13.8
CONDA := $(shell command -v mamba 2>/dev/null || command -v conda 2>/dev/null)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# The date stamped in every report is SOURCE_DATE_EPOCH when set, else the date of the last
# commit touching data/raw, config, src or notebooks (ucj.dates.source_epoch).
# Reproducible outputs: a fixed hash seed and plotting backend (ucj.reports.run.DEFAULT_SETTINGS
# gives a direct `python -m ucj.cli reports` the same).
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
# One BLAS thread per process: the work is parallel across processes already.
export OPENBLAS_NUM_THREADS ?= 1

NBVAL := --nbval-lax --nbval-sanitize-with tests/nbval/sanitize.cfg tests/nbval notebooks/01_informal_workforce.ipynb notebooks/02_coverage_projection.ipynb

.PHONY: help env compile data reports lint test test-unit lab sync benchmark clean clean-env

## help: list the targets (this text)
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  make /' -e 's/: /\t/' | expand -t 24

# The project's Jupyter settings (tools/jupyter/), installed into the environment so that
# `make lab`, a plain `jupyter lab` and papermill all use them; updated whenever they change.
JUPYTER_SETTINGS := $(VENV)/etc/jupyter/jupyter_server_config.json $(VENV)/etc/ipython/ipython_kernel_config.py

## env: build the project environment (.venv) and the `ucj` Jupyter kernel if needed
env: $(ENV_STAMP) $(JUPYTER_SETTINGS)

# Lab's server: after a save, git's index learns that a notebook saved unchanged is unchanged
# (ucj.lab.refresh_git_index); kernels get CurveZMQ keys (encrypted channels)
$(VENV)/etc/jupyter/jupyter_server_config.json: tools/jupyter/jupyter_server_config.json $(ENV_STAMP)
	mkdir -p $(@D) && cp $< $@

# Every kernel: no warning about unencrypted TCP from kernels the project cannot give keys to
$(VENV)/etc/ipython/ipython_kernel_config.py: tools/jupyter/ipython_kernel_config.py $(ENV_STAMP)
	mkdir -p $(@D) && cp $< $@

$(ENV_STAMP): environment.yml pyproject.toml tools/env_to_requirements.py
ifneq ($(CONDA),)
	$(CONDA) env create --yes -p $(VENV) -f environment.yml
else
	$(PYTHON) tools/env_to_requirements.py environment.yml $(VENV).requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
	  && $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r $(VENV).requirements.txt \
	  || $(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV).requirements.txt
	rm -f $(VENV).requirements.txt
endif
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (ucj)" >/dev/null
	@# notebooks opened and autosaved in JupyterLab do not dirty git (outputs stripped by a clean filter)
	-git config filter.nbstrip.clean "python3 tools/nbstrip.py" 2>/dev/null
	@# no "Jupyter news" pop-up in JupyterLab
	$(VENV)/bin/jupyter labextension disable --level=sys_prefix "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1 || true
	touch $@

# Byte-compile the package: with PYTHONDONTWRITEBYTECODE set (as on our machines) every
# process and kernel would otherwise recompile every module it imports. Done again only when a
# source file or the environment changed (make compares file times: no Python started for it).
COMPILED := $(VENV)/.compiled-stamp
compile: env $(COMPILED)

$(COMPILED): $(shell find src -name '*.py' 2>/dev/null) $(ENV_STAMP)
	@$(PY) -m compileall -q src >/dev/null
	@touch $@

## data: validate data/raw against its manifest and rebuild the data/processed/ tables that are stale
# What each stage reads (code, raw data, configuration, user inputs) is declared once, in
# src/ucj/stages.py, and checked by content: a deleted input counts as a change.
data: compile
	$(PY) -m ucj.cli data

## reports: build the regency briefs, summaries, workbook and executed notebooks (only what changed)
reports: compile
	$(PY) -m ucj.cli reports --jobs $(JOBS)

## lint: check the code with ruff (format; pyflakes, pycodestyle, isort, bugbear; settings in pyproject.toml)
LINTED := src tests tools benchmarks notebooks
lint: $(ENV_STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

## test: lint, then run unit, data and notebook (nbval) tests (both run; either failing fails)
test: $(ENV_STAMP) compile
	@$(MAKE) --no-print-directory lint; lint=$$?; \
	$(PY) -m pytest -n $(JOBS) --dist loadscope tests/ $(NBVAL); status=$$?; \
	  if [ $$status -eq 5 ]; then echo "no tests collected"; exit 1; fi; \
	  if [ $$lint -ne 0 ]; then echo "make lint failed (see above)"; [ $$status -ne 0 ] || status=1; fi; exit $$status

## test-unit: only the tests that need no processed data (seconds; `make test` runs everything)
test-unit: $(ENV_STAMP) compile
	$(PY) -m pytest -n $(JOBS) tests/unit

## lab: open JupyterLab with the project kernel (inline plots; extra options: make lab ARGS="--port 8899 --no-browser")
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: env
	env -u MPLBACKEND $(VENV)/bin/jupyter lab $(ROOT_FLAG) $(ARGS) notebooks/

## sync: re-pair notebooks/*.ipynb with their py:percent scripts (jupytext)
sync: $(ENV_STAMP)
	$(VENV)/bin/jupytext --sync notebooks/*.py

## benchmark: time a full, a no-change and a one-change `make reports` (prints seconds)
benchmark: data
	$(PY) benchmarks/bench_reports.py

## clean: remove generated data and reports (keeps the environment)
clean:
	find data/processed reports -mindepth 1 ! -name .gitkeep ! -name README.md -delete

## clean-env: remove the environment
clean-env:
	rm -rf $(VENV)
