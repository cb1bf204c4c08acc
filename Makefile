# The README's two commands: `make demo` and `make test`. Each sets up .venv and runs.
PYTHON ?= python3
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
