# Two commands set everything up on a fresh machine:
#   make run    the bot (console chat + ./data/intake.sqlite without TELEGRAM_BOT_TOKEN)
#   make test   installs what the tests need, then runs them
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench drill catalogs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,rights]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/intake-bot run

test: $(STAMP)
	scripts/ensure_postgres.sh
	scripts/ensure_chromium.sh
	$(BIN)/python -m pytest

# Figures, not tests: each line is the median of several runs, printed with its spread.
bench: $(STAMP)
	$(BIN)/python -m bench

# Faults, checked end to end: kill -9 at random moments, fuzzed updates, a full or read-only disk.
# Prints what was injected and what was lost (must be nothing). tests/test_drills.py runs --quick.
drill: $(STAMP)
	$(BIN)/python -m drills

# Catalogs: extract every string (code + flows) to locale/intake_bot.pot, create or update the
# catalog of each language, compile them. Translators edit locale/<code>/LC_MESSAGES/intake_bot.po.
LOCALES := en ar fa_AF ps ti so uk ru ka sq tr es pt ro bn
POT := locale/intake_bot.pot

catalogs: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml --no-default-keywords -k N_:1c,2 -k NP_:1c,2,3 -k pgettext:1c,2 \
		--sort-by-file --no-wrap --omit-header --project intake-bot -o $(POT) .
	for locale in $(LOCALES); do \
		if [ -f locale/$$locale/LC_MESSAGES/intake_bot.po ]; then \
			$(BIN)/pybabel -q update --no-wrap --no-fuzzy-matching --ignore-obsolete -D intake_bot -i $(POT) -d locale -l $$locale; \
		else \
			$(BIN)/pybabel -q init --no-wrap -D intake_bot -i $(POT) -d locale -l $$locale; \
		fi; \
	done
	$(BIN)/pybabel compile -D intake_bot -d locale --statistics

clean:
	rm -rf $(VENV) build *.egg-info
