# finkg: the two Quickstart commands are `make demo` and `make test`; both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpus
STORE ?= .finkg/store
OUT ?= build
BENCH_DOCS ?= 100,1000

SOURCES := pyproject.toml $(wildcard src/finkg/*.py loaders/*.py ontology/*.ttl ontology/*.jsonld shapes/*.ttl queries/*.rq queries/*/*.rq)

.PHONY: demo test lint typecheck bench clean setup docs

setup: $(STAMP)

# strict editable mode lets mypy see the mapped finkg.loaders package; it links files at install
# time, so the install is refreshed whenever a packaged file is added or changed.
$(STAMP): $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]' --config-settings editable_mode=strict
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/finkg build $(CORPUS) --store $(STORE) --report $(OUT)/build-report.json
	$(BIN)/finkg validate --store $(STORE)
	$(BIN)/finkg facts --format csv --store $(STORE) -o $(OUT)/facts.csv
	$(BIN)/finkg export --format trig --store $(STORE) -o $(OUT)/finkg.trig
	$(BIN)/finkg report --store $(STORE) -o $(OUT)/report --documents $(CORPUS)
	$(BIN)/finkg graph draw ownership --store $(STORE) -o $(OUT)/ownership.svg
	$(BIN)/finkg stats --store $(STORE)
	@echo
	@echo "store:   $(STORE)"
	@echo "facts:   $(OUT)/facts.csv"
	@echo "export:  $(OUT)/finkg.trig"
	@echo "report:  $(OUT)/report/index.html (key metrics, charts, ownership; numbers link to source lines)"
	@echo "picture: $(OUT)/ownership.svg"
	@echo "build:   $(OUT)/build-report.json (per document, and every number that produced no observation, with its reason)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m finkg.bench --docs $(BENCH_DOCS) --out $(OUT)/bench.json

# HTML documentation of every ontology module (pyLODE: in the dev and docs dependencies)
docs: $(STAMP)
	$(BIN)/python -m finkg.ontology_docs $(OUT)/docs

clean:
	rm -rf $(VENV) $(OUT) .finkg dist *.egg-info
