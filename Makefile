# Developer tasks. `make test` is the test command of the README and of CI (.ci/run).

PYTHON ?= python3
VENV ?= .venv
# Debian packages some tests need. `make test` installs the missing ones when run as
# root (as CI is); otherwise the tests that need them skip and say why.
# chromium: the web app's end-to-end tests (tests/test_web_browser.py).
# libxml-parser-perl: the Perl ROUGE that tilse runs (bench/timelines_t17.py, T17 gate).
DEB_PACKAGES ?= chromium libxml-parser-perl

.PHONY: test system-deps example

test: system-deps $(VENV)/.installed
	$(VENV)/bin/python -m pytest

example: $(VENV)/.installed
	$(VENV)/bin/storyline brief examples/lavrov-talks

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'
	touch $@

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y -q $$missing || { apt-get update -q && apt-get install -y -q $$missing; }; \
	else echo "note: Debian packages missing:$$missing (tests that need them will skip)"; fi
