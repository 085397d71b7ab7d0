# Two commands matter (see README): `make run` and `make test`. Both install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs in parallel (pytest-xdist), one worker per core; PYTEST_WORKERS=0 runs it in one process.
# "worksteal": an idle worker takes tests queued on a busy one, so the long browser tests at the end of a
# file do not leave the other core idle. The 25 slowest tests are listed to keep CI time in view.
PYTEST_WORKERS ?= auto
export DJANGO_SETTINGS_MODULE := trienkhai.settings

.PHONY: run test bench deploy-check lint typecheck format system-packages run-packages messages clean screenshots lock

# Installs exactly the versions in requirements.lock (every package pinned with its hashes), then the app
# itself without dependencies, so two installs a month apart are the same. `make lock` refreshes the lock.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# After changing the dependencies in pyproject.toml (or to take newer versions within its ranges): pip-tools
# in a scratch virtualenv writes requirements.lock again; review its diff, run `make test`, commit both.
lock:
	test -x build/piptools/bin/pip-compile || { $(PY) -m venv build/piptools && build/piptools/bin/pip install -q pip-tools; }
	build/piptools/bin/pip-compile -q --upgrade --extra test --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

system-packages:
	bash scripts/system-packages.sh test

run-packages:
	bash scripts/system-packages.sh run

run: $(STAMP) run-packages
	# scripts/local-env.sh: DEBUG off (the app's own pages), SITE_URL and ALLOWED_HOSTS from HOST and PORT,
	# a local SECRET_KEY made once. Reminders: daily 07:00 on the db worker (cron: trienkhai send_reminders);
	# each queue's worker beats every minute (what /readyz reads).
	# Two workers: "default" for short jobs, "slow" for reading documents (OCR), so that an import or a
	# reminder never waits behind a long scan. SIGTERM stops each cleanly (a running OCR is ended).
	HOST=$(HOST); PORT=$(PORT); . scripts/local-env.sh; \
	$(BIN)/trienkhai migrate --noinput && \
	$(BIN)/trienkhai collectstatic --noinput -v 0 && \
	$(BIN)/trienkhai demo && \
	$(BIN)/trienkhai schedule_reminders && \
	$(BIN)/trienkhai schedule_heartbeats && \
	echo "Triển khai: $$SITE_URL/ (DEBUG=$$DEBUG)" && \
	{ $(BIN)/trienkhai db_worker --queue-name default & WORKER=$$!; \
	$(BIN)/trienkhai db_worker --queue-name slow & SLOW=$$!; \
	trap "kill $$WORKER $$SLOW 2>/dev/null" EXIT INT TERM; \
	$(BIN)/trienkhai runserver --noreload $(HOST):$(PORT); }

test: $(STAMP) system-packages
	$(BIN)/ruff check trienkhai tests
	$(BIN)/mypy
	$(BIN)/trienkhai collectstatic --noinput -v 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

# The README's pictures. Tests write screenshots only to the ignored build/screenshots/; this runs the
# browser tests, renders the seed per Decree 30 and copies the pictures the README shows to docs/screenshots/.
README_SHOTS := reports-home-todo unit-as-of-2024 documents-review-desktop plan-27-desktop plan-board-desktop \
	reports-board-desktop tree-phone-2024 reports-form-phone render-seed-page1 documents-registry-chain \
	inspections-visit-desktop evaluations-moderation-desktop evaluations-ranking-phone awards-certificate-desktop
screenshots: $(STAMP) system-packages
	$(BIN)/trienkhai collectstatic --noinput -v 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -p no:cacheprovider -q -m browser $(PYTEST_ARGS)
	$(BIN)/trienkhai render trienkhai/documents/data/seed-27-KH-LDLD.txt -o build/screenshots/render-seed.pdf
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile build/screenshots/render-seed.pdf build/screenshots/render-seed-page1
	cp $(foreach n,$(README_SHOTS),build/screenshots/$(n).png) docs/screenshots/

bench: $(STAMP)
	$(BIN)/python -m bench

# The production stack on this machine, on loopback (PostgreSQL, gunicorn with DEBUG off, the task workers,
# nginx with deploy/nginx/trienkhai.conf and a self-signed certificate), checked from outside; see
# docs/deploy.md. Needs nginx, openssl, curl and PostgreSQL's server (scripts/system-packages.sh deploy).
deploy-check: $(STAMP)
	bash scripts/system-packages.sh deploy
	BIN=$(abspath $(BIN)) bash deploy/check.sh

lint: $(STAMP)
	$(BIN)/ruff check trienkhai tests
	$(BIN)/ruff format --check trienkhai tests

# mypy over the whole of trienkhai/ (mypy.ini: lib, workflows and doors strictly); `make test` runs it too
typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format trienkhai tests
	$(BIN)/ruff check --fix trienkhai tests

# English catalog: refresh trienkhai/locale/en/LC_MESSAGES/django.po, translate what is new, then compile
# (commit both .po and .mo: the app runs without gettext installed).
messages: $(STAMP)
	cd trienkhai && ../$(BIN)/trienkhai makemessages -l en --ignore "*/migrations/*" --no-obsolete
	cd trienkhai && ../$(BIN)/trienkhai compilemessages -l en

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
