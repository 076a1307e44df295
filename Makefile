# Two commands matter: `make run` (the demo site) and `make test` (every test).
# Everything else here is what those two need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install translations migrate demo chromium calendar-client lint check clean messages mutants

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

translations: $(STAMP)
	$(PY) manage.py compile_translations

migrate: install translations
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The site on SQLite with the task worker and the periodic-job scheduler beside it. Links in
# e-mails point at the port it runs on. With REDIS_URL set the tasks go to RQ: its worker runs.
run: export BASE_URL ?= http://127.0.0.1:$(PORT)
run: WORKER = $(if $(REDIS_URL),rqworker --job-class django_tasks_rq.Job default,db_worker)
run: demo fonts
	@echo ""
	@echo "  Gnesta kommun:      http://127.0.0.1:$(PORT)/             admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "  Sollentuna kommun:  http://sollentuna.localhost:$(PORT)/  admin: http://sollentuna.localhost:$(PORT)/admin/"
	@echo ""
	@echo "  Logins: e-mail, password, and for staff then the code the command shows:"
	@$(PY) manage.py load_demo --print-logins
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py $(WORKER) & \
	  $(PY) manage.py run_periodic --every 60 & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Chromium for the browser tests: Debian's package, installed when missing and we may. Without
# it a local `make test` skips the browser tests (and says so); under CI (CI=true) it stops here.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || true; \
	  fi; \
	  command -v chromium >/dev/null 2>&1 || { \
	    if [ "$$CI" = true ]; then \
	      echo "CI: Chromium is missing and could not be installed; the browser tests cannot run." >&2; \
	      exit 1; \
	    fi; \
	    echo "*** Chromium is missing and cannot be installed here: the browser tests will be SKIPPED. ***"; \
	  }; }

# axe-core for the accessibility scan in the browser tests (npm registry; npm from Debian when
# missing and we may). Without it a local run skips the scans (and says so); CI stops here.
AXE := var/axe/node_modules/axe-core/axe.min.js
$(AXE):
	@mkdir -p var/axe
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null) \
	      || true; \
	  fi; }
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix var/axe axe-core@4.14.1 || true; \
	fi
	@test -f $(AXE) || { \
	  if [ "$$CI" = true ]; then \
	    echo "CI: axe-core could not be installed; the accessibility scans cannot run." >&2; \
	    exit 1; \
	  fi; \
	  echo "*** axe-core could not be installed: the accessibility scans will be SKIPPED. ***"; }

# khal, a real calendar client (Debian's package): the tests import our invites into it and read
# back what a parent's calendar shows. Without it a local run skips that test; CI fails it.
calendar-client:
	@command -v khal >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq khal >/dev/null) \
	      || echo "Could not install khal; the calendar client test will be skipped."; \
	  else echo "khal is missing and cannot be installed here; the calendar client test will be skipped."; fi; }

# The suite runs on every core (pytest-xdist). Each worker takes the tests in the order
# pytest-django gives them (those in a test transaction first, then those that commit and empty
# the tables), as one process would; the packaging tests (one built wheel) stay together.
TEST_WORKERS ?= auto
test: install translations chromium fonts calendar-client $(AXE)
	mkdir -p var
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Mutation testing (by hand, not in CI; docs/mutation-testing.md): mutmut changes the booking rules, retention,
# permissions and the outbox one small edit at a time ([tool.mutmut] in pyproject.toml) and
# runs the tests that reach each change; a mutant that no test notices survives and is listed.
# It runs in a copy of the checkout (var/mutation) on PostgreSQL, where the race tests run, in
# the database test_$(MUTANTS_DB) (made afresh at the start, then kept between the mutants).
# `make mutants MUTANTS="bookings.services.locking*"` runs a subset; results stay for the next run.
# `MUTANTS_FROM=HEAD` (or another commit) copies that commit instead of the working tree, e.g.
# while others have unfinished work in the checkout (its catalogues are compiled there).
MUTATION := var/mutation
MUTANTS_DB ?= mutants
MUTANTS_PG ?= postgres://postgres@127.0.0.1:5432
MUTANTS ?=
MUTANTS_FROM ?=
MUTATION_SOURCE := $(if $(MUTANTS_FROM),var/mutation-source/,./)
mutants: install translations
	mkdir -p $(MUTATION)/mutants
	$(if $(MUTANTS_FROM),rm -rf $(MUTATION_SOURCE) && mkdir -p $(MUTATION_SOURCE) \
	  && git archive $(MUTANTS_FROM) | tar -x -m -C $(MUTATION_SOURCE) \
	  && ln -s site $(MUTATION_SOURCE)parentsite \
	  && cd $(MUTATION_SOURCE) && $(CURDIR)/$(PY) manage.py compile_translations)
	rsync -a --delete --exclude .git --exclude .venv --exclude var --exclude mutants \
	  --exclude '__pycache__' $(MUTATION_SOURCE) $(MUTATION)/
	ln -sfn site $(MUTATION)/parentsite  # site/ is mutated as parentsite (see pyproject.toml)
	test ! -L $(MUTATION)/mutants/parentsite || rm $(MUTATION)/mutants/parentsite
	# mutmut copies into mutants/ but never deletes there: a test or module gone from the copy
	# would still be collected or imported. Tests and the other copies are made afresh.
	cd $(MUTATION)/mutants && rm -rf tests programs templates static locale \
	  && { find bookings parentsite -name '*.py' 2>/dev/null || true; } \
	  | while read -r file; do test -e "../$$file" || rm "$$file"; done
	# Which tests reach which function is collected afresh: mutmut keeps its old map otherwise
	# and reports a function added since then as reached by no test.
	rm -f $(MUTATION)/mutants/mutmut-stats.json
	# Each pytest session in mutmut's process (stats, clean run, forced failure, the mutants)
	# prefixes the name once more (test_test_..._mutants): all of them are made afresh.
	psql -h 127.0.0.1 -U postgres -Atc "SELECT datname FROM pg_database \
	  WHERE datname ~ '^(test_)+$(MUTANTS_DB)$$'" | xargs -rn1 dropdb -h 127.0.0.1 -U postgres
	cd $(MUTATION) && DATABASE_URL=$(MUTANTS_PG)/$(MUTANTS_DB) \
	  $(CURDIR)/$(BIN)/mutmut run --max-children 1 $(MUTANTS)
	cd $(MUTATION) && $(CURDIR)/$(BIN)/mutmut results

lint: install
	$(BIN)/ruff check .
	$(BIN)/djhtml --check templates

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var db.sqlite3

# Fonts for the printed lists' PDFs, so that names print with every character a parent can type:
# DejaVu covers Latin, Arabic and Cyrillic; Noto adds the scripts and emoji it lacks (a Tigrinya
# name in Ethiopic, a Chinese, Japanese or Korean name, a flower in a name). Debian's packages,
# installed when missing and we may.
.PHONY: fonts
PRINT_FONTS := fonts-noto-core fonts-noto-color-emoji fonts-noto-cjk
fonts:
	@{ fc-list 2>/dev/null | grep -q NotoColorEmoji && fc-list | grep -q NotoSansEthiopic \
	  && fc-list | grep -q NotoSansCJK; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PRINT_FONTS) >/dev/null) \
	      || echo "Could not install $(PRINT_FONTS): names with emoji, Ethiopic or CJK (Chinese, Japanese, Korean) letters print as empty boxes."; \
	  else echo "Install $(PRINT_FONTS) (Debian) so that names with emoji, Ethiopic or CJK (Chinese, Japanese, Korean) letters print in PDFs."; fi; }

# Update every catalogue in locale/ from the source (Swedish and the other languages of
# site/settings/languages.py; developers only; needs GNU gettext).
messages: install
	$(PY) manage.py makemessages $(patsubst locale/%/,-l %,$(wildcard locale/*/)) \
	  --ignore=.venv --ignore=var --ignore=tests --ignore=bench
