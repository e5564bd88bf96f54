# Two commands: `make run` and `make test`. Both set everything up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEBS := apertium apertium-fr-es apertium-eng-spa gettext
SAMPLE := ../shared/samples/release-fr-crimean-tatar-leaders.txt
PORT ?= 8501

.PHONY: run test lint setup debs clean

setup: debs $(VENV)/.installed

# Debian packages: Apertium with the fr-es and eng-spa pairs, gettext (msgfmt judges our .po),
# installed only when one is missing.
debs:
	@missing=""; for p in $(DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: setup
	$(BIN)/workbench init
	@if [ -f $(SAMPLE) ]; then $(BIN)/workbench ingest $(SAMPLE) --slug crimean-tatar-leaders --if-new; fi
	$(BIN)/workbench serve --port $(PORT)

lint: setup
	$(BIN)/ruff check workbench tests benchmarks tools
	$(BIN)/mypy workbench/domain
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
