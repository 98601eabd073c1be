# The README's commands. `make run` opens the app; `make test` runs every check.
# Needs make and Python 3.11+ with venv (Debian/Ubuntu: apt-get install make python3-venv).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgresql lint check-format format bench fuzz screenshots package clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import ensurepip, sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	    echo "make: needs Python 3.11 or newer with venv and ensurepip."; \
	    echo "      Debian/Ubuntu: sudo apt-get install python3-venv   (or set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	scripts/run-app.sh $(BIN)/clinic-desktop $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Every test on SQLite, then the database-touching packages again on a throw-away PostgreSQL server
# (started by the tests themselves, see tests/postgresql_server.py); the pure clinical tests run once.
POSTGRESQL_TEST_PATHS := tests/persistence tests/services tests/cli tests/ui tests/test_privacy.py

test: lint test-sqlite test-postgresql

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgresql: $(STAMP)
	scripts/ensure-postgresql.sh
	CLINIC_DESKTOP_TEST_DATABASE=postgresql $(BIN)/python -m pytest $(POSTGRESQL_TEST_PATHS) $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# A folder that runs with no Python installed (dist/clinic-desktop/), checked by running it bare.
package: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	    packaging/clinic-desktop.spec
	scripts/check-package.sh dist/clinic-desktop

# Mutated assessment files through evaluate, letter and import; prints crashes, hangs, unnamed errors.
FUZZ_ARGS ?= --count 10000

fuzz: $(STAMP)
	$(BIN)/python -m benchmarks.fuzz $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
