# The two commands a newcomer needs:  `make demo`  and  `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast test-db lint typecheck bench

$(STAMP): pyproject.toml
	scripts/ensure-system-packages.sh
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[web,pdf,assist,dev]'
	$(PY) -m compileall -q assembly  # an editable install is not byte-compiled; commands start faster
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(VENV)/bin/assembly demo

lint: setup
	$(VENV)/bin/ruff check assembly tests bench

# mypy over the whole package (pyproject.toml [tool.mypy]): strict, the apps through django-stubs' plugin.
typecheck: setup
	$(VENV)/bin/mypy

test: setup lint typecheck
	$(VENV)/bin/pytest -q

# The fast tier: the library tests (no database server, browser or `assembly serve`), 59 s of CPU. The
# tests that start a browser or real server processes are marked slow by tests/conftest.py; `make test`
# runs them too.
test-fast: setup
	$(VENV)/bin/pytest -q -m "not slow" tests/analysis tests/polis tests/charts tests/report tests/cli \
		tests/assist tests/test_simulate.py tests/test_marginals.py tests/test_disclosure.py tests/test_architecture.py tests/test_docs.py \
		tests/test_tiers.py

# The database-backed tests (tests/web, cli, ratelimit, reliability; security, report and config but for
# their browser and supervised-server tests), e.g. against PostgreSQL:
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/assembly make test-db
test-db: setup
	$(VENV)/bin/pytest -q tests/web tests/cli tests/ratelimit tests/reliability
	$(VENV)/bin/pytest -q tests/security tests/report tests/config -m "not slow"  # browsers do not depend on it

bench: setup
	$(PY) bench/run.py
