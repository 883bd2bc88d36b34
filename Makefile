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

.PHONY: run test lint bench lighthouse visual-baseline check-python venv clean-venv collectstatic deploy-check fonts icons

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

# Pages against a static file, page cache on and off (README "Measuring").
# BENCH_DATABASE_URL=postgres:///scf_bench for PostgreSQL; BENCH_SOAK=1 adds 60 s
# at 64 connections; uses wrk when installed (apt-get install wrk).
bench: $(VENV)/.installed-run
	$(PY) bench/pages.py

# Lighthouse 12 (npm, installed on first use into .cache/) with the system
# Chromium on the vision page, the blog listing and a post, served as
# production serves them; prints the scores and fails when a target is missed.
lighthouse: $(VENV)/.installed-run
	$(PY) bench/lighthouse.py

# The visual-regression baseline (tests/browser/visual/*.png): retake it after
# an intended change of look, once you have looked at the pages.
visual-baseline: $(VENV)/.installed-test
	UPDATE_VISUAL_BASELINE=1 REQUIRE_BROWSER=1 DJANGO_SETTINGS_MODULE=socialcarefuture.settings.test \
		$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -q -p no:randomly tests/browser/test_visual.py
	ls -l tests/browser/visual/*.png

# The web fonts in static/fonts/ are committed; this rebuilds them. It fetches
# the OFL-licensed Atkinson Hyperlegible Next from its npm package (FONT_VERSION)
# and keeps only the characters the site uses (FONT_UNICODES: Latin letters,
# UK punctuation, the pound sign, dashes, curly quotes, bullets, arrows),
# regular and bold, as woff2. Needs npm and requirements-test.txt (fonttools).
FONT_VERSION := 5.3.0
FONT_UNICODES := U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+02C6,U+02DA,U+02DC,U+2010-2014,U+2018-201A,U+201C-201E,U+2022,U+2026,U+2032-2033,U+2039-203A,U+20AC,U+2122,U+2190-2193,U+2212
fonts: $(VENV)/.installed-test
	@set -e; work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
	( cd "$$work" && npm pack --silent @fontsource/atkinson-hyperlegible-next@$(FONT_VERSION) >/dev/null && tar xzf *.tgz ); \
	mkdir -p static/fonts; \
	for weight in 400 700; do \
		$(PY) -m fontTools.subset "$$work/package/files/atkinson-hyperlegible-next-latin-$$weight-normal.woff2" \
			--unicodes="$(FONT_UNICODES)" --flavor=woff2 --layout-features='kern,liga,calt,ccmp,locl' \
			--no-hinting --desubroutinize --name-IDs='0,1,2,3,4,5,6,13,14' \
			--output-file="static/fonts/atkinson-hyperlegible-next-$$weight.woff2"; \
	done; \
	cp "$$work/package/LICENSE" static/fonts/OFL.txt; \
	ls -l static/fonts

# The favicon, SVG icon and apple-touch-icon (the "#" mark on orange) are
# committed; this redraws them with Pillow.
icons: $(VENV)/.installed-run
	$(PY) scripts/make_icons.py

# The Humaaans parts the demo pictures are made of (socialcarefuture/demo/humaaans/,
# committed; CC BY 4.0, see its NOTICE.md); this rebuilds them from the npm package.
.PHONY: illustrations
HUMAAANS_VERSION := 1.7.0
illustrations:
	@set -e; work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
	( cd "$$work" && npm pack --silent humaaans@$(HUMAAANS_VERSION) >/dev/null && tar xzf *.tgz ); \
	node scripts/vendor_humaaans.mjs "$$work/package" socialcarefuture/demo/humaaans; \
	cp "$$work/package/LICENSE" socialcarefuture/demo/humaaans/LICENSE-humaaans-npm.txt

clean-venv:
	rm -rf $(VENV)
