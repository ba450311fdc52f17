# Telka: two commands for a newcomer — `make run` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
MANAGE  := $(PY) manage.py
HOST    ?= 127.0.0.1
PORT    ?= 8000
# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n 0 path" runs a part in one process.
PYTEST_ARGS ?= -n auto

.PHONY: run dev test install messages messages-check compilemessages migrate demo serve bench lint check clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@python=$$(sh scripts/find-python.sh) || exit 1; \
	echo "==> Python: $$python"; \
	if [ ! -x $(PY) ]; then echo "==> Creating $(VENV)"; $$python -m venv $(VENV) || exit 1; fi
	@echo "==> Installing Python packages (about 15 s on a fresh machine)"
	@$(PY) -m pip install --disable-pip-version-check --progress-bar on -q -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $@

compilemessages: install
	@echo "==> Compiling translations"
	@$(PY) scripts/msgfmt.py

migrate: install compilemessages
	@mkdir -p var/static var/media
	@echo "==> Migrating the database"
	@$(MANAGE) migrate --no-input -v 0

# Links in e-mails and the printed log-in address follow HOST and PORT unless SITE_URL is set.
demo run dev: export SITE_URL ?= http://$(HOST):$(PORT)
# The demo seals receipts and notices with a TEST-ONLY seal made by load_demo under
# var/demo-pki/ (telka/signatures/demo_pki.py); never use it outside the demo.
demo run dev: export TELKA_SEAL_PKCS12 ?= $(CURDIR)/var/demo-pki/seal.p12
demo run dev: export TELKA_SEAL_PASSPHRASE ?= demo-test-only
# Each demo LAG on its own host name and the network's site on another; *.localhost
# reaches this machine without editing system files (127.0.0.1 serves the default LAG).
demo run dev: export TELKA_NETWORK_HOST ?= tinklas.localhost

demo: migrate
	@echo "==> Loading the demo LAGs (Aleksotas, Pamarys)"
	@$(MANAGE) load_demo

# The demo as visitors see it: DEBUG off (friendly error pages); whitenoise serves the
# static files from the source folders (production collects them instead).
run: demo
	@DEBUG=false TELKA_STATIC_FROM_SOURCE=true sh scripts/serve.sh $(PY) $(HOST) $(PORT)

# For developing Telka: Django's debug pages and static files straight from the source.
dev: demo
	@DEBUG=true sh scripts/serve.sh $(PY) $(HOST) $(PORT)

test: install compilemessages
	@echo "==> Running the test suite ($${DATABASE_URL:-SQLite})"
	@$(PY) -m pytest $(PYTEST_ARGS)

bench: install compilemessages
	@$(PY) bench/run.py $(BENCH_ARGS)

messages: install
	@$(MANAGE) makemessages -l lt -l en --no-obsolete --no-location --no-wrap --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' -v 0
	@find . -name django.po -not -path './.venv/*' -exec sed -i '/^"POT-Creation-Date:/d' {} +
	@$(PY) scripts/msgfmt.py

# Fails when a marked string is missing from the committed catalogues.
messages-check: install
	@$(MAKE) -s messages >/dev/null
	@git diff --exit-code --stat -- '*.po' || (echo "Translations are out of date: run 'make messages', translate, commit." && exit 1)

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check -q .

check: install compilemessages
	@$(MANAGE) check

clean:
	rm -rf $(VENV) var
