# spasmbot — everything a fresh machine with python3 and make needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=
# Settings for `make bot` / `make webhook` (see deploy/spasmbot.env.example).
ENV_FILE ?= spasmbot.env
LOAD_ENV = set -a; if [ -f "$(ENV_FILE)" ]; then . "./$(ENV_FILE)"; fi; set +a

.PHONY: help chat bot webhook bench test validate lint typecheck pytest clean i18n i18n-extract \
	i18n-update i18n-compile i18n-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

POT        := locales/spasmbot.pot
PO_FILES   := $(wildcard locales/*/LC_MESSAGES/spasmbot.po)
MO_FILES   := $(PO_FILES:.po=.mo)
PYBABEL     = $(BIN)/pybabel

## chat: hold the consultation in the terminal (ARGS="--lang en --db FILE")
chat: $(VENV)/.installed $(MO_FILES)
	@$(BIN)/spasmbot chat $(ARGS)

## bot: run the Telegram bot with long polling (needs TELEGRAM_BOT_TOKEN; see README)
bot: $(VENV)/.installed $(MO_FILES)
	@$(LOAD_ENV); $(BIN)/spasmbot run

## webhook: run the Telegram bot behind a webhook (see README)
webhook: $(VENV)/.installed $(MO_FILES)
	@$(LOAD_ENV); $(BIN)/spasmbot webhook

## bench: issue 25's guardrails, spasmbot against bare PTB: 10,000 and 100,000 users with 16
##        at once, an open load of 250 updates/s; about 40 min, quiet machine
##        (writes benchmarks/results/telegram.{json,md}; ARGS="--users 10000 --repeat 1" is short)
bench: $(VENV)/.installed-test $(MO_FILES)
	$(BIN)/python -m benchmarks.telegram_throughput $(ARGS)

## test: every check CI runs — dialog validation, catalogs, lint, types, pytest
test: $(VENV)/.installed-test validate i18n-check lint typecheck pytest

## i18n: extract messages, update every language's catalog, compile them
i18n: i18n-extract i18n-update i18n-compile
	$(BIN)/spasmbot i18n-status

i18n-extract: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -o $(POT) -c TRANSLATORS: --sort-by-file \
		--project spasmbot --version "$$($(BIN)/python -c 'import bot; print(bot.__version__)')" \
		--copyright-holder "the spasmbot authors" .

i18n-update: $(VENV)/.installed
	$(PYBABEL) update -i $(POT) -d locales -D spasmbot --previous

i18n-compile: $(MO_FILES)

locales/%/LC_MESSAGES/spasmbot.mo: locales/%/LC_MESSAGES/spasmbot.po | $(VENV)/.installed
	$(PYBABEL) compile -i $< -o $@ --statistics

## i18n-check: fail when a catalog is out of date or a shipped language is incomplete
i18n-check: $(VENV)/.installed $(MO_FILES)
	$(BIN)/spasmbot i18n-status --check

## validate: the dialogs, their schemas, stories and generated docs (make test's first step)
validate: $(VENV)/.installed $(MO_FILES)
	$(BIN)/spasmbot validate
	$(BIN)/spasmbot schema --check
	$(BIN)/spasmbot test-dialogs
	$(BIN)/spasmbot dialog-docs --check
	$(BIN)/spasmbot clinical-rules --check

## lint: ruff check and ruff format --check over bot, tests and benchmarks
lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks

## typecheck: mypy (strict) over bot and benchmarks, as pyproject.toml sets it
typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

## pytest: the test suite alone (ARGS are not passed: run .venv/bin/pytest for a part)
pytest: $(VENV)/.installed-test $(MO_FILES)
	$(BIN)/pytest -q

## clean: remove the virtual environment and the tools' caches
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## help: list the targets meant to be typed, with what each does (the `##` lines here)
help:
	@sed -n 's/^## \{0,1\}//p' $(firstword $(MAKEFILE_LIST))
