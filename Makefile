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

.PHONY: setup bi-setup run bi test lint lock bi-lock clean

setup: $(VENV)/.installed

# Pinned install from requirements.lock; re-runs only when the lock or pyproject changes.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) pip install --quiet --python $(BIN)/python -r requirements.lock
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

# Superset in its own venv: its pins (SQLAlchemy 1.4, pandas 2.1) clash with Airflow's.
BI_VENV := .venv-bi
BI_LOCK := dashboards/superset/requirements.lock
bi-setup: $(BI_VENV)/.installed

$(BI_VENV)/.installed: $(BI_LOCK) $(VENV)/.installed
	test -x $(BI_VENV)/bin/python || $(PYTHON) -m venv $(BI_VENV)
	$(UV) pip install --quiet --python $(BI_VENV)/bin/python -r $(BI_LOCK)
	touch $@

run: setup
	$(BIN)/kinerja db start
	@if [ -z "$$(ls -A $(LANDING) 2>/dev/null)" ]; then \
		echo "landing folder $(LANDING) is empty: generating a city month $(MONTH)"; \
		$(BIN)/kinerja generate --scale city --month $(MONTH) --out $(LANDING); \
	fi
	$(BIN)/kinerja run --landing $(LANDING) $(if $(filter command line environment,$(origin MONTH)),--month $(MONTH),)

# Superset with the shipped dashboard on the warehouse, as kinerja_bi; prints address and login.
bi: setup bi-setup
	$(BIN)/kinerja bi up

test: setup bi-setup
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

bi-lock:
	$(UV) pip compile dashboards/superset/requirements.in --python-version 3.11 -o $(BI_LOCK) --quiet

clean:
	-$(BIN)/kinerja bi down
	-$(BIN)/kinerja stack down
	-$(BIN)/kinerja db stop
	rm -rf $(VENV) $(BI_VENV) .kinerja
