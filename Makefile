# The course's commands. `make grade` and `make test` set everything up on first use.
SHELL := /bin/bash
PYTHON_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ASSIGNMENTS := rnn_step_by_step dinosaur_island jazz_lstm
JOBS ?= 2
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONWARNINGS := ignore::DeprecationWarning
export MPLBACKEND := Agg

.PHONY: setup data release expected expected-check grade test bench music student-package clean help

help:
	@echo "make grade    set up, install data, grade the demo submissions into gradebook.db"
	@echo "make test     set up and run the whole test suite"
	@echo "make setup | data | release | expected | expected-check | music | bench | student-package | clean"

# The environment is rebuilt only when pyproject.toml changes (the stamp is newer otherwise).
setup: $(STAMP)
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	@test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check uv
	UV_COMPILE_BYTECODE=1 $(VENV)/bin/uv pip install --quiet --python $(PY) -e .
	@touch $(STAMP)

data: setup
	$(PY) -m utils.data

release: setup
	$(PY) -m autograder release $(ASSIGNMENTS)

expected: setup data
	$(PY) -m autograder expected --update

expected-check: setup data
	$(PY) -m autograder expected --check

grade: setup data
	$(PY) -m autograder demo --jobs $(JOBS)

test: setup data
	$(PY) -m pytest -n $(JOBS) --dist loadgroup --durations=15

bench: setup data
	$(PY) benchmarks/run.py

student-package: setup
	$(PY) -m autograder.student_package --out dist

music: setup data
	$(PY) -m utils.music_render --out output

clean:
	rm -rf submitted autograded feedback results output gradebook.db .scratch dist
