# Two commands: `make run` and `make test`. Both set everything up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEBS := apertium apertium-fr-es apertium-eng-spa apertium-apy gettext chromium
SAMPLE := ../shared/samples/release-fr-crimean-tatar-leaders.txt
PORT ?= 8501
# Everything the installers and the set-up commands print goes here; the terminal gets one line a step.
SETUP_LOG := $(CURDIR)/setup.log
# uv installs no .pyc files (compiling all of site-packages would double the set-up time): the first
# import of a module writes its .pyc, so the commands make runs must be allowed to write them, or every
# process (each CLI call, each test's subprocess, the UI) compiles all it imports again, seconds each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint setup debs clean messages lock

setup: debs $(VENV)/.installed

# Debian packages: Apertium with the fr-es and eng-spa pairs, apertium-apy (the shared-server engine's
# tests run a real one), gettext (msgfmt judges our .po),
# Chromium for the end-to-end browser tests; installed only when one is missing.
debs:
	@missing=""; for p in $(DEBS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing (log: $(SETUP_LOG))"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  { echo "== $$(date -u '+%F %T UTC') apt-get install$$missing"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; } >> $(SETUP_LOG) 2>&1 \
	  || { tail -n 30 $(SETUP_LOG) >&2; echo "Installing Debian packages failed; the whole log is $(SETUP_LOG)" >&2; exit 1; }; \
	fi

# constraints.txt holds the exact versions the tests last passed with, so a release upstream cannot
# change a fresh install behind our back (babel 2.19 changed Plural-Forms overnight); uv, the fast
# installer tools/setup_venv.sh prefers, is pinned there too. `make lock` upgrades within
# pyproject.toml's ranges and writes it again: then run `make test` and commit both.
$(VENV)/.installed: pyproject.toml constraints.txt tools/setup_venv.sh
	@sh tools/setup_venv.sh $(VENV) $(PYTHON) $(SETUP_LOG)
	@touch $@

lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade --upgrade-strategy eager -e '.[dev]' uv
	$(BIN)/pip freeze --exclude-editable > constraints.txt

# The set-up commands' output goes to the log: what is left on the terminal is what to read (where to
# sign in, the password's file, the URL).
run: setup
	@{ echo "== $$(date -u '+%F %T UTC') workbench init"; $(BIN)/workbench init; } >> $(SETUP_LOG) 2>&1 \
	 || { tail -n 20 $(SETUP_LOG) >&2; echo "Preparing the database failed; the whole log is $(SETUP_LOG)" >&2; exit 1; }
	@# The UI needs someone to sign in, and every change has an actor: on an empty database, create
	@# `admin` first (the one user added by nobody) with a random password, kept in .admin-password
	@# (git-ignored). No default password ever exists.
	@if $(BIN)/workbench user list --json | $(BIN)/python -c 'import json,sys; sys.exit(bool(json.load(sys.stdin)["users"]))'; then \
	  $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(12))' > .admin-password; chmod 600 .admin-password; \
	  $(BIN)/workbench user add admin --role admin < .admin-password >> $(SETUP_LOG) 2>&1 \
	  || { tail -n 5 $(SETUP_LOG) >&2; echo "Creating admin failed; the whole log is $(SETUP_LOG)" >&2; exit 1; }; \
	  echo "Sign in as admin with the password in $$(pwd)/.admin-password"; \
	elif [ -f .admin-password ]; then echo "Sign in as admin: the password is in $$(pwd)/.admin-password"; fi
	@# The sample is ingested as WORKBENCH_USER when set, else as admin.
	@{ echo "== $$(date -u '+%F %T UTC') sample release"; \
	   if [ -f $(SAMPLE) ]; then $(BIN)/workbench ingest $(SAMPLE) --slug crimean-tatar-leaders --if-new --as "$${WORKBENCH_USER:-admin}"; fi; \
	 } >> $(SETUP_LOG) 2>&1 \
	 || { tail -n 20 $(SETUP_LOG) >&2; echo "Ingesting the sample failed; the whole log is $(SETUP_LOG)" >&2; exit 1; }
	@echo "Database ready: glossary$$([ -f $(SAMPLE) ] && echo ' and sample release') loaded"
	@echo "Serving the UI on http://localhost:$(PORT) (Ctrl+C stops it)"
	@$(BIN)/workbench serve --port $(PORT)

lint: setup
	$(BIN)/ruff check workbench tests benchmarks tools
	$(BIN)/mypy workbench/domain workbench/services workbench/ui
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(SETUP_LOG)

# Refresh the interface's message catalogs after changing UI text (then translate the new entries).
messages: setup
	$(BIN)/pybabel extract -k _ -k N_ -k n_:1,2 -k msg -k msg_n:1,2 -k flag -k flag_n:1,2 \
	  --no-location --sort-output --omit-header -o workbench/ui/locales/workbench.pot workbench/ui workbench/domain
	for l in fr es; do \
	  if [ -f workbench/ui/locales/$$l/LC_MESSAGES/workbench.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching -i workbench/ui/locales/workbench.pot -d workbench/ui/locales -D workbench -l $$l; \
	  else $(BIN)/pybabel init -i workbench/ui/locales/workbench.pot -d workbench/ui/locales -D workbench -l $$l; fi; \
	done
