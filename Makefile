# Two commands on a fresh machine: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
LANDING ?= ./landing
MONTH ?= $(shell date -d "$$(date +%Y-%m-01) -1 month" +%Y-%m)
export KINERJA_HOME ?= $(CURDIR)/.kinerja
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := False

.PHONY: setup run test lint lock clean

setup: $(VENV)/.installed

# Pinned install from requirements.lock; re-runs only when the lock or pyproject changes.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) pip install --quiet --python $(BIN)/python -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

run: setup
	$(BIN)/kinerja db start
	@if [ -z "$$(ls -A $(LANDING) 2>/dev/null)" ]; then \
		echo "landing folder $(LANDING) is empty: generating a city month $(MONTH)"; \
		$(BIN)/kinerja generate --scale city --month $(MONTH) --out $(LANDING); \
	fi
	$(BIN)/kinerja run --landing $(LANDING) $(if $(filter command line environment,$(origin MONTH)),--month $(MONTH),)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style kept by tools (CI runs this before the tests): ruff for Python, sqlfluff (dbt templater,
# which compiles the models against the warehouse) for SQL.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/kinerja db start >/dev/null
	eval "$$($(BIN)/kinerja db env)" && $(BIN)/sqlfluff lint --disable-progress-bar dbt_project/models

# Re-resolve the pins (needs the package index); commit the result.
lock:
	$(UV) pip compile pyproject.toml --extra lint --python-version 3.11 -o requirements.lock --quiet

clean:
	-$(BIN)/kinerja stack down
	-$(BIN)/kinerja db stop
	rm -rf $(VENV) .kinerja
