# The README's two commands: `make demo` and `make test`. Each sets up .venv and runs.
# The interpreter .venv is made from: the distribution's Python 3.11 when it has venv (Debian builds it with
# profile-guided optimisation and links it statically; ingest parses ≈ 15-25 % faster on it than on a pyenv
# build, docs/benchmarks.md), else python3. 3.11 because torch 2.13.0's CPU build on the machine is for 3.11.
# `make PYTHON=/path/to/python3.11 ...` chooses another; an existing .venv is kept as it is.
PYTHON ?= $(shell for candidate in /usr/bin/python3.11 python3; do \
	$$candidate -c 'import ensurepip, venv' >/dev/null 2>&1 && { echo $$candidate; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
DEMO_HOME ?= .antwoord
QUESTION ?= what did the cabinet say about return hubs?

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# torch first, pinned: the CPU build on the machine; anything else pulls CUDA packages.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	ANTWOORD_HOME=$(DEMO_HOME) $(BIN)/antwoord ingest data/corpus
	ANTWOORD_HOME=$(DEMO_HOME) $(BIN)/antwoord status
	ANTWOORD_HOME=$(DEMO_HOME) $(BIN)/antwoord ask "$(QUESTION)"

test: install-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .antwoord .pytest_cache
