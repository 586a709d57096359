# The two commands: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
export PORT
# Written into certificates; follows the port make run serves on unless set.
PLATFORM_BASE_URL ?= http://127.0.0.1:$(PORT)
export PLATFORM_BASE_URL

.PHONY: run serve test install messages setup demo lint format bench services clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Compile the message catalogues with Babel (pure Python: no system gettext needed).
messages: install
	$(BIN)/pybabel compile --directory locale --domain django --statistics

setup: messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_skill_standard
	$(MANAGE) load_exams
	$(MANAGE) load_consortia
	$(MANAGE) setup_reports
	$(MANAGE) add_credential_status

demo: setup
	$(MANAGE) seed_demo

# Ctrl-C at a terminal: bash's job control (-m) makes honcho the terminal's foreground job, so the
# interrupt reaches honcho alone, which stops web, worker and beat (platform/Procfile says how), and
# make, never interrupted, exits 0. honcho's status after an interrupt (130) is a clean stop; any
# other status (a process that failed on its own) is make's too. Without a terminal (CI, a script)
# honcho runs as a plain child.
# honcho through scripts/honcho_start.py, which gives the processes 30 s to stop instead of 5.
HONCHO_START = "$(BIN)/python" scripts/honcho_start.py --procfile platform/Procfile --app-root . start --port $(PORT)

run: demo
	@$(MAKE) --no-print-directory serve

# The three processes alone, on a database that is already set up (make run sets it up first).
serve:
	@echo ""
	@echo "Digital Skills Platform: http://127.0.0.1:$(PORT)/"
	@echo "  Admin:   http://127.0.0.1:$(PORT)/admin/   (admin / admin-demo-2026; kyushu-admin / consortium-demo-2026, on the portal kyushu-admin@example.jp)"
	@echo "  Learner: http://127.0.0.1:$(PORT)/accounts/login/   (learner3@example.jp / learner-demo-2026)"
	@echo "  Reports: http://127.0.0.1:$(PORT)/reports/   (ministry@example.jp / ministry-demo-2026)"
	@echo "  API:     http://127.0.0.1:$(PORT)/api/docs/"
	@echo "  Health:  http://127.0.0.1:$(PORT)/healthz"
	@echo "Web, Celery worker and Celery beat run in the foreground; Ctrl-C stops all three."
	@echo ""
	@if [ -t 0 ]; then jobs=-m; else jobs=+m; fi; \
	PATH="$(CURDIR)/$(BIN):$$PATH" bash $$jobs -c '$(HONCHO_START); status=$$?; [ $$status -eq 130 ] && exit 0; exit $$status'

# The suite with its coverage of the apps (the figure is the TOTAL line; files at 100 % are left out).
test: messages
	$(BIN)/pytest --cov --cov-report=term:skip-covered

# National-scale benchmark on PostgreSQL (BENCH_DATABASE_URL, or DATABASE_URL's server + "_bench").
# Sizes: make bench BENCH_ARGS="--learners 230000 --enrolments 1000000" BENCH_UPLOADS_ARGS="--rows 100000"
# (BENCH_XAPI_ARGS likewise).
bench: messages
	scripts/bench.sh $(BENCH_ARGS)

# Every pre-commit hook over the whole tree: ruff, django-upgrade, djlint, mypy, import-linter.
lint: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pre-commit run --all-files --show-diff-on-failure

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var
