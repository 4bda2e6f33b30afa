# Two entry points do all set-up on a fresh Debian/Ubuntu machine:
#   make demo   - install the engine, run the main job on the synthetic city, write styled outputs + a map
#   make test   - install the engine and QGIS, lint, then run every test (engine, plugin, Processing)
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends
OUT ?= out
export QT_QPA_PLATFORM := offscreen
export MPLBACKEND := Agg

.PHONY: help demo test lint test-engine test-plugin system-deps qgis benchmark clean install-plugin zip
.DEFAULT_GOAL := help

help:
	@echo "make demo            install the engine in .venv, run the main job on the synthetic city (OUT=$(OUT))"
	@echo "make test            install the engine and QGIS 3.22 (apt), lint, run every test (what CI runs)"
	@echo "make lint            ruff check, ruff format --check, vermin (the plugin for Python 3.9)"
	@echo "make test-engine     engine tests"
	@echo "make test-plugin     plugin and Processing tests inside QGIS (installs QGIS if missing)"
	@echo "make benchmark       ingestion speed and memory (mtgrr benchmark ingest)"
	@echo "make install-plugin  link this folder into QGIS_PROFILE=$(QGIS_PROFILE) as python/plugins/mtgrr_qgis"
	@echo "make zip             the committed plugin as $(DIST)/mtgrr_qgis.zip (Plugins > Install from ZIP)"
	@echo "make clean           remove .venv, $(OUT) and artifacts"

# python3-venv/pip from Debian so that the venv can see Debian's PyQGIS (--system-site-packages).
system-deps:
	@/usr/bin/python3 -c "import ensurepip, venv" 2>/dev/null || { $(SUDO) apt-get update -qq && $(APT) python3-venv python3-pip python3-dev; }

# QGIS 3.22 LTR (Debian 12) with PyQGIS and qgis_process; skipped when already installed.
qgis: system-deps
	@/usr/bin/python3 -c "import qgis.core" 2>/dev/null && command -v qgis_process.bin >/dev/null && command -v xvfb-run >/dev/null \
	  || { $(SUDO) apt-get update -qq && $(APT) qgis python3-qgis qgis-providers xvfb xauth; }

$(STAMP): engine/requirements.txt engine/requirements-dev.txt engine/pyproject.toml | system-deps
	/usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r engine/requirements-dev.txt
	$(VENV)/bin/pip install -q --no-deps -e engine
	touch $@

demo: $(STAMP)
	$(PY) -m mtgrr demo --out $(OUT)/demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/vermin --no-tips --quiet --target=3.9- --violations plugin __init__.py  # QGIS's Python

# Engine tests run without the QGIS pytest plugin; plugin and Processing tests run inside a real QGIS.
test-engine: $(STAMP)
	$(PY) -m pytest tests/engine -p no:pytest_qgis

test-plugin: $(STAMP) qgis
	$(PY) -m pytest tests/plugin tests/processing

test: qgis lint test-engine test-plugin

benchmark: $(STAMP)
	$(PY) -m mtgrr benchmark ingest

# Link this folder into the user's QGIS profile as the plugin "mtgrr_qgis" (then enable it in QGIS).
QGIS_PROFILE ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default
install-plugin:
	mkdir -p "$(QGIS_PROFILE)/python/plugins"
	ln -sfn "$(CURDIR)" "$(QGIS_PROFILE)/python/plugins/mtgrr_qgis"

# The plugin as QGIS installs it from a ZIP: the committed files (HEAD) under mtgrr_qgis/, without the tests,
# CI and build files. The engine's sources go with it: "Install engine…" builds the environment from them.
DIST ?= dist
zip:
	mkdir -p "$(DIST)"
	git archive --format=zip --prefix=mtgrr_qgis/ -o "$(DIST)/mtgrr_qgis.zip" HEAD \
		metadata.txt __init__.py README.md plugin engine resources i18n

clean:
	rm -rf $(VENV) $(OUT) artifacts
