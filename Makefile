# spasmbot — everything a fresh machine with python3 and make needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=
# Settings for `make bot` / `make webhook` (see deploy/spasmbot.env.example).
ENV_FILE ?= spasmbot.env
LOAD_ENV = set -a; if [ -f "$(ENV_FILE)" ]; then . "./$(ENV_FILE)"; fi; set +a

.PHONY: chat bot webhook bench test validate lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

## chat: hold the consultation in the terminal (ARGS="--lang en --db FILE")
chat: $(VENV)/.installed
	@$(BIN)/spasmbot chat $(ARGS)

## bot: run the Telegram bot with long polling (needs TELEGRAM_BOT_TOKEN; see README)
bot: $(VENV)/.installed
	@$(LOAD_ENV); $(BIN)/spasmbot run

## webhook: run the Telegram bot behind a webhook (see README)
webhook: $(VENV)/.installed
	@$(LOAD_ENV); $(BIN)/spasmbot webhook

## bench: throughput benchmark (writes benchmarks/results/telegram.{json,md})
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.telegram_throughput $(ARGS)

## test: every check CI runs — dialog validation, lint, types, pytest
test: $(VENV)/.installed-test validate lint typecheck pytest

validate: $(VENV)/.installed
	$(BIN)/spasmbot validate

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
