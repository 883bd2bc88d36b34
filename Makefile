# The two commands a newcomer needs: `make run` and `make test`.
# PYTHON may be given (make run PYTHON=/path/to/python3.12); otherwise the first
# of python3.13, python3.12 that runs (pyenv's shims included) is used.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

PYTHON ?= $(shell \
	for candidate in python3.13 python3.12 \
		$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[23]*/bin/python 2>/dev/null | sort -r); do \
		if $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
			echo $$candidate; break; \
		fi; \
	done)

export DJANGO_SETTINGS_MODULE ?= socialcarefuture.settings.dev
# Test processes in parallel (pytest-xdist): "auto" is one per core; 0 runs in one process.
PYTEST_WORKERS ?= auto

.PHONY: run test lint bench check-python venv clean-venv collectstatic deploy-check

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Error: this project needs Python 3.12 or 3.13 (Django 6.1 does not run on older ones)."; \
		echo "Install one (for example with pyenv: 'pyenv install 3.13') or run: make run PYTHON=/path/to/python3.13"; \
		exit 1; \
	fi

$(VENV)/.created: | check-python
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	@$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.installed-run: requirements.txt $(VENV)/.created
	@echo "Installing requirements.txt"
	@$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.created
	@echo "Installing requirements-test.txt"
	@$(PIP) install -r requirements-test.txt
	@touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_demo_content
	@$(PY) manage.py ensure_admin
	@echo "Serving the site at http://127.0.0.1:8000/ (Ctrl+C stops it). Scheduled pages go live within a minute."
	@# Scheduled publishing runs beside the server and stops with it.
	@$(PY) manage.py run_scheduler & scheduler=$$!; \
		trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: $(VENV)/.installed-test lint
	DJANGO_SETTINGS_MODULE=socialcarefuture.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=socialcarefuture.settings.test $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

deploy-check: $(VENV)/.installed-run
	DJANGO_SETTINGS_MODULE=socialcarefuture.settings.production $(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.installed-run
	$(PY) bench/pages.py

clean-venv:
	rm -rf $(VENV)
